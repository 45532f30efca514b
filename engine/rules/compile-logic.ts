import { constant, dynamic, type Compiled } from './compiled.ts';
import { truthy } from './truthy.ts';

/** {"and": [...]}: the first falsy operand, or the last; a plain && chain when all are booleans. */
export function compileAnd(args: readonly Compiled[]): Compiled {
  const n = args.length;
  if (n === 0) return constant(undefined);
  if (n === 1) return args[0]!;
  const fs = args.map((a) => a.fn);
  if (args.every((a) => a.bool)) {
    const [f0, f1, f2, f3] = fs as [(typeof fs)[0], (typeof fs)[0], (typeof fs)[0], (typeof fs)[0]];
    if (n === 2) return dynamic((d, r, c) => (f0(d, r, c) as boolean) && (f1(d, r, c) as boolean), true);
    if (n === 3)
      return dynamic(
        (d, r, c) => (f0(d, r, c) as boolean) && (f1(d, r, c) as boolean) && (f2(d, r, c) as boolean),
        true,
      );
    if (n === 4)
      return dynamic(
        (d, r, c) =>
          (f0(d, r, c) as boolean) && (f1(d, r, c) as boolean) && (f2(d, r, c) as boolean) && (f3(d, r, c) as boolean),
        true,
      );
    if (n === 5) {
      const f4 = fs[4]!;
      return dynamic(
        (d, r, c) =>
          (f0(d, r, c) as boolean) &&
          (f1(d, r, c) as boolean) &&
          (f2(d, r, c) as boolean) &&
          (f3(d, r, c) as boolean) &&
          (f4(d, r, c) as boolean),
        true,
      );
    }
    if (n === 6) {
      const [f4, f5] = [fs[4]!, fs[5]!];
      return dynamic(
        (d, r, c) =>
          (f0(d, r, c) as boolean) &&
          (f1(d, r, c) as boolean) &&
          (f2(d, r, c) as boolean) &&
          (f3(d, r, c) as boolean) &&
          (f4(d, r, c) as boolean) &&
          (f5(d, r, c) as boolean),
        true,
      );
    }
    return dynamic((d, r, c) => {
      for (let i = 0; i < n; i++) if (!fs[i]!(d, r, c)) return false;
      return true;
    }, true);
  }
  return dynamic((d, r, c) => {
    let v: unknown;
    for (let i = 0; i < n; i++) {
      v = fs[i]!(d, r, c);
      if (!truthy(v)) return v;
    }
    return v;
  });
}

/** {"or": [...]}: the first truthy operand, or the last; a plain || chain when all are booleans. */
export function compileOr(args: readonly Compiled[]): Compiled {
  const n = args.length;
  if (n === 0) return constant(undefined);
  if (n === 1) return args[0]!;
  const fs = args.map((a) => a.fn);
  if (args.every((a) => a.bool)) {
    const [f0, f1, f2] = fs as [(typeof fs)[0], (typeof fs)[0], (typeof fs)[0]];
    if (n === 2) return dynamic((d, r, c) => (f0(d, r, c) as boolean) || (f1(d, r, c) as boolean), true);
    if (n === 3)
      return dynamic(
        (d, r, c) => (f0(d, r, c) as boolean) || (f1(d, r, c) as boolean) || (f2(d, r, c) as boolean),
        true,
      );
    return dynamic((d, r, c) => {
      for (let i = 0; i < n; i++) if (fs[i]!(d, r, c)) return true;
      return false;
    }, true);
  }
  return dynamic((d, r, c) => {
    let v: unknown;
    for (let i = 0; i < n; i++) {
      v = fs[i]!(d, r, c);
      if (truthy(v)) return v;
    }
    return v;
  });
}

/** {"if": [c1, v1, c2, v2, ..., else]} (also "?:"): lazy, like json-logic-js. */
export function compileIf(args: readonly Compiled[]): Compiled {
  const n = args.length;
  if (n === 0) return constant(null);
  if (n === 1) return args[0]!;
  const fs = args.map((a) => a.fn);
  const bool = args.every((a, i) => (i % 2 === 1 || i === n - 1 ? a.bool : true)) && n % 2 === 1;
  if (n === 3) {
    const [test, then, other] = fs as [(typeof fs)[0], (typeof fs)[0], (typeof fs)[0]];
    if (args[0]!.bool) return dynamic((d, r, c) => (test(d, r, c) ? then(d, r, c) : other(d, r, c)), bool);
    return dynamic((d, r, c) => (truthy(test(d, r, c)) ? then(d, r, c) : other(d, r, c)), bool);
  }
  return dynamic((d, r, c) => {
    let i = 0;
    for (; i < n - 1; i += 2) if (truthy(fs[i]!(d, r, c))) return fs[i + 1]!(d, r, c);
    return i === n - 1 ? fs[i]!(d, r, c) : null;
  }, bool);
}

/** {"!": x} and {"!!": x}: only the first operand counts, but every operand is evaluated. */
export function compileNot(args: readonly Compiled[], negate: boolean): Compiled {
  if (args.length !== 1) {
    const fs = args.map((a) => a.fn);
    return dynamic((d, r, c) => {
      let first: unknown;
      for (let i = 0; i < fs.length; i++) {
        const v = fs[i]!(d, r, c);
        if (i === 0) first = v;
      }
      return truthy(first) !== negate;
    }, true);
  }
  const f = args[0]!.fn;
  if (args[0]!.bool) return dynamic(negate ? (d, r, c) => !f(d, r, c) : f, true);
  return dynamic(negate ? (d, r, c) => !truthy(f(d, r, c)) : (d, r, c) => truthy(f(d, r, c)), true);
}
