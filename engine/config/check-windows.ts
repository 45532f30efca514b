import type { DataSpaceConfig, Problem } from '../model/index.ts';
import { ENGAGEMENT_OBJECTS } from '../model/index.ts';
import { parseIsoTime } from '../model/time.ts';
import { TRAINING_CYCLE_MS } from '../recommenders/objective/training-cycle.ts';

/**
 * Windows longer than what the profile document holds, where the document's cap applies by design
 * (docs/caps.md): recently-viewed and abandoned-cart read the document's rows, so a `windowDays`
 * longer than the graph's lookback of that object (or an object the graph leaves out) sees less
 * than it says. Exclusions and the objective-based fold-in read the event history instead and are
 * not warned about. Also checks objective-based recommenders' `pinnedModelAt`.
 */
export function checkWindows(
  space: DataSpaceConfig,
  at: (...rest: (string | number)[]) => string,
  errors: Problem[],
  warnings: Problem[],
): void {
  const graphs = new Map(space.profileDataGraphs.map((g) => [g.apiName, g]));
  const recommenders = new Map(space.recommenders.map((r, ri) => [r.apiName, { r, ri }]));
  const warned = new Set<string>();
  for (const point of space.personalizationPoints) {
    const graph = graphs.get(point.profileDataGraph);
    if (!graph) continue;
    for (const d of [...point.decisions, ...(point.fallback ? [point.fallback] : [])]) {
      if (d.content.type !== 'recommendations') continue;
      // The recommender and its backfill chain.
      const seen = new Set<string>();
      for (let name: string | undefined = d.content.recommender; name !== undefined && !seen.has(name);) {
        seen.add(name);
        const found = recommenders.get(name);
        if (!found) break;
        name = found.r.backfill;
        const { r, ri } = found;
        if (r.type !== 'rules-based') continue;
        const type = r.strategy === 'recently-viewed' ? 'browse' : r.strategy === 'abandoned-cart' ? 'cart' : undefined;
        if (type === undefined) continue;
        const inc = graph.engagement[type];
        const key = `${r.apiName}@${graph.apiName}`;
        if (warned.has(key)) continue;
        const object = ENGAGEMENT_OBJECTS[type];
        if (!inc.include || r.windowDays > inc.lookbackDays) {
          warned.add(key);
          warnings.push({
            path: at('recommenders', ri, 'windowDays'),
            message: inc.include
              ? `${r.strategy} reads the profile document's ${object} rows: its ${r.windowDays}-day window is longer than profile data graph ${graph.apiName}'s ${inc.lookbackDays}-day lookback (and at most ${inc.maxRows} rows per individual), so it sees only the last ${inc.lookbackDays} days (point ${point.apiName})`
              : `${r.strategy} reads the profile document's ${object} rows, which profile data graph ${graph.apiName} leaves out: it never yields anything (point ${point.apiName})`,
          });
        }
      }
    }
  }
  space.recommenders.forEach((r, ri) => {
    if (r.type !== 'objective-based' || r.pinnedModelAt === undefined) return;
    const ms = parseIsoTime(r.pinnedModelAt);
    if (ms === undefined)
      errors.push({
        path: at('recommenders', ri, 'pinnedModelAt'),
        message: `"${r.pinnedModelAt}" is not an ISO-8601 time with a time zone`,
      });
    else if (ms % TRAINING_CYCLE_MS !== 0)
      errors.push({
        path: at('recommenders', ri, 'pinnedModelAt'),
        message: `"${r.pinnedModelAt}" is not a training-cycle boundary: models are trained at midnight UTC (24-hour cycle)`,
      });
  });
}
