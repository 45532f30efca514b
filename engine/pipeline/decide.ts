import type {
  DecisionRequest,
  DecisionResponse,
  FaultCode,
  JsonValue,
  PointTrace,
  ProfileData,
  ProfileDocument,
  StageName,
  StageTrace,
} from '../model/index.ts';
import { isoOf, parseIsoTime } from '../model/time.ts';
import type { RuleContext } from '../rules/index.ts';
import type { CompiledPoint } from './compile-space.ts';
import type { DecideEnv, DecideOptions, DecideResult, PointOutcome } from './decide-types.ts';
import { stableId } from './ids.ts';
import { qualify } from './qualify.ts';
import { personalize } from './personalize.ts';
import { documentCaps } from './document-caps.ts';

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
  // Summaries are built only when tracing: the batch fast path would otherwise format strings per request.
  const stage = (name: StageName, summary: () => string) => {
    const now = clock();
    if (tracing) stages.push({ stage: name, durationMs: Math.round((now - t) * 1000) / 1000, summary: summary() });
    t = now;
  };

  // 1. Request: validate the individual id, the point names and the as-of time.
  const asOfMs = request.asOf === undefined ? undefined : parseIsoTime(request.asOf);
  if (asOfMs === undefined)
    return requestFault(
      'InvalidRequest',
      `asOf "${request.asOf ?? ''}" is not an ISO-8601 time with a time zone`,
      '$.asOf',
    );
  const asOf = isoOf(asOfMs);
  if (request.individualId.trim() === '')
    return requestFault('InvalidRequest', 'individualId is empty', '$.individualId');
  const points: CompiledPoint[] = [];
  const seen = new Set<string>();
  for (const [i, name] of request.personalizationPoints.entries()) {
    const cp = env.space.points.get(name);
    if (!cp) {
      const known = [...env.space.points.keys()].join(', ');
      return requestFault(
        'PersonalizationPointNotFound',
        `personalization point "${name}" does not exist in data space ${env.dataSpace} (known: ${known})`,
        `$.personalizationPoints[${i}]`,
      );
    }
    if (seen.has(name))
      return requestFault(
        'InvalidRequest',
        `personalization point "${name}" is requested twice`,
        `$.personalizationPoints[${i}]`,
      );
    seen.add(name);
    points.push(cp);
  }
  const requestId =
    opts.requestId ??
    stableId(
      'req_',
      request.individualId,
      request.personalizationPoints.join(','),
      asOf,
      JSON.stringify(request.context),
    );
  stage('request', () => `${points.length} point(s) for ${request.individualId}`);

  // 2. Augmenting: each point's profile data graph document, from the last refresh at or before asOf.
  const docs = new Map<string, ProfileDocument>();
  for (const cp of points) {
    const graph = cp.point.profileDataGraph;
    if (docs.has(graph)) continue;
    const doc = env.profiles.getProfile(request.individualId, graph, asOfMs);
    if (!doc)
      return requestFault(
        'IndividualNotFound',
        `individual "${request.individualId}" is not in profile data graph ${graph} of data space ${env.dataSpace}`,
        '$.individualId',
      );
    docs.set(graph, doc);
  }
  const dataOf = (cp: CompiledPoint): ProfileData => docs.get(cp.point.profileDataGraph)!.data;
  const ctx: RuleContext = { asOf, asOfMs };
  stage('augmenting', () => [...docs].map(([g, d]) => `${g} refreshed at ${d.refreshedAt}`).join('; '));

  // 3. Qualifying: experiment first, then decisions by priority, else the fallback.
  const qualified = points.map((cp) => qualify(cp, dataOf(cp), ctx, tracing));
  stage('qualifying', () =>
    qualified
      .map((q) => `${q.cp.point.apiName}: ${q.outcome}${q.chosen ? ` (${q.chosen.decision.id})` : ''}`)
      .join('; '),
  );

  // 4. Personalizing: resolve manual content or call the recommender.
  const outcomes: PointOutcome[] = [];
  const pointTraces: PointTrace[] = [];
  const sources = new Map<string, string | null>();
  for (const q of qualified) {
    const o = personalize(q, dataOf(q.cp), request, asOfMs, requestId, env, tracing);
    outcomes.push(o.outcome);
    for (const f of o.freshness ?? []) sources.set(f.source, f.refreshedAt);
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
  stage('personalizing', () =>
    outcomes
      .map((o) => `${o.personalizationPointId}: ${o.itemIds.length > 0 ? `${o.itemIds.length} items` : o.outcome}`)
      .join('; '),
  );

  // 5. Response: the product's shape; faulted points are listed apart.
  const response: DecisionResponse = {
    personalizations: outcomes.flatMap((o) => (o.personalization ? [o.personalization] : [])),
  };
  const errors = outcomes
    .filter((o) => o.fault)
    .map((o) => ({ personalizationPointId: o.personalizationPointId, code: o.fault!.code, message: o.fault!.message }));
  if (errors.length > 0) response.errors = errors;
  const credits = outcomes.reduce((s, o) => s + o.credits, 0);
  stage('response', () => `${response.personalizations.length} personalization(s), ${credits} credit(s)`);

  // Caps that applied to this individual: documents at a row cap, windows read beyond them.
  let caps: { label: string; note: string }[] | undefined;
  for (const [graph, doc] of docs) for (const c of documentCaps(env.space, graph, doc.data)) (caps ??= []).push(c);
  for (const o of outcomes) for (const c of o.caps ?? []) (caps ??= []).push(c);
  const labels = caps && [...new Set(caps.map((c) => c.label))];
  if (!tracing)
    return { ok: true, requestId, response, points: outcomes, credits, ...(labels ? { caps: labels } : {}) };
  const stale: string[] = [];
  const profileRefreshedAt = [...docs.values()][0]!.refreshedAt;
  if (profileRefreshedAt < asOf)
    stale.push(
      `profile data as of the data-graph refresh at ${profileRefreshedAt}; engagement after it is not visible (refreshes run every 30 minutes)`,
    );
  for (const [source, refreshedAt] of sources) {
    if (refreshedAt === null) stale.push(`${source}: never refreshed at or before ${asOf}`);
    else if (refreshedAt < asOf) stale.push(`${source}: as of ${refreshedAt}`);
  }
  return {
    ok: true,
    requestId,
    response,
    points: outcomes,
    credits,
    ...(labels ? { caps: labels } : {}),
    trace: {
      requestId,
      individualId: request.individualId,
      dataSpace: env.dataSpace,
      asOf,
      freshness: { profileRefreshedAt, stale, ...(caps ? { caps: [...new Set(caps.map((c) => c.note))] } : {}) },
      context: request.context as Record<string, JsonValue>,
      stages,
      points: pointTraces,
      response,
      credits,
    },
  };
}
