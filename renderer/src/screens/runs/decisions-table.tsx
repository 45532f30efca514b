import { useCallback, useState } from 'react';
import type { DecisionLogRow } from '../../../../engine/store/decision-log.ts';
import { useWorkbench } from '../../store/store.ts';
import { VirtualTable, type Column } from '../../components/virtual-table.tsx';
import { usePagedRows } from '../../components/use-paged-rows.ts';
import { useDebounced } from '../../components/use-debounced.ts';
import { Badge, FaultBox, Panel } from '../../components/ui.tsx';
import { fmtInt } from '../../components/format.ts';

const TONE = { decision: 'good', fallback: 'warn', none: 'neutral', error: 'bad' } as const;
type OutcomeFilter = '' | 'decision' | 'fallback' | 'none' | 'error';

const COLUMNS: Column<DecisionLogRow>[] = [
  { key: 'seq', header: '#', width: '70px', align: 'right', render: (r) => fmtInt(r.seq + 1) },
  {
    key: 'individual',
    header: 'Individual',
    width: '120px',
    render: (r) => <span className="mono">{r.individualId}</span>,
  },
  { key: 'point', header: 'Point', width: '1.2fr', render: (r) => r.point },
  {
    key: 'outcome',
    header: 'Outcome',
    width: '90px',
    render: (r) => <Badge tone={TONE[r.outcome]}>{r.outcome}</Badge>,
  },
  {
    key: 'decision',
    header: 'Decision',
    width: '1.4fr',
    render: (r) => r.decision ?? <span className="muted">—</span>,
  },
  {
    key: 'variant',
    header: 'Variant',
    width: '0.9fr',
    render: (r) => (r.variant ? `${r.variant}${r.control ? ' (control)' : ''}` : ''),
  },
  {
    key: 'items',
    header: 'Items',
    width: '60px',
    align: 'right',
    render: (r) => (r.itemIds.length > 0 ? r.itemIds.length : ''),
  },
  { key: 'credits', header: 'Credits', width: '64px', align: 'right', render: (r) => r.credits },
  {
    key: 'error',
    header: 'Error',
    width: '1fr',
    render: (r) => (r.errorCode ? <span title={r.errorMessage ?? ''}>{r.errorCode}</span> : ''),
  },
];

/** The run's decision log, one row per individual × point, paged from the service and virtualized. */
export function DecisionsTable({ runId, points }: { runId: number; points: string[] }) {
  const call = useWorkbench((s) => s.call);
  const openTrace = useWorkbench((s) => s.openTrace);
  const navigate = useWorkbench((s) => s.navigate);
  const [point, setPoint] = useState('');
  const [outcome, setOutcome] = useState<OutcomeFilter>('');
  const [search, setSearch] = useState('');
  const individual = useDebounced(search.trim(), 250);
  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      call('runs.decisions', {
        runId,
        offset,
        limit,
        ...(point ? { point } : {}),
        ...(outcome ? { outcome } : {}),
        ...(individual ? { individual } : {}),
      }),
    [call, runId, point, outcome, individual],
  );
  const paged = usePagedRows<DecisionLogRow>(`${runId}|${point}|${outcome}|${individual}`, fetchPage, 500);
  return (
    <Panel
      title="Decisions per individual"
      testId="decisions-panel"
      actions={
        <>
          <select aria-label="Filter by point" value={point} onChange={(e) => setPoint(e.target.value)}>
            <option value="">all points</option>
            {points.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <select
            aria-label="Filter by outcome"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as OutcomeFilter)}
          >
            <option value="">all outcomes</option>
            <option value="decision">decision</option>
            <option value="fallback">fallback</option>
            <option value="none">none</option>
            <option value="error">error</option>
          </select>
          <input
            type="search"
            aria-label="Search individual"
            placeholder="individual id…"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <span className="muted" data-testid="decisions-total">
            {paged.total === null ? '…' : `${fmtInt(paged.total)} rows`}
          </span>
        </>
      }
    >
      <FaultBox fault={paged.error} />
      <p className="muted">
        Click a row to open the individual's decision trace (reproduced with the run's config, as-of time and data).
      </p>
      <VirtualTable
        label="Decision log"
        testId="decisions-table"
        columns={COLUMNS}
        rowCount={paged.total ?? 0}
        getRow={paged.getRow}
        onRangeChange={paged.ensureRange}
        rowKey={(r) => `${r.seq}`}
        onRowClick={(r) => {
          void openTrace({ runId, individualId: r.individualId });
          navigate('trace', { run: String(runId), individual: r.individualId });
        }}
        height={420}
        emptyText={paged.total === null ? 'Loading…' : 'No decision matches.'}
      />
    </Panel>
  );
}
