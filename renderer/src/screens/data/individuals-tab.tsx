import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Individual } from '../../../../engine/model/profile.ts';
import { useWorkbench } from '../../store/store.ts';
import { selectSpaceConfig } from '../../store/selectors.ts';
import { VirtualTable, type Column } from '../../components/virtual-table.tsx';
import { usePagedRows } from '../../components/use-paged-rows.ts';
import { useDebounced } from '../../components/use-debounced.ts';
import { FaultBox, Panel } from '../../components/ui.tsx';
import { fmtInt } from '../../components/format.ts';
import { ProfilePanel } from './profile-panel.tsx';

const PREFERRED = ['firstName', 'lastName', 'email', 'loyaltyTier', 'country'];

/** Individuals with server-side search and paging, and the selected one's profile graph. */
export function IndividualsTab() {
  const call = useWorkbench((s) => s.call);
  const dataSpace = useWorkbench((s) => s.dataSpace);
  const revision = useWorkbench((s) => s.info?.dataSpaces.find((d) => d.apiName === s.dataSpace)?.individuals ?? 0);
  const space = useWorkbench(selectSpaceConfig);
  const selected = useWorkbench((s) => s.selectedIndividual);
  const selectIndividual = useWorkbench((s) => s.selectIndividual);
  const route = useWorkbench((s) => s.route);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      call('individuals.list', { dataSpace, offset, limit, ...(q ? { search: q } : {}) }),
    [call, dataSpace, q],
  );
  const paged = usePagedRows<Individual>(`${dataSpace}|${q}|${revision}`, fetchPage);
  useEffect(() => {
    const fromRoute = route.params.individual;
    if (fromRoute && fromRoute !== selected) void selectIndividual(fromRoute);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- selects the route's individual when the route changes
  }, [route.params.individual]);
  const fields = useMemo(() => space?.profileDataGraphs[0]?.fields ?? [], [space]);
  const shown = useMemo(() => {
    const names = fields.map((f) => f.name);
    const pick = PREFERRED.filter((n) => names.includes(n));
    for (const n of names) if (pick.length < 5 && !pick.includes(n)) pick.push(n);
    return pick;
  }, [fields]);
  const columns: Column<Individual>[] = [
    { key: 'id', header: 'Id', width: '120px', render: (r) => <span className="mono">{r.id}</span> },
    ...shown.map((name) => ({
      key: name,
      header: fields.find((f) => f.name === name)?.label ?? name,
      render: (r: Individual) => String(r.attributes[name] ?? ''),
    })),
  ];
  return (
    <div className="grid main-side">
      <Panel
        title="Unified individuals"
        actions={
          <>
            <input
              className="search"
              type="search"
              placeholder="Search id, name, email…"
              aria-label="Search individuals"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
            <span className="muted" data-testid="individuals-total">
              {paged.total === null ? '…' : `${fmtInt(paged.total)} ${q ? 'matching' : 'in all'}`}
            </span>
          </>
        }
      >
        <FaultBox fault={paged.error} />
        <VirtualTable
          label="Individuals"
          testId="individuals-table"
          columns={columns}
          rowCount={paged.total ?? 0}
          getRow={paged.getRow}
          onRangeChange={paged.ensureRange}
          rowKey={(r) => r.id}
          selectedKey={selected}
          onRowClick={(r) => void selectIndividual(r.id)}
          height={520}
          emptyText={
            paged.total === null
              ? 'Loading…'
              : q
                ? `No individual matches "${q}".`
                : 'No individuals yet: import profiles.'
          }
        />
      </Panel>
      <ProfilePanel />
    </div>
  );
}
