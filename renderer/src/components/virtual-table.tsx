import { useEffect, useRef, type ReactNode } from 'react';
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';

export interface Column<T> {
  key: string;
  header: string;
  /** CSS grid track, e.g. "140px" or "1fr". */
  width?: string;
  align?: 'left' | 'right';
  render: (row: T, index: number) => ReactNode;
}

export interface VirtualTableProps<T> {
  columns: Column<T>[];
  rowCount: number;
  /** The row at an index, or undefined while its page loads. */
  getRow: (index: number) => T | undefined;
  /** Told which rows are on screen, so the caller can fetch their pages. */
  onRangeChange?: (start: number, end: number) => void;
  rowKey: (row: T, index: number) => string;
  onRowClick?: (row: T, index: number) => void;
  selectedKey?: string | null;
  rowHeight?: number;
  height?: number;
  label: string;
  testId?: string;
  emptyText?: string;
}

/**
 * A table that renders only the rows on screen (@tanstack/react-virtual), so 10,000+ rows stay
 * smooth; rows arrive page by page from the service (see usePagedRows).
 */
export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const {
    columns,
    rowCount,
    getRow,
    onRangeChange,
    rowKey,
    onRowClick,
    selectedKey,
    rowHeight = 30,
    height = 460,
    label,
    testId,
    emptyText,
  } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    initialRect: { width: 960, height },
    // Without layout (jsdom, a hidden tab) the body measures 0×0: assume its CSS height, so the
    // first screenful still renders; a real layout's measurement wins as soon as there is one.
    observeElementRect: (instance, cb) =>
      observeElementRect(instance, (rect) => cb(rect.width === 0 && rect.height === 0 ? { width: 960, height } : rect)),
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (last >= first) onRangeChange?.(first, last);
  }, [first, last, onRangeChange]);
  const grid = columns.map((c) => c.width ?? '1fr').join(' ');
  return (
    <div className="vtable" role="table" aria-label={label} aria-rowcount={rowCount} data-testid={testId}>
      <div className="vtable-head" role="row" style={{ gridTemplateColumns: grid }}>
        {columns.map((c) => (
          <div key={c.key} role="columnheader" className={c.align === 'right' ? 'num' : undefined}>
            {c.header}
          </div>
        ))}
      </div>
      <div className="vtable-body" ref={scrollRef} style={{ height }}>
        {rowCount === 0 ? (
          <div className="vtable-empty">{emptyText ?? 'No rows.'}</div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((vi) => {
              const row = getRow(vi.index);
              const key = row ? rowKey(row, vi.index) : `loading-${vi.index}`;
              const selected =
                row !== undefined && selectedKey !== undefined && selectedKey !== null && key === selectedKey;
              return (
                <div
                  key={key}
                  role="row"
                  aria-rowindex={vi.index + 1}
                  aria-selected={selected || undefined}
                  className={`vtable-row${selected ? ' selected' : ''}${onRowClick && row ? ' clickable' : ''}`}
                  style={{ gridTemplateColumns: grid, height: rowHeight, transform: `translateY(${vi.start}px)` }}
                  onClick={row && onRowClick ? () => onRowClick(row, vi.index) : undefined}
                >
                  {row ? (
                    columns.map((c) => (
                      <div key={c.key} role="cell" className={c.align === 'right' ? 'num' : undefined}>
                        {c.render(row, vi.index)}
                      </div>
                    ))
                  ) : (
                    <div role="cell" className="loading-cell">
                      Loading…
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
