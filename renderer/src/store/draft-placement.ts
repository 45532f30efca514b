import type { PersonalizationPoint, WorkspaceConfig } from '../../../engine/model/index.ts';

/**
 * The config with a draft point in place of the saved point `replaces` (or appended when new), and
 * the JSON path where it sits — the prefix of every problem that belongs to the editor.
 */
export function placeDraft(
  config: WorkspaceConfig,
  dataSpace: string,
  draft: PersonalizationPoint,
  replaces: string | null,
): { config: WorkspaceConfig; pointPath: string } | undefined {
  const si = config.dataSpaces.findIndex((s) => s.apiName === dataSpace);
  if (si < 0) return undefined;
  const next = structuredClone(config);
  const points = next.dataSpaces[si]!.personalizationPoints;
  let pi = replaces === null ? -1 : points.findIndex((p) => p.apiName === replaces);
  if (pi < 0) pi = points.push(draft) - 1;
  else points[pi] = draft;
  return { config: next, pointPath: `$.dataSpaces[${si}].personalizationPoints[${pi}]` };
}

/** A problem path relative to the point (`$.decisions[0].targetingRule`), or undefined when it is elsewhere. */
export function relativeToPoint(path: string | undefined, pointPath: string | null): string | undefined {
  if (!path || !pointPath) return undefined;
  if (path === pointPath) return '$';
  if (!path.startsWith(pointPath)) return undefined;
  const rest = path.slice(pointPath.length);
  return rest.startsWith('.') || rest.startsWith('[') ? `$${rest}` : undefined;
}

/** A new point of the given type, valid once it has a name and a decision. */
export function newPointDraft(
  type: 'manual' | 'recommendations',
  config: WorkspaceConfig,
  dataSpace: string,
): PersonalizationPoint {
  const space = config.dataSpaces.find((s) => s.apiName === dataSpace);
  const taken = new Set(space?.personalizationPoints.map((p) => p.apiName) ?? []);
  let n = 1;
  while (taken.has(`new_point_${n}`)) n++;
  const profileDataGraph = space?.profileDataGraphs[0]?.apiName ?? 'Customer_Profile';
  const itemDataGraph = space?.itemDataGraphs[0]?.apiName;
  const recommender = space?.recommenders[0]?.apiName ?? 'recommender';
  return type === 'manual'
    ? {
        apiName: `new_point_${n}`,
        label: `New point ${n}`,
        type,
        profileDataGraph,
        responseTemplate: {
          fields: [
            { name: 'headline', type: 'text', required: true },
            { name: 'body', type: 'text', required: false },
          ],
        },
        source: 'web',
        authenticationRequired: false,
        active: true,
        decisions: [
          {
            id: 'decision_1',
            label: 'Decision 1',
            active: true,
            priority: 0,
            targetingRule: null,
            content: { type: 'manual', values: { headline: 'Hello {{firstName | "there"}}', body: '' } },
          },
        ],
      }
    : {
        apiName: `new_point_${n}`,
        label: `New point ${n}`,
        type,
        profileDataGraph,
        ...(itemDataGraph ? { itemDataGraph } : {}),
        responseTemplate: {
          fields: [
            { name: 'itemId', type: 'text', required: true },
            { name: 'name', type: 'text', required: true },
            { name: 'imageUrl', type: 'image', required: false },
            { name: 'price', type: 'number', required: false },
            { name: 'url', type: 'url', required: true },
          ],
        },
        source: 'cms',
        authenticationRequired: false,
        active: true,
        decisions: [
          {
            id: 'decision_1',
            label: 'Decision 1',
            active: true,
            priority: 0,
            targetingRule: null,
            content: { type: 'recommendations', recommender, itemCount: 4 },
          },
        ],
      };
}

/** Decisions in evaluation order: priority, then position (as the engine compiles them). */
export function decisionsInOrder(point: PersonalizationPoint): PersonalizationPoint['decisions'] {
  return point.decisions
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.priority - b.d.priority || a.i - b.i)
    .map(({ d }) => d);
}
