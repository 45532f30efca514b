import { ENGAGEMENT_OBJECTS, type EngagementType, type ProfileData } from '../model/index.ts';
import type { CompiledSpace } from './compile-space.ts';

const TYPES: readonly EngagementType[] = ['browse', 'cart', 'order'];

/** Labels per (graph, object), built once per compiled space: the fast path formats no string per request. */
const labels = new WeakMap<
  CompiledSpace,
  Map<string, { type: EngagementType; maxRows: number; label: string; note: string }[]>
>();

function capsOf(space: CompiledSpace, graph: string) {
  let byGraph = labels.get(space);
  if (!byGraph) labels.set(space, (byGraph = new Map()));
  let list = byGraph.get(graph);
  if (!list) {
    const g = space.config.profileDataGraphs.find((x) => x.apiName === graph);
    list = [];
    for (const type of TYPES) {
      const inc = g?.engagement[type];
      if (!inc?.include) continue;
      const object = ENGAGEMENT_OBJECTS[type];
      list.push({
        type,
        maxRows: inc.maxRows,
        label: `${graph} ${object}: the document is at its ${inc.maxRows}-row cap`,
        note: `profile document (${graph}) holds the newest ${inc.maxRows} ${object} rows only (the graph's row cap): targeting rules, segments and strategies reading the document do not see older rows of the ${inc.lookbackDays}-day lookback`,
      });
    }
    byGraph.set(graph, list);
  }
  return list;
}

/** The row caps an individual's document of `graph` reached: the document may hold fewer rows than its lookback has. */
export function documentCaps(
  space: CompiledSpace,
  graph: string,
  data: ProfileData,
): { label: string; note: string }[] {
  const out: { label: string; note: string }[] = [];
  for (const c of capsOf(space, graph))
    if ((data.engagement[c.type]?.length ?? 0) >= c.maxRows) out.push({ label: c.label, note: c.note });
  return out;
}
