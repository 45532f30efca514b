import { scanned } from './budget.ts';
import { dynamic, type Compiled, type Data, type Fn } from './compiled.ts';
import { contains, lessOrEqual, lessThan } from './standard-semantics.ts';

/** The two-operand comparisons, as plain JavaScript operators. */
export const COMPARISONS: ReadonlySet<string> = new Set(['==', '===', '!=', '!==', '>', '>=', '<', '<=']);

/** a OP k, with k a compile-time constant: one closure per operator so each stays monomorphic. */
function againstConstant(op: string, fa: Fn, k: Data): Fn {
  switch (op) {
    case '==':
      return (d, r, c) => (fa(d, r, c) as Data) == k;
    case '===':
      return (d, r, c) => fa(d, r, c) === k;
    case '!=':
      return (d, r, c) => (fa(d, r, c) as Data) != k;
    case '!==':
      return (d, r, c) => fa(d, r, c) !== k;
    case '>':
      return (d, r, c) => (fa(d, r, c) as Data) > k;
    case '>=':
      return (d, r, c) => (fa(d, r, c) as Data) >= k;
    case '<':
      return (d, r, c) => (fa(d, r, c) as Data) < k;
    default:
      return (d, r, c) => (fa(d, r, c) as Data) <= k;
  }
}

/** k OP b, with k a compile-time constant. */
function constantAgainst(op: string, k: Data, fb: Fn): Fn {
  switch (op) {
    case '==':
      return (d, r, c) => k == fb(d, r, c);
    case '===':
      return (d, r, c) => k === fb(d, r, c);
    case '!=':
      return (d, r, c) => k != fb(d, r, c);
    case '!==':
      return (d, r, c) => k !== fb(d, r, c);
    case '>':
      return (d, r, c) => k > (fb(d, r, c) as Data);
    case '>=':
      return (d, r, c) => k >= (fb(d, r, c) as Data);
    case '<':
      return (d, r, c) => k < (fb(d, r, c) as Data);
    default:
      return (d, r, c) => k <= (fb(d, r, c) as Data);
  }
}

function bothDynamic(op: string, fa: Fn, fb: Fn): Fn {
  switch (op) {
    case '==':
      return (d, r, c) => (fa(d, r, c) as Data) == fb(d, r, c);
    case '===':
      return (d, r, c) => fa(d, r, c) === fb(d, r, c);
    case '!=':
      return (d, r, c) => (fa(d, r, c) as Data) != fb(d, r, c);
    case '!==':
      return (d, r, c) => fa(d, r, c) !== fb(d, r, c);
    case '>':
      return (d, r, c) => (fa(d, r, c) as Data) > (fb(d, r, c) as Data);
    case '>=':
      return (d, r, c) => (fa(d, r, c) as Data) >= (fb(d, r, c) as Data);
    case '<':
      return (d, r, c) => (fa(d, r, c) as Data) < (fb(d, r, c) as Data);
    default:
      return (d, r, c) => (fa(d, r, c) as Data) <= (fb(d, r, c) as Data);
  }
}

/**
 * data[key] OP k: a one-key var read inline (the var reader's semantics: a null/undefined data
 * or an absent key gives the fallback), saving a call per comparison on the hot path.
 */
function fieldAgainstConstant(op: string, key: string, nf: Data, k: Data): Fn {
  switch (op) {
    case '==':
      return (d) => {
        const v = d === null || d === undefined ? undefined : d[key];
        return (v === undefined ? nf : v) == k;
      };
    case '===':
      return (d) => {
        const v = d === null || d === undefined ? undefined : d[key];
        return (v === undefined ? nf : v) === k;
      };
    case '!=':
      return (d) => {
        const v = d === null || d === undefined ? undefined : d[key];
        return (v === undefined ? nf : v) != k;
      };
    case '!==':
      return (d) => {
        const v = d === null || d === undefined ? undefined : d[key];
        return (v === undefined ? nf : v) !== k;
      };
    case '>':
      return (d) => {
        const v = d === null || d === undefined ? undefined : d[key];
        return (v === undefined ? nf : v) > k;
      };
    case '>=':
      return (d) => {
        const v = d === null || d === undefined ? undefined : d[key];
        return (v === undefined ? nf : v) >= k;
      };
    case '<':
      return (d) => {
        const v = d === null || d === undefined ? undefined : d[key];
        return (v === undefined ? nf : v) < k;
      };
    default:
      return (d) => {
        const v = d === null || d === undefined ? undefined : d[key];
        return (v === undefined ? nf : v) <= k;
      };
  }
}

/** A two-operand comparison, specialised on a constant side. */
export function compileComparison(op: string, a: Compiled, b: Compiled): Compiled {
  if (b.constant && a.field) return dynamic(fieldAgainstConstant(op, a.field.key, a.field.fallback, b.value), true);
  if (b.constant) return dynamic(againstConstant(op, a.fn, b.value), true);
  if (a.constant) return dynamic(constantAgainst(op, a.value, b.fn), true);
  return dynamic(bothDynamic(op, a.fn, b.fn), true);
}

/** The three-operand "between" forms of < and <= (exclusive / inclusive). */
export function compileBetween(op: '<' | '<=', a: Compiled, b: Compiled, c3: Compiled): Compiled {
  const [fa, fb, fc] = [a.fn, b.fn, c3.fn];
  if (a.constant && c3.constant && c3.value !== undefined) {
    const lo: Data = a.value,
      hi: Data = c3.value;
    return dynamic(
      op === '<'
        ? (d, r, c) => {
            const v = fb(d, r, c) as Data;
            return lo < v && v < hi;
          }
        : (d, r, c) => {
            const v = fb(d, r, c) as Data;
            return lo <= v && v <= hi;
          },
      true,
    );
  }
  const cmp = op === '<' ? lessThan : lessOrEqual;
  return dynamic((d, r, c) => cmp(fa(d, r, c), fb(d, r, c), fc(d, r, c)), true);
}

const isPrimitive = (v: unknown): boolean => v === null || (typeof v !== 'object' && typeof v !== 'function');

/**
 * {"in": [a, b]}: a literal list of scalars becomes a Set lookup (Set's SameValueZero equals
 * indexOf's === on every JSON scalar); a literal string becomes a substring search.
 */
export function compileIn(a: Compiled, b: Compiled, path: string): Compiled {
  const fa = a.fn;
  if (b.constant) {
    const list = b.value;
    if (Array.isArray(list) && list.every(isPrimitive)) {
      if (list.length === 1) {
        const only = list[0];
        return dynamic((d, r, c) => fa(d, r, c) === only, true);
      }
      const set = new Set<unknown>(list);
      if (a.field) {
        const { key, fallback: nf } = a.field;
        return dynamic((d: Data) => {
          const v = d === null || d === undefined ? undefined : d[key];
          return set.has(v === undefined ? nf : v);
        }, true);
      }
      return dynamic((d, r, c) => set.has(fa(d, r, c)), true);
    }
    if (typeof list === 'string') {
      if (list === '') return dynamic((d, r, c) => (fa(d, r, c), false), true);
      return dynamic((d, r, c) => list.indexOf(fa(d, r, c) as string) !== -1, true);
    }
    return dynamic((d, r, c) => contains(fa(d, r, c), list), true);
  }
  const fb = b.fn;
  // A list computed per evaluation is scanned: it spends its length (a literal list is a Set).
  return dynamic((d, r, c) => contains(fa(d, r, c), scanned(fb(d, r, c), path)), true);
}
