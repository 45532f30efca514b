import type { ProfileData, ProfileDocument } from '../model/index.ts';
import type { InsightValues } from '../model/sources.ts';
import { isoOf } from '../model/time.ts';
import type { CompiledSegment } from '../pipeline/compile-space.ts';
import { buildProfileDocument } from '../profiles/build-document.ts';
import { truthy, type RuleContext } from '../rules/index.ts';
import type { GraphDefinition } from '../runtime/refresh-definition.ts';
import type { SpaceRuntime } from '../runtime/space-runtime.ts';
import type { ScannedProfile } from '../store/index.ts';

/** The rule context of an evaluation as of `ms`. */
export const contextAt = (ms: number): RuleContext => ({ asOf: isoOf(ms), asOfMs: ms });

/**
 * One scanned individual's profile document at a refresh watermark, and its segment memberships:
 * what a refresh stores and what an in-memory segment count tallies. A graph whose documents leave
 * segments out still has members: they are evaluated apart.
 */
export function documentAt(
  scanned: ScannedProfile,
  def: GraphDefinition,
  runtime: Pick<SpaceRuntime, 'compiled'>,
  values: InsightValues | undefined,
  watermark: number,
  ctx: RuleContext,
): { doc: ProfileDocument; memberships: string[] } {
  const ci = values ? values.forIndividual(scanned.individual.id) : {};
  const doc = buildProfileDocument(
    { individual: scanned.individual, engagement: scanned.engagement, ci },
    def.graph,
    runtime.compiled.segments,
    watermark,
  );
  const memberships = def.graph.includeSegments ? doc.data.segments : segmentMembershipsAt(doc.data, def.segments, ctx);
  return { doc, memberships };
}

/**
 * Segment memberships of one profile as of a time, evaluated as buildProfileDocument evaluates
 * them at a refresh: in config order, each segment seeing the memberships of the ones before it; a
 * rule that fails on this profile makes the individual a non-member. `data.segments` is swapped for
 * the evaluation and restored afterwards (no copy of the document).
 */
export function segmentMembershipsAt(
  data: ProfileData,
  segments: readonly CompiledSegment[],
  ctx: RuleContext,
): string[] {
  const saved = data.segments;
  const members: string[] = [];
  data.segments = members;
  try {
    for (const s of segments) {
      let member: boolean;
      try {
        member = truthy(s.rule(data, ctx));
      } catch {
        member = false;
      }
      if (member) members.push(s.segment.apiName);
    }
  } finally {
    data.segments = saved;
  }
  return members;
}

const TIME_OPERATORS: ReadonlySet<string> = new Set(['now', 'time_ago', 'time_since', 'within_last']);

/** True when a rule reads the as-of time anywhere (time operators), so its value depends on when it is evaluated. */
export function ruleReadsAsOf(rule: unknown): boolean {
  if (Array.isArray(rule)) return rule.some(ruleReadsAsOf);
  if (rule === null || typeof rule !== 'object') return false;
  return Object.entries(rule as Record<string, unknown>).some(([k, v]) => TIME_OPERATORS.has(k) || ruleReadsAsOf(v));
}

/** Names read by in_segment anywhere in a rule (literal operands). */
function segmentsNamed(rule: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(rule)) for (const r of rule) segmentsNamed(r, out);
  else if (rule !== null && typeof rule === 'object') {
    for (const [k, v] of Object.entries(rule as Record<string, unknown>)) {
      if (k === 'in_segment') {
        const name = Array.isArray(v) ? v[0] : v;
        if (typeof name === 'string') out.add(name);
      }
      segmentsNamed(v, out);
    }
  }
  return out;
}

/**
 * True when a segment's membership depends on the evaluation time: its rule reads the as-of time, or
 * it uses (through in_segment, transitively) a segment that does. Then membership at another time
 * than the refresh's must be evaluated over the documents; otherwise the refresh's count holds.
 */
export function segmentDependsOnTime(
  name: string,
  segments: readonly CompiledSegment[],
  seen: Set<string> = new Set(),
): boolean {
  if (seen.has(name)) return false;
  seen.add(name);
  const s = segments.find((x) => x.segment.apiName === name);
  if (!s) return false;
  if (ruleReadsAsOf(s.segment.rule)) return true;
  for (const dep of segmentsNamed(s.segment.rule, new Set()))
    if (segmentDependsOnTime(dep, segments, seen)) return true;
  return false;
}
