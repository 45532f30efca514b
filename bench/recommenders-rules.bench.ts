/**
 * Rules-based recommendations per second, per strategy, on the retail sample with a 10,000-item
 * catalogue (10,000 individuals, events ending at BENCH_NOW): each sample recommender alone (its
 * backfill removed), 10 items per request, the fast path (no trace), over 500 materialized
 * profile documents in turn; anchor strategies get a popular item as the anchor. CI values are
 * refreshed before timing (their refresh times are printed apart), as a run would find them.
 */
import { validateConfig } from '../engine/config/validate.ts';
import type { JsonValue, ProfileData, Recommender } from '../engine/model/index.ts';
import { recommend, type RecommendRequest } from '../engine/recommenders/index.ts';
import { retailSampleConfig } from '../engine/sample/index.ts';
import { WorkspaceSources } from '../engine/runtime/workspace-sources.ts';
import { openWorkspace } from '../engine/store/index.ts';
import { BENCH_NOW, benchWorkspace } from './bench-workspace.ts';
import { compare, figure } from './harness.ts';

const INDIVIDUALS = 10_000;
const ITEMS = 10_000;
const PROFILES = 500;
const COUNT = 10;
const REQUESTS_PER_ROUND = 2_000;

export async function run(): Promise<void> {
  console.log(
    `\n## recommenders-rules: rules-based recommendations per second (${ITEMS.toLocaleString('en-US')}-item catalogue, ${INDIVIDUALS.toLocaleString('en-US')} individuals)`,
  );
  const file = await benchWorkspace(INDIVIDUALS, { items: ITEMS });
  const opened = openWorkspace(file);
  if (!opened.ok) throw new Error(opened.error.message);
  const store = opened.data;
  try {
    // 1. The current sample config (with its calculated insights), saved as a new revision.
    const check = validateConfig(retailSampleConfig({ individuals: INDIVIDUALS }), {
      individualsBySpace: { default: INDIVIDUALS },
    });
    if (!check.config) throw new Error(`sample config invalid: ${JSON.stringify(check.errors.slice(0, 2))}`);
    store.saveConfig(check.config, 'recommenders-rules bench', BENCH_NOW);
    const runtime = new WorkspaceSources(store).space('default');
    if (!runtime.ok) throw new Error(runtime.error.message);
    const rt = runtime.data;
    const asOfMs = Date.parse(BENCH_NOW);

    // 2. Each calculated insight as of the bench time (a scheduled refresh, materialized once).
    for (const ci of rt.config.calculatedInsights) {
      const t0 = performance.now();
      const r = rt.insights.at([ci.apiName], asOfMs);
      const ms = performance.now() - t0;
      const rows = store.insights.list(rt.spaceId, { insight: ci.apiName, limit: 1 })[0];
      figure(
        `CI ${ci.apiName} (${ci.subject}) refresh`,
        `${rows ? `${rows.rows.toLocaleString('en-US')} rows in ${rows.durationMs.toFixed(0)} ms` : 'already materialized'} (as of ${r.refreshedAt[ci.apiName]}; lookup ${ms.toFixed(0)} ms)`,
      );
    }

    // 3. Profile documents of active individuals, and popular anchor items.
    const profiles: ProfileData[] = [];
    for (const id of store.iterateIndividualIds(rt.spaceId)) {
      const doc = rt.profiles.getProfile(id, 'Customer_Profile', asOfMs);
      if (doc && doc.data.engagement.browse.length > 0) profiles.push(doc.data);
      if (profiles.length >= PROFILES) break;
    }
    const anchors = store
      .topSellers(rt.spaceId, { fromMs: asOfMs - 30 * 86_400_000, toMs: asOfMs, limit: 50 })
      .map((x) => x.itemId);

    // 4. One contender per strategy: the sample's recommender for it, without its backfill.
    const seen = new Set<string>();
    const recommenders: Recommender[] = [];
    for (const r of rt.config.recommenders) {
      if (r.type !== 'rules-based' || seen.has(r.strategy)) continue;
      seen.add(r.strategy);
      recommenders.push({ ...r, backfill: undefined });
    }
    let returned = 0;
    const contenders = recommenders.map((rec) => ({
      name: rec.type === 'rules-based' ? rec.strategy : rec.apiName,
      run: () => {
        for (let i = 0; i < REQUESTS_PER_ROUND; i++) {
          const context: Record<string, JsonValue> =
            rec.type === 'rules-based' && (rec.strategy === 'bought-together' || rec.strategy === 'similar-attributes')
              ? { anchorItemId: anchors[i % anchors.length]! }
              : {};
          const req: RecommendRequest = {
            profile: profiles[i % profiles.length]!,
            context,
            count: COUNT,
            asOfMs,
            catalog: rt.catalog,
            requiredFields: ['itemId', 'name', 'url'],
            trace: false,
          };
          returned += recommend(rec, rt.strategies, req).items.length;
        }
        return REQUESTS_PER_ROUND;
      },
    }));
    const results = compare(contenders, 5);
    for (const m of results) {
      const rec = recommenders.find((r) => r.type === 'rules-based' && r.strategy === m.name)!;
      figure(
        `${m.name.padEnd(18)} (${rec.apiName})`,
        `${Math.round(m.opsPerSec).toLocaleString('en-US').padStart(9)} recommendations/s  (median ${(m.seconds * 1000).toFixed(0)} ms for ${REQUESTS_PER_ROUND.toLocaleString('en-US')} requests of ${COUNT} items)`,
      );
    }
    figure(
      'items returned per request (mean over all contenders and rounds)',
      (returned / (REQUESTS_PER_ROUND * recommenders.length * 6)).toFixed(2),
    );
  } finally {
    store.close();
  }
}
