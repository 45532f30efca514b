import { statSync } from 'node:fs';
import { ensureDataGraphRefresh } from '../engine/batch/refresh.ts';
import type { RefreshInfo } from '../engine/runtime/refresh-lookup.ts';
import { countSegmentAt } from '../engine/batch/segments.ts';
import { DAY_MS, parseIsoTime } from '../engine/model/time.ts';
import type { SpaceRuntime } from '../engine/runtime/space-runtime.ts';
import { WorkspaceSources } from '../engine/runtime/workspace-sources.ts';
import { openWorkspace, type WorkspaceStore } from '../engine/store/index.ts';
import { BENCH_NOW, benchWorkspace } from './bench-workspace.ts';
import { compare, figure, peakRssMb, report } from './harness.ts';

/**
 * `npm run bench refresh`: materializing data-graph refreshes (documents/s, bytes per document),
 * reading them back (decoded documents/s, whole scan and run-sized chunks), and counting segment
 * members (from the membership key vs. evaluating the rule over the documents). Sizes: 10,000 (the
 * sample) and 1,000,000; BENCH_REFRESH_SIZES=10000 runs the small one only.
 */
const GRAPH = 'Customer_Profile';
/** A watermark of its own (a week before the data's end), so that runs' refreshes are not disturbed; deleted after. */
const AS_OF_MS = parseIsoTime(BENCH_NOW)! - 7 * DAY_MS;
const CHUNK = 200;

const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const mb = (b: number): string => `${(b / 1048576).toFixed(1)} MiB`;

function runtimeOf(store: WorkspaceStore): SpaceRuntime {
  const rt = new WorkspaceSources(store).space('default');
  if (!rt.ok) throw new Error(rt.error.message);
  return rt.data;
}

async function materialize(
  store: WorkspaceStore,
  rt: SpaceRuntime,
): Promise<{ refresh: RefreshInfo; seconds: number }> {
  const t0 = performance.now();
  let last = 0;
  const r = await ensureDataGraphRefresh(store, rt, GRAPH, AS_OF_MS, {
    onProgress: (p) => {
      if (p.done - last >= 100_000 || p.done === p.total) {
        last = p.done;
        process.stderr.write(`\r  materializing ${fmt(p.done)} / ${fmt(p.total)}`);
      }
    },
  });
  process.stderr.write('\r\x1b[2K');
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return { refresh: r.data, seconds: (performance.now() - t0) / 1000 };
}

/** Removes the bench's own refresh at its watermark (left by an interrupted bench, or by the last round). */
function dropOwnRefreshes(store: WorkspaceStore, spaceId: number): void {
  for (const r of store.dataGraphs.listRefreshes(spaceId, { graph: GRAPH }))
    if (r.refreshedAtMs === AS_OF_MS) store.dataGraphs.deleteRefresh(r.id);
}

async function size(individuals: number): Promise<void> {
  const file = await benchWorkspace(individuals);
  const opened = openWorkspace(file);
  if (!opened.ok) throw new Error(opened.error.message);
  const store = opened.data;
  const rt = runtimeOf(store);
  dropOwnRefreshes(store, rt.spaceId);
  console.log(
    `\n## refresh — ${fmt(individuals)} individuals (${fmt(store.countEvents(rt.spaceId))} events; workspace ${mb(statSync(file).size)})`,
  );

  // 1. Materializing: the sample size a few rounds (medians); a million once.
  let refresh: RefreshInfo;
  if (individuals <= 100_000) {
    const rounds: number[] = [];
    let kept: RefreshInfo | undefined;
    for (let i = 0; i < 4; i++) {
      dropOwnRefreshes(store, rt.spaceId);
      const m = await materialize(store, rt);
      if (i > 0) rounds.push(m.seconds); // the first round warms up the JIT and the page cache
      kept = m.refresh;
    }
    refresh = kept!;
    const s = rounds.sort((a, b) => a - b)[1]!;
    figure('materialize', `${fmt(refresh.individuals / s)} documents/s (median ${s.toFixed(2)} s of 3 rounds)`);
  } else {
    const m = await materialize(store, rt);
    refresh = m.refresh;
    figure('materialize', `${fmt(refresh.individuals / m.seconds)} documents/s (${m.seconds.toFixed(1)} s, one round)`);
  }
  figure(
    'documents',
    `${fmt(refresh.individuals)}, ${mb(refresh.bytes)} encoded, ${(refresh.bytes / refresh.individuals).toFixed(0)} bytes per document; workspace file now ${mb(statSync(file).size)}`,
  );

  // 2. Reading back: every document in id order, and run-sized chunks of a segment's members.
  const members: string[] = [];
  for (
    let page = store.dataGraphs.segmentMemberIds(refresh.id, 'Active_Shoppers', { limit: 10_000 });
    page.length > 0;
    page = store.dataGraphs.segmentMemberIds(refresh.id, 'Active_Shoppers', { afterId: page.at(-1)!, limit: 10_000 })
  )
    members.push(...page);
  const rounds = individuals <= 100_000 ? 5 : 1;
  const reads = compare(
    [
      {
        name: 'scan (iterateDocuments)',
        run: () => {
          let n = 0;
          for (const d of store.dataGraphs.iterateDocuments(refresh.id))
            n += d.data.engagement.browse.length >= 0 ? 1 : 0;
          return n;
        },
      },
      {
        name: `chunks of ${CHUNK} (readDocuments)`,
        run: () => {
          let n = 0;
          for (let i = 0; i < members.length; i += CHUNK)
            n += store.dataGraphs.readDocuments(refresh.id, members.slice(i, i + CHUNK)).length;
          return n;
        },
      },
    ],
    rounds,
  );
  report('read decoded documents', reads, 'documents/s');

  // 3. Segment counts: from the membership key, vs. the rule over every document at another time.
  const later = AS_OF_MS + 3 * DAY_MS;
  const counts = compare(
    [
      {
        name: 'count from membership key',
        run: () => (store.dataGraphs.countSegmentMembers(refresh.id, 'Active_Shoppers') >= 0 ? 1 : 1),
      },
      {
        name: 'rule over documents (3 days later)',
        run: () => {
          const r = countSegmentAt(store, rt, refresh, 'Active_Shoppers', later);
          if (!r.ok) throw new Error(r.error.message);
          return 1;
        },
      },
    ],
    individuals <= 100_000 ? 5 : 1,
  );
  report('count Active_Shoppers members', counts, 'counts/s');
  figure(
    'members',
    `Active_Shoppers ${fmt(refresh.segmentCounts.Active_Shoppers ?? 0)}, Loyalty_Members ${fmt(refresh.segmentCounts.Loyalty_Members ?? 0)}`,
  );
  figure('peak RSS', `${peakRssMb().toFixed(0)} MB`);
  dropOwnRefreshes(store, rt.spaceId);
  store.close();
}

export async function run(): Promise<void> {
  const sizes = (process.env.BENCH_REFRESH_SIZES ?? '10000,1000000')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  for (const n of sizes) await size(n);
}
