import { useCallback, useState } from 'react';
import type { Item } from '../../../../engine/model/item.ts';
import { useWorkbench } from '../../store/store.ts';
import { VirtualTable, type Column } from '../../components/virtual-table.tsx';
import { usePagedRows } from '../../components/use-paged-rows.ts';
import { useDebounced } from '../../components/use-debounced.ts';
import { Badge, FaultBox, Panel } from '../../components/ui.tsx';
import { fmtDate, fmtInt, fmtNum } from '../../components/format.ts';

const COLUMNS: Column<Item>[] = [
  { key: 'id', header: 'Id', width: '110px', render: (r) => <span className="mono">{r.id}</span> },
  { key: 'name', header: 'Name', width: '2fr', render: (r) => r.name },
  { key: 'category', header: 'Category', render: (r) => r.category },
  { key: 'brand', header: 'Brand', render: (r) => r.brand },
  { key: 'price', header: 'Price', width: '90px', align: 'right', render: (r) => fmtNum(r.price) },
  {
    key: 'inStock',
    header: 'Stock',
    width: '80px',
    render: (r) => (r.inStock ? <Badge tone="good">in stock</Badge> : <Badge tone="bad">out</Badge>),
  },
  { key: 'createdAt', header: 'Created', width: '100px', render: (r) => fmtDate(r.createdAt) },
];

/** Items of the item data graph, searched on the service, virtualized. */
export function ItemsTab() {
  const call = useWorkbench((s) => s.call);
  const dataSpace = useWorkbench((s) => s.dataSpace);
  const count = useWorkbench((s) => s.info?.dataSpaces.find((d) => d.apiName === s.dataSpace)?.items ?? 0);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const fetchPage = useCallback(
    (offset: number, limit: number) => call('items.list', { dataSpace, offset, limit, ...(q ? { search: q } : {}) }),
    [call, dataSpace, q],
  );
  const paged = usePagedRows<Item>(`${dataSpace}|${q}|${count}`, fetchPage, 500);
  return (
    <Panel
      title="Goods Product"
      actions={
        <>
          <input
            className="search"
            type="search"
            placeholder="Search id, name, category, brand…"
            aria-label="Search items"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <span className="muted" data-testid="items-total">
            {paged.total === null ? '…' : `${fmtInt(paged.total)} ${q ? 'matching' : 'in all'}`}
          </span>
        </>
      }
    >
      <FaultBox fault={paged.error} />
      <VirtualTable
        label="Items"
        testId="items-table"
        columns={COLUMNS}
        rowCount={paged.total ?? 0}
        getRow={paged.getRow}
        onRangeChange={paged.ensureRange}
        rowKey={(r) => r.id}
        height={560}
        emptyText={paged.total === null ? 'Loading…' : 'No items.'}
      />
    </Panel>
  );
}
