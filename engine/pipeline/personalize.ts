import type { FaultCode, Item, JsonValue, Personalization, PersonalizingTrace, ProfileData } from '../model/index.ts';
import { recommend } from '../recommenders/recommend.ts';
import { RecommenderFault } from '../recommenders/fault.ts';
import type { DecisionRequest } from '../model/index.ts';
import type { Qualified } from './qualify.ts';
import type { DecideEnv, PointOutcome } from './decide-types.ts';
import { renderTemplate } from './merge-fields.ts';
import { stableId } from './ids.ts';

/** A fault of one point raised while personalizing (the request goes on). */
export class PointFault extends Error {
  constructor(
    readonly code: FaultCode,
    message: string,
  ) {
    super(message);
  }
}

/** Personalizing stage for one point: manual content or the recommender. */
export function personalize(
  q: Qualified,
  data: ProfileData,
  request: DecisionRequest,
  asOfMs: number,
  requestId: string,
  env: DecideEnv,
  tracing: boolean,
): { outcome: PointOutcome; trace?: PersonalizingTrace; freshness?: { source: string; refreshedAt: string | null }[] } {
  const pointId = q.cp.point.apiName;
  const base: PointOutcome = {
    personalizationPointId: pointId,
    outcome: q.outcome,
    reason: q.reason,
    decisionId: q.chosen?.decision.id ?? null,
    experimentKey: q.assignment?.key ?? null,
    variantKey: q.assignment?.inPool ? q.assignment.variantKey : null,
    inPool: q.assignment?.inPool ?? false,
    control: q.assignment?.control ?? false,
    itemIds: [],
    credits: 0,
  };
  if (q.fault) return { outcome: { ...base, fault: q.fault } };
  if (!q.chosen) return { outcome: base };
  const content = q.chosen.content;
  try {
    let payload: Record<string, JsonValue>;
    let trace: PersonalizingTrace | undefined;
    let freshness: { source: string; refreshedAt: string | null }[] | undefined;
    if (content.type === 'manual') {
      payload = {};
      const mergeFields: NonNullable<PersonalizingTrace['mergeFields']> = [];
      for (const f of q.cp.point.responseTemplate.fields) {
        const field = content.fields.find((x) => x.name === f.name);
        if (!field) continue;
        if (field.parts) {
          const r = renderTemplate(field.parts, data);
          payload[f.name] = r.text;
          if (tracing)
            mergeFields.push({ field: f.name, template: field.value as string, value: r.text, missing: r.missing });
        } else {
          payload[f.name] = field.value;
          if (tracing)
            mergeFields.push({ field: f.name, template: String(field.value), value: field.value, missing: [] });
        }
      }
      if (tracing) trace = { kind: 'manual', mergeFields };
    } else {
      const rec = content.recommender;
      if (!rec)
        throw new PointFault('ConfigurationMissing', `recommender "${content.recommenderName}" is not configured`);
      if (env.catalog.size === 0)
        throw new PointFault('ItemDataMissing', `the item data graph of point ${pointId} holds no items`);
      const r = recommend(rec, env.strategies, {
        profile: data,
        context: request.context as Record<string, JsonValue>,
        count: content.itemCount,
        asOfMs,
        catalog: env.catalog,
        requiredFields: q.cp.requiredItemFields,
        trace: tracing,
        backfills: content.backfills,
        graph: q.cp.graphEngagement,
      });
      if (r.reads) base.caps = r.reads;
      payload = { recommendations: r.items.map((item) => projectItem(item, q.cp.itemFields)) };
      base.itemIds = r.items.map((i) => i.id);
      if (r.trace) {
        trace = { kind: 'recommendations', recommender: r.trace };
        freshness = r.freshness;
      }
    }
    const personalization: Personalization = {
      personalizationPointId: pointId,
      personalizationId: stableId('pz_', requestId, pointId),
      contentId: q.chosen.decision.id,
      data: payload,
    };
    return { outcome: { ...base, credits: 1, personalization }, trace, freshness };
  } catch (e) {
    const fault =
      e instanceof PointFault || e instanceof RecommenderFault
        ? { code: e.code, message: e.message }
        : { code: 'Internal' as const, message: (e as Error).message };
    return { outcome: { ...base, outcome: 'error', reason: 'Fault', fault } };
  }
}

type ProjectedItem = { itemId: string } & Record<string, JsonValue>;

/** Projections per response template (its field list) and item: items repeat across requests, and a batch run serializes each projection once (engine/batch/payload-json.ts). */
const projections = new WeakMap<readonly string[], WeakMap<Item, Readonly<ProjectedItem>>>();

/** The response template's fields of one item (itemId first), shared and frozen: callers must not change it. */
function projectItem(item: Item, fields: readonly string[]): Readonly<ProjectedItem> {
  let byItem = projections.get(fields);
  if (!byItem) projections.set(fields, (byItem = new WeakMap()));
  let p = byItem.get(item);
  if (!p) {
    p = Object.freeze(projectItemFields(item, fields));
    byItem.set(item, p);
  }
  return p;
}

function projectItemFields(item: Item, fields: readonly string[]): ProjectedItem {
  const out: { itemId: string } & Record<string, JsonValue> = { itemId: item.id };
  for (const f of fields) {
    if (f === 'itemId' || f === 'id') continue;
    const v = f in item && f !== 'attributes' ? (item as unknown as Record<string, JsonValue>)[f] : item.attributes[f];
    if (v !== undefined) out[f] = v;
  }
  return out;
}
