import { dynamic, type Compiled, type Data, type Fn } from './compiled.ts';
import { agoMs, CUSTOM_EAGER, inSegment, insight, toAmount } from './custom-semantics.ts';
import type { RuleNode } from './rule-node.ts';
import type { RuleContext } from './rule-context.ts';
import { formatTimestamp, parseTimestamp, timeClip, unitMs } from './timestamps.ts';

/** Epoch-ms reader of a timestamp operand. */
type MsFn = (d: Data, r: Data, c: RuleContext) => number;

/**
 * A timestamp operand. `iso` is set for a bound known before the data is read (a literal,
 * {"now": []}, a literal time_ago): its canonical string for the context, or null when it has
 * none (out of the four-digit-year range, or invalid). `raw` reads a data-side operand.
 */
interface TimestampOperand {
  ms: MsFn;
  iso?: (c: RuleContext) => string | null;
  raw?: Fn;
}

/** n and unit both literal: the span in ms, or undefined when not constant. */
function constantSpan(n: Compiled | undefined, unit: Compiled | undefined): number | undefined {
  if (!n?.constant || !unit?.constant) return undefined;
  const u = unitMs(unit.value);
  return u === undefined ? undefined : toAmount(n.value) * u;
}

/** Canonical 24-character form of an instant, or null (invalid, or a year outside 0000-9999). */
function canonical24(ms: number): string | null {
  const s = ms === ms ? formatTimestamp(ms) : null;
  return s !== null && s.length === 24 ? s : null;
}

/**
 * True when v has the exact shape YYYY-MM-DDTHH:mm:ss.sssZ (digits not checked). For such a
 * string, comparing it as a string with a canonical bound gives the chronological order when v
 * is valid — and when it is not, the operator is false anyway — so a string comparison can
 * reject it without parsing.
 */
function canonicalShape(v: unknown): v is string {
  return (
    typeof v === 'string' &&
    v.length === 24 &&
    v.charCodeAt(23) === 90 &&
    v.charCodeAt(10) === 84 &&
    v.charCodeAt(19) === 46 &&
    v.charCodeAt(4) === 45 &&
    v.charCodeAt(7) === 45 &&
    v.charCodeAt(13) === 58 &&
    v.charCodeAt(16) === 58
  );
}

/** Caches a value derived from the as-of time: a batch run evaluates one context a million times. */
function perAsOf<T>(derive: (asOfMs: number) => T): (c: RuleContext) => T {
  let lastMs = NaN;
  let last = derive(NaN);
  return (c) => {
    if (c.asOfMs !== lastMs) {
      last = derive(c.asOfMs);
      lastMs = c.asOfMs;
    }
    return last;
  };
}

/**
 * Reads a timestamp operand as epoch ms without a string round trip where possible: a literal
 * is parsed once, {"now": []} is ctx.asOfMs, a literal time_ago is asOfMs minus a constant.
 */
function timestampOperand(node: RuleNode, compiled: Compiled, argsOf: (n: RuleNode) => Compiled[]): TimestampOperand {
  if (compiled.constant) {
    const t = parseTimestamp(compiled.value);
    const iso = canonical24(t);
    return { ms: () => t, iso: () => iso };
  }
  if (node.kind === 'op' && node.op === 'now') return { ms: (_d, _r, c) => c.asOfMs, iso: perAsOf(canonical24) };
  if (node.kind === 'op' && node.op === 'time_ago') {
    const [n, unit] = argsOf(node);
    const span = constantSpan(n, unit);
    if (span !== undefined)
      return { ms: (_d, _r, c) => timeClip(c.asOfMs - span), iso: perAsOf((ms) => canonical24(timeClip(ms - span))) };
  }
  const f = compiled.fn;
  return { ms: (d, r, c) => parseTimestamp(f(d, r, c)), raw: f };
}

/** before / after: a string comparison rejects canonical data outside the bound before parsing. */
function compileOrder(op: 'before' | 'after', a: TimestampOperand, b: TimestampOperand): Fn {
  const before = op === 'before';
  if (a.raw && b.iso) {
    const [fa, bound, bms] = [a.raw, b.iso, b.ms];
    return (d, r, c) => {
      const v = fa(d, r, c);
      const B = bound(c);
      if (B !== null && canonicalShape(v) && (before ? v >= B : v <= B)) return false;
      const t = parseTimestamp(v);
      return before ? t < bms(d, r, c) : t > bms(d, r, c);
    };
  }
  if (a.iso && b.raw) {
    const [bound, ams, fb] = [a.iso, a.ms, b.raw];
    return (d, r, c) => {
      const A = bound(c);
      const v = fb(d, r, c);
      if (A !== null && canonicalShape(v) && (before ? v <= A : v >= A)) return false;
      const t = parseTimestamp(v);
      return before ? ams(d, r, c) < t : ams(d, r, c) > t;
    };
  }
  const [ma, mb] = [a.ms, b.ms];
  return before ? (d, r, c) => ma(d, r, c) < mb(d, r, c) : (d, r, c) => ma(d, r, c) > mb(d, r, c);
}

/** Compiles a custom operator; `nodes` are its operand nodes, `args` their compiled forms. */
export function compileCustom(
  op: string,
  nodes: readonly RuleNode[],
  args: readonly Compiled[],
  argsOf: (n: RuleNode) => Compiled[],
): Compiled {
  switch (op) {
    case 'now':
      return dynamic((_d, _r, c) => c.asOf);
    case 'time_ago': {
      const span = constantSpan(args[0], args[1]);
      if (span === undefined) break;
      const at = perAsOf((ms) => {
        const t = timeClip(ms - span);
        return t === t ? formatTimestamp(t) : null;
      });
      return dynamic((_d, _r, c) => at(c));
    }
    case 'before':
    case 'after':
      return dynamic(
        compileOrder(op, timestampOperand(nodes[0]!, args[0]!, argsOf), timestampOperand(nodes[1]!, args[1]!, argsOf)),
        true,
      );
    case 'within_last': {
      const operand = timestampOperand(nodes[0]!, args[0]!, argsOf);
      const t = operand.ms;
      const span = constantSpan(args[1], args[2]);
      if (span === undefined) {
        const [fn, fu] = [args[1]!.fn, args[2]!.fn];
        return dynamic((d, r, c) => {
          const ts = t(d, r, c);
          const lower = agoMs(c.asOfMs, fn(d, r, c), fu(d, r, c));
          return ts >= lower && ts <= c.asOfMs;
        }, true);
      }
      const window = perAsOf((ms) => {
        const lower = timeClip(ms - span);
        return { lower, lowerIso: canonical24(lower), upperIso: canonical24(ms) };
      });
      const raw = operand.raw;
      if (raw) {
        return dynamic((d, r, c) => {
          const v = raw(d, r, c);
          const w = window(c);
          if (w.lowerIso !== null && w.upperIso !== null && canonicalShape(v) && (v < w.lowerIso || v > w.upperIso))
            return false;
          const ts = parseTimestamp(v);
          return ts >= w.lower && ts <= c.asOfMs;
        }, true);
      }
      return dynamic((d, r, c) => {
        const ts = t(d, r, c);
        return ts >= window(c).lower && ts <= c.asOfMs;
      }, true);
    }
    case 'in_segment':
      if (args[0]!.constant) {
        const name = args[0]!.value;
        return dynamic((_d, r) => inSegment(r, name), true);
      }
      break;
    case 'ci':
      if (args.every((a) => a.constant)) {
        const name = args[0]!.value;
        const fallback = args[1]?.value;
        return dynamic((_d, r) => insight(r, name, fallback));
      }
      break;
  }
  // Generic: evaluate every operand, then apply the operator's semantics.
  const sem = CUSTOM_EAGER[op]!;
  const fs: Fn[] = args.map((a) => a.fn);
  return dynamic(
    (d, r, c) =>
      sem(
        fs.map((f) => f(d, r, c)),
        r,
        c,
      ),
    op === 'before' || op === 'after' || op === 'within_last' || op === 'in_segment',
  );
}
