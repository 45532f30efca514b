import type {
  DecisionEvaluation,
  DecisionRequest,
  DecisionResponse,
  DecisionTrace,
  Fault,
  FaultCode,
  Item,
  JsonValue,
  Outcome,
  Personalization,
  PersonalizingTrace,
  PointTrace,
  ProfileData,
  ProfileDocument,
  ReasonCode,
  StageName,
  StageTrace,
} from '../model/index.ts';
import { isoOf, parseIsoTime } from '../model/time.ts';
import { explain, truthy, whyNot, type RuleContext } from '../rules/index.ts';
import type { Assignment } from '../experiments/index.ts';
import { recommend } from '../recommenders/recommend.ts';
import type { CompiledDecision, CompiledPoint, CompiledSpace } from './compile-space.ts';
import { renderTemplate } from './merge-fields.ts';
import type { ItemCatalog, ProfileSource, StrategyData } from './sources.ts';
import { stableId } from './ids.ts';

/** What the pipeline reads; everything comes in here, nothing from globals. */
export interface DecideEnv {
  dataSpace: string;
  space: CompiledSpace;
  profiles: ProfileSource;
  catalog: ItemCatalog;
  strategies: StrategyData;
  /** Monotonic milliseconds for stage timings (e.g. performance.now); without it timings are 0. */
  clock?: () => number;
}

export interface DecideOptions {
  trace?: boolean;
  /** Id of the request; derived from its content when absent (deterministic). */
  requestId?: string;
}

/** The outcome of one point of a request: what the decision log records. */
export interface PointOutcome {
  personalizationPointId: string;
  outcome: Outcome;
  reason: ReasonCode;
  decisionId: string | null;
  experimentKey: string | null;
  variantKey: string | null;
  inPool: boolean;
  control: boolean;
  itemIds: string[];
  credits: number;
  fault?: { code: FaultCode; message: string };
  personalization?: Personalization;
}

export type DecideResult =
  | { ok: true; requestId: string; response: DecisionResponse; points: PointOutcome[]; credits: number; trace?: DecisionTrace }
  | { ok: false; error: Fault };

class PointFault extends Error {
  constructor(readonly code: FaultCode, message: string) {
    super(message);
  }
}

const requestFault = (code: FaultCode, message: string, path?: string): DecideResult => ({
  ok: false,
  error: path ? { code, message, path } : { code, message },
});

/**
 * Runs the decision pipeline for one request: request → augmenting → qualifying →
 * personalizing → response (DESIGN.md §2). One personalization returned = one decision credit.
 */
export function decide(request: DecisionRequest, env: DecideEnv, opts: DecideOptions = {}): DecideResult {
  const clock = env.clock ?? (() => 0);
  const tracing = opts.trace === true;
  const stages: StageTrace[] = [];
  let t = clock();
  const stage = (name: StageName, summary: string) => {
    const now = clock();
    if (tracing) stages.push({ stage: name, durationMs: Math.round((now - t) * 1000) / 1000, summary });
    t = now;
  };

  // 1. Request: validate the individual id, the point names and the as-of time.
  const asOfMs = request.asOf === undefined ? undefined : parseIsoTime(request.asOf);
  if (asOfMs === undefined) return requestFault('InvalidRequest', `asOf "${request.asOf ?? ''}" is not an ISO-8601 time with a time zone`, '$.asOf');
  const asOf = isoOf(asOfMs);
  if (request.individualId.trim() === '') return requestFault('InvalidRequest', 'individualId is empty', '$.individualId');
  const points: CompiledPoint[] = [];
  const seen = new Set<string>();
  for (const [i, name] of request.personalizationPoints.entries()) {
    const cp = env.space.points.get(name);
    if (!cp) {
      const known = [...env.space.points.keys()].join(', ');
      return requestFault('PersonalizationPointNotFound', `personalization point "${name}" does not exist in data space ${env.dataSpace} (known: ${known})`, `$.personalizationPoints[${i}]`);
    }
    if (seen.has(name)) return requestFault('InvalidRequest', `personalization point "${name}" is requested twice`, `$.personalizationPoints[${i}]`);
    seen.add(name);
    points.push(cp);
  }
  const requestId =
    opts.requestId ?? stableId('req_', request.individualId, request.personalizationPoints.join(','), asOf, JSON.stringify(request.context));
  stage('request', `${points.length} point(s) for ${request.individualId}`);

  // 2. Augmenting: each point's profile data graph document, from the last refresh at or before asOf.
  const docs = new Map<string, ProfileDocument>();
  for (const cp of points) {
    const graph = cp.point.profileDataGraph;
    if (docs.has(graph)) continue;
    const doc = env.profiles.getProfile(request.individualId, graph, asOfMs);
    if (!doc) return requestFault('IndividualNotFound', `individual "${request.individualId}" is not in profile data graph ${graph} of data space ${env.dataSpace}`, '$.individualId');
    docs.set(graph, doc);
  }
  const dataOf = (cp: CompiledPoint): ProfileData => docs.get(cp.point.profileDataGraph)!.data;
  const ctx: RuleContext = { asOf, asOfMs };
  stage('augmenting', [...docs].map(([g, d]) => `${g} refreshed at ${d.refreshedAt}`).join('; '));

  // 3. Qualifying: experiment first, then decisions by priority, else the fallback.
  const qualified = points.map((cp) => qualify(cp, dataOf(cp), ctx, tracing));
  stage('qualifying', qualified.map((q) => `${q.cp.point.apiName}: ${q.outcome}${q.chosen ? ` (${q.chosen.decision.id})` : ''}`).join('; '));

  // 4. Personalizing: resolve manual content or call the recommender.
  const outcomes: PointOutcome[] = [];
  const pointTraces: PointTrace[] = [];
  const sources = new Map<string, string | null>();
  for (const q of qualified) {
    const o = personalize(q, dataOf(q.cp), request, asOfMs, requestId, env, tracing);
    outcomes.push(o.outcome);
    if (o.sourceRefreshedAt !== undefined) sources.set(o.source!, o.sourceRefreshedAt);
    if (tracing) {
      pointTraces.push({
        personalizationPointId: q.cp.point.apiName,
        outcome: o.outcome.outcome,
        reason: o.outcome.reason,
        decisionId: o.outcome.decisionId,
        ...(q.assignment ? { experiment: q.assignment } : {}),
        decisions: q.evaluations,
        ...(o.trace ? { personalizing: o.trace } : {}),
        ...(o.outcome.fault ? { fault: o.outcome.fault } : {}),
        credits: o.outcome.credits,
      });
    }
  }
  stage('personalizing', outcomes.map((o) => `${o.personalizationPointId}: ${o.itemIds.length > 0 ? `${o.itemIds.length} items` : o.outcome}`).join('; '));

  // 5. Response: the product's shape; faulted points are listed apart.
  const response: DecisionResponse = { personalizations: outcomes.flatMap((o) => (o.personalization ? [o.personalization] : [])) };
  const errors = outcomes.filter((o) => o.fault).map((o) => ({ personalizationPointId: o.personalizationPointId, code: o.fault!.code, message: o.fault!.message }));
  if (errors.length > 0) response.errors = errors;
  const credits = outcomes.reduce((s, o) => s + o.credits, 0);
  stage('response', `${response.personalizations.length} personalization(s), ${credits} credit(s)`);

  if (!tracing) return { ok: true, requestId, response, points: outcomes, credits };
  const stale: string[] = [];
  const profileRefreshedAt = [...docs.values()][0]!.refreshedAt;
  if (profileRefreshedAt < asOf)
    stale.push(`profile data as of the data-graph refresh at ${profileRefreshedAt}; engagement after it is not visible (refreshes run every 30 minutes)`);
  for (const [source, refreshedAt] of sources) {
    if (refreshedAt !== null && refreshedAt < asOf) stale.push(`${source}: as of ${refreshedAt}`);
  }
  return {
    ok: true,
    requestId,
    response,
    points: outcomes,
    credits,
    trace: {
      requestId,
      individualId: request.individualId,
      dataSpace: env.dataSpace,
      asOf,
      freshness: { profileRefreshedAt, stale },
      context: request.context as Record<string, JsonValue>,
      stages,
      points: pointTraces,
      response,
      credits,
    },
  };
}

interface Qualified {
  cp: CompiledPoint;
  outcome: Outcome;
  reason: ReasonCode;
  chosen?: CompiledDecision;
  assignment?: Assignment;
  evaluations: DecisionEvaluation[];
  fault?: { code: FaultCode; message: string };
}

/** Qualifying stage for one point. */
function qualify(cp: CompiledPoint, data: ProfileData, ctx: RuleContext, tracing: boolean): Qualified {
  const evaluations: DecisionEvaluation[] = [];
  if (!cp.point.active) return { cp, outcome: 'none', reason: 'PointInactive', evaluations };
  // 3a. The experiment is the highest-priority object on the point.
  let assignment: Assignment | undefined;
  if (cp.experiment?.active) {
    assignment = cp.experiment.assign(data.id);
    if (assignment.inPool && !assignment.control) {
      const chosen = cp.experiment.variantDecision[assignment.variantIndex];
      if (!chosen) return { cp, outcome: 'error', reason: 'Fault', assignment, evaluations, fault: { code: 'ConfigurationMissing', message: `experiment variant ${assignment.variantKey} serves a decision that does not exist` } };
      if (tracing) for (const d of cp.decisions) evaluations.push(evaluation(d, 'not-evaluated'));
      return { cp, outcome: 'decision', reason: 'ExperimentVariant', chosen, assignment, evaluations };
    }
  }
  // 3b. Decisions by priority: the first active one whose targeting rule holds.
  let chosen: CompiledDecision | undefined;
  let reason: ReasonCode = 'NoDecision';
  for (const d of cp.decisions) {
    if (chosen) {
      if (tracing) evaluations.push(evaluation(d, d.active ? 'not-evaluated' : 'inactive'));
      continue;
    }
    if (!d.active) {
      if (tracing) evaluations.push(evaluation(d, 'inactive'));
      continue;
    }
    if (d.rule === null) {
      chosen = d;
      reason = 'NoTargetingRule';
      if (tracing) evaluations.push(evaluation(d, 'matched'));
      continue;
    }
    try {
      if (tracing) {
        const tree = explain((d.decision as { targetingRule: unknown }).targetingRule, data, ctx);
        const matched = truthy(tree.value);
        const ev = evaluation(d, matched ? 'matched' : 'not-matched');
        ev.explain = tree;
        if (!matched) {
          const why = whyNot(tree);
          if (why) ev.whyNot = why;
        }
        evaluations.push(ev);
        if (matched) {
          chosen = d;
          reason = 'TargetingRuleMatched';
        }
      } else if (truthy(d.rule(data, ctx))) {
        chosen = d;
        reason = 'TargetingRuleMatched';
      }
    } catch (e) {
      const message = `targeting rule of decision ${d.decision.id} failed: ${(e as Error).message}`;
      if (tracing) evaluations.push({ ...evaluation(d, 'error'), error: message });
      return { cp, outcome: 'error', reason: 'Fault', assignment, evaluations, fault: { code: 'RuleEvaluationError', message } };
    }
  }
  if (chosen) return { cp, outcome: 'decision', reason, chosen, assignment, evaluations };
  // 3c. Nothing qualified: the fallback, else no decision.
  if (cp.fallback) return { cp, outcome: 'fallback', reason: 'Fallback', chosen: cp.fallback, assignment, evaluations };
  return { cp, outcome: 'none', reason: 'NoDecision', assignment, evaluations };
}

function evaluation(d: CompiledDecision, status: DecisionEvaluation['status']): DecisionEvaluation {
  const dec = d.decision as { id: string; label: string; priority?: number; targetingRule?: JsonValue | null };
  return { decisionId: dec.id, label: dec.label, priority: dec.priority ?? -1, active: d.active, status, rule: dec.targetingRule ?? null };
}

/** Personalizing stage for one point. */
function personalize(
  q: Qualified,
  data: ProfileData,
  request: DecisionRequest,
  asOfMs: number,
  requestId: string,
  env: DecideEnv,
  tracing: boolean,
): { outcome: PointOutcome; trace?: PersonalizingTrace; source?: string; sourceRefreshedAt?: string | null } {
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
    let source: string | undefined;
    let sourceRefreshedAt: string | null | undefined;
    if (content.type === 'manual') {
      payload = {};
      const mergeFields: NonNullable<PersonalizingTrace['mergeFields']> = [];
      for (const f of q.cp.point.responseTemplate.fields) {
        const field = content.fields.find((x) => x.name === f.name);
        if (!field) continue;
        if (field.parts) {
          const r = renderTemplate(field.parts, data);
          payload[f.name] = r.text;
          if (tracing) mergeFields.push({ field: f.name, template: field.value as string, value: r.text, missing: r.missing });
        } else {
          payload[f.name] = field.value;
          if (tracing) mergeFields.push({ field: f.name, template: String(field.value), value: field.value, missing: [] });
        }
      }
      if (tracing) trace = { kind: 'manual', mergeFields };
    } else {
      const rec = content.recommender;
      if (!rec) throw new PointFault('ConfigurationMissing', `recommender "${content.recommenderName}" is not configured`);
      if (env.catalog.size === 0) throw new PointFault('ItemDataMissing', `the item data graph of point ${pointId} holds no items`);
      const r = recommend(rec, env.strategies, {
        profile: data,
        context: request.context as Record<string, JsonValue>,
        count: content.itemCount,
        asOfMs,
        catalog: env.catalog,
        requiredFields: q.cp.requiredItemFields,
        trace: tracing,
      });
      payload = { recommendations: r.items.map((item) => projectItem(item, q.cp.itemFields)) };
      base.itemIds = r.items.map((i) => i.id);
      if (r.trace) {
        trace = { kind: 'recommendations', recommender: r.trace };
        source = r.trace.source;
        sourceRefreshedAt = r.trace.sourceRefreshedAt;
      }
    }
    const personalization: Personalization = {
      personalizationPointId: pointId,
      personalizationId: stableId('pz_', requestId, pointId),
      contentId: q.chosen.decision.id,
      data: payload,
    };
    return { outcome: { ...base, credits: 1, personalization }, trace, source, sourceRefreshedAt };
  } catch (e) {
    const fault = e instanceof PointFault ? { code: e.code, message: e.message } : { code: 'Internal' as const, message: (e as Error).message };
    return { outcome: { ...base, outcome: 'error', reason: 'Fault', fault } };
  }
}

/** The response template's fields of one item; itemId always comes first. */
function projectItem(item: Item, fields: readonly string[]): { itemId: string } & Record<string, JsonValue> {
  const out: { itemId: string } & Record<string, JsonValue> = { itemId: item.id };
  for (const f of fields) {
    if (f === 'itemId' || f === 'id') continue;
    const v = f in item && f !== 'attributes' ? (item as unknown as Record<string, JsonValue>)[f] : item.attributes[f];
    if (v !== undefined) out[f] = v;
  }
  return out;
}
