/**
 * A straightforward reference interpreter of the rule language, written independently of
 * engine/rules: a plain recursive walk over the rule JSON, following jsonlogic.com's
 * description and json-logic-js 2.0.5, plus the custom operators as docs/rules.md defines
 * them. Slow and obvious on purpose; the property tests check the compiler against it.
 */
import type { RuleContext } from '../../../engine/rules/index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the semantics are JavaScript's coercions
type Loose = any;

const isLogic = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1;

export function refTruthy(v: unknown): boolean {
  return Array.isArray(v) ? v.length > 0 : Boolean(v);
}

const PROTO_NAMES = new Set(
  [
    Object.prototype,
    Array.prototype,
    String.prototype,
    Number.prototype,
    Boolean.prototype,
    Function.prototype,
  ].flatMap((p) => Object.getOwnPropertyNames(p)),
);

/** data[key] for JSON data: prototype members only when they are own properties. */
function prop(data: unknown, key: string): unknown {
  if (PROTO_NAMES.has(key) && !Object.prototype.hasOwnProperty.call(Object(data), key)) return undefined;
  return (data as Record<string, unknown>)[key];
}

function readVar(data: unknown, path: unknown, dflt: unknown): unknown {
  const notFound = dflt === undefined ? null : dflt;
  if (path === undefined || path === null || path === '') return data;
  let cur = data;
  for (const key of String(path).split('.')) {
    if (cur === null || cur === undefined) return notFound;
    cur = prop(cur, key);
    if (cur === undefined) return notFound;
  }
  return cur;
}

// ---- timestamps (custom operators)
const UNITS: Record<string, number> = { seconds: 1e3, minutes: 6e4, hours: 36e5, days: 864e5, weeks: 6048e5 };
const unitOf = (u: unknown): number | undefined => {
  if (typeof u !== 'string') return undefined;
  const plural = u.endsWith('s') ? u : `${u}s`;
  return Object.prototype.hasOwnProperty.call(UNITS, plural) ? UNITS[plural] : undefined;
};

function parseTs(v: unknown): number {
  if (typeof v !== 'string') return NaN;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(v);
  if (m) {
    const [y, mo, d, h = 0, mi = 0, s = 0] = m
      .slice(1, 7)
      .map((x) => (x === undefined ? undefined : Number(x))) as number[];
    const ms = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
    const date = new Date(0);
    date.setUTCFullYear(y!, mo! - 1, d!);
    date.setUTCHours(h, mi, s, ms);
    if (
      date.getUTCFullYear() !== y ||
      date.getUTCMonth() !== mo! - 1 ||
      date.getUTCDate() !== d ||
      date.getUTCHours() !== h ||
      date.getUTCMinutes() !== mi ||
      date.getUTCSeconds() !== s
    )
      return NaN;
    let t = date.getTime();
    const zone = m[8];
    if (zone && zone.toUpperCase() !== 'Z') {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60000;
    }
    return t;
  }
  if (/^[\d\s.:+-]*$/.test(v)) return NaN;
  const t = Date.parse(v);
  return Number.isNaN(t) ? NaN : t;
}

const amount = (n: unknown): number =>
  typeof n === 'number' ? n : typeof n === 'string' && n.trim() !== '' ? Number(n) : NaN;
function agoMs(ctx: RuleContext, n: unknown, unit: unknown): number {
  const u = unitOf(unit);
  if (u === undefined) return NaN;
  const t = ctx.asOfMs - amount(n) * u;
  return Number.isFinite(t) && Math.abs(t) <= 8.64e15 ? Math.trunc(t) : NaN;
}

/** Evaluates a rule: `root` is the profile (for in_segment / ci), `data` the current scope. */
function run(rule: unknown, data: unknown, root: unknown, ctx: RuleContext): unknown {
  if (Array.isArray(rule)) return rule.map((r) => run(r, data, root, ctx));
  if (!isLogic(rule)) return rule;
  const op = Object.keys(rule)[0]!;
  const raw = rule[op];
  const args: unknown[] = Array.isArray(raw) ? raw : [raw];
  const at = (i: number, scope = data): unknown => run(args[i], scope, root, ctx);

  // Operators that control the evaluation of their operands.
  switch (op) {
    case 'if':
    case '?:': {
      let i = 0;
      for (; i + 1 < args.length; i += 2) if (refTruthy(at(i))) return at(i + 1);
      return i < args.length ? at(i) : null;
    }
    case 'and': {
      let v: unknown;
      for (let i = 0; i < args.length; i++) {
        v = at(i);
        if (!refTruthy(v)) return v;
      }
      return v;
    }
    case 'or': {
      let v: unknown;
      for (let i = 0; i < args.length; i++) {
        v = at(i);
        if (refTruthy(v)) return v;
      }
      return v;
    }
    case 'map':
    case 'filter':
    case 'all':
    case 'some':
    case 'none':
    case 'count':
    case 'reduce': {
      const arr = at(0);
      const each = (el: unknown): unknown => run(args[1], el, root, ctx);
      if (op === 'reduce') {
        let acc = args[2] === undefined ? null : at(2);
        if (!Array.isArray(arr)) return acc;
        for (const el of arr) acc = run(args[1], { current: el, accumulator: acc }, root, ctx);
        return acc;
      }
      if (!Array.isArray(arr))
        return op === 'none' ? true : op === 'map' || op === 'filter' ? [] : op === 'count' ? 0 : false;
      if (op === 'map') return arr.map(each);
      if (op === 'filter') return arr.filter((el) => refTruthy(each(el)));
      if (op === 'count') return args.length < 2 ? arr.length : arr.filter((el) => refTruthy(each(el))).length;
      if (op === 'all') return arr.length > 0 && arr.every((el) => refTruthy(each(el)));
      if (op === 'some') return arr.some((el) => refTruthy(each(el)));
      return !arr.some((el) => refTruthy(each(el)));
    }
  }

  // Everything else: evaluate every operand first.
  const v: Loose[] = args.map((_, i) => at(i));
  const [a, b, c]: Loose[] = v;
  const pf = (x: unknown): number => parseFloat(x as string);
  switch (op) {
    case 'var':
      return readVar(data, a, b);
    case 'missing': {
      const keys: unknown[] = Array.isArray(a) ? a : v;
      return keys.filter((k) => {
        const got = Array.isArray(k) ? readVar(data, k[0], k[1]) : readVar(data, k, undefined);
        return got === null || got === '';
      });
    }
    case 'missing_some': {
      const options: Loose = b;
      const keys: unknown[] = Array.isArray(options[0]) ? (options[0] as unknown[]) : options;
      const absent = keys.filter((k) => {
        const got = readVar(data, k, undefined);
        return got === null || got === '';
      });
      return options.length - absent.length >= a ? [] : absent;
    }
    case '==':
      return a == b;
    case '===':
      return a === b;
    case '!=':
      return a != b;
    case '!==':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return c === undefined ? a < b : a < b && b < c;
    case '<=':
      return c === undefined ? a <= b : a <= b && b <= c;
    case '!':
      return !refTruthy(a);
    case '!!':
      return refTruthy(a);
    case '%':
      return a % b;
    case '/':
      return a / b;
    case '-':
      return b === undefined ? -a : a - b;
    case '+':
      return v.reduce((s: Loose, x: Loose) => pf(s) + pf(x), 0);
    case '*':
      return v.reduce((p: Loose, x: Loose) => pf(p) * pf(x));
    case 'min':
      return Math.min(...v);
    case 'max':
      return Math.max(...v);
    case 'merge':
      return v.reduce((out: unknown[], x: Loose) => out.concat(x), []);
    case 'cat':
      return v.map((x) => (x === null || x === undefined ? '' : String(x))).join('');
    case 'substr': {
      const s = String(a);
      if (c < 0) {
        const t = s.substr(b);
        return t.substr(0, t.length + c);
      }
      return s.substr(b, c);
    }
    case 'in': {
      if (!b || typeof b.indexOf === 'undefined') return false;
      return b.indexOf(a) !== -1;
    }
    case 'log':
      ctx.log?.(a);
      return a;
    // custom
    case 'now':
      return ctx.asOf;
    case 'time_ago': {
      const t = agoMs(ctx, a, b);
      return Number.isNaN(t) ? null : new Date(t).toISOString();
    }
    case 'time_since': {
      const t = parseTs(a);
      const u = unitOf(b);
      return Number.isNaN(t) || u === undefined ? null : (ctx.asOfMs - t) / u;
    }
    case 'before':
      return parseTs(a) < parseTs(b);
    case 'after':
      return parseTs(a) > parseTs(b);
    case 'within_last': {
      const t = parseTs(a);
      const lo = agoMs(ctx, b, c);
      return t >= lo && t <= ctx.asOfMs;
    }
    case 'in_segment': {
      const segs = (root as { segments?: unknown } | null)?.segments;
      return Array.isArray(segs) && segs.includes(a);
    }
    case 'ci': {
      const ci = (root as { ci?: unknown } | null)?.ci;
      const got = ci && typeof ci === 'object' ? prop(ci, String(a)) : undefined;
      return got === undefined || got === null ? (b === undefined ? null : b) : got;
    }
  }
  throw new Error(`reference interpreter: unknown operator ${op}`);
}

/** Evaluates a rule against profile data as of the context's time. */
export function referenceEvaluate(rule: unknown, data: unknown, ctx: RuleContext): unknown {
  return run(rule, data, data, ctx);
}
