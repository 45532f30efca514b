import type { RuleContext } from './rule-context.ts';
import { formatTimestamp, parseTimestamp, timeClip, unitMs } from './timestamps.ts';
import { step } from './var-lookup.ts';

/*
 * Operand-level semantics of the eager custom operators. Time operators read the as-of time
 * from the context; profile operators (in_segment, ci) read the profile root, also inside
 * some/all/none/map/filter/reduce/count, where `var` reads the element.
 */

type Values = readonly unknown[];

/** A count operand: a number, or a numeric string; NaN otherwise. */
export function toAmount(n: unknown): number {
  if (typeof n === 'number') return n;
  if (typeof n === 'string' && n.trim() !== '') return Number(n);
  return NaN;
}

/** Epoch ms of "n units before the as-of time" (TimeClip'd like a Date); NaN when invalid. */
export function agoMs(asOfMs: number, n: unknown, unit: unknown): number {
  const u = unitMs(unit);
  return u === undefined ? NaN : timeClip(asOfMs - toAmount(n) * u);
}

export function timeAgo(ctx: RuleContext, n: unknown, unit: unknown): string | null {
  const t = agoMs(ctx.asOfMs, n, unit);
  return t === t ? formatTimestamp(t) : null;
}

export function timeSince(ctx: RuleContext, ts: unknown, unit: unknown): number | null {
  const t = parseTimestamp(ts);
  const u = unitMs(unit);
  return t !== t || u === undefined ? null : (ctx.asOfMs - t) / u;
}

/** asOf − n units ≤ t ≤ asOf, with t and the bound in epoch ms (false when either is NaN). */
export const withinMs = (t: number, lower: number, asOfMs: number): boolean => t >= lower && t <= asOfMs;

/** The profile's segment memberships contain the name. */
export function inSegment(root: unknown, name: unknown): boolean {
  const segments = root === null || root === undefined ? undefined : (root as { segments?: unknown }).segments;
  return Array.isArray(segments) && segments.includes(name);
}

/** A calculated-insight value of the profile; the fallback (or null) when absent or null. */
export function insight(root: unknown, name: unknown, fallback: unknown): unknown {
  const dflt = fallback === undefined ? null : fallback;
  const ci = root === null || root === undefined ? undefined : (root as { ci?: unknown }).ci;
  if (ci === null || ci === undefined || typeof ci !== 'object') return dflt;
  const v = step(ci, String(name));
  return v === undefined || v === null ? dflt : v;
}

/** Eager custom operators: values are the evaluated operands; root is the profile. */
export const CUSTOM_EAGER: Readonly<Record<string, (values: Values, root: unknown, ctx: RuleContext) => unknown>> = {
  now: (_v, _root, ctx) => ctx.asOf,
  time_ago: (v, _root, ctx) => timeAgo(ctx, v[0], v[1]),
  time_since: (v, _root, ctx) => timeSince(ctx, v[0], v[1]),
  before: (v) => parseTimestamp(v[0]) < parseTimestamp(v[1]),
  after: (v) => parseTimestamp(v[0]) > parseTimestamp(v[1]),
  within_last: (v, _root, ctx) => withinMs(parseTimestamp(v[0]), agoMs(ctx.asOfMs, v[1], v[2]), ctx.asOfMs),
  in_segment: (v, root) => inSegment(root, v[0]),
  ci: (v, root) => insight(root, v[0], v[1]),
};
