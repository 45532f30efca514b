import { constant, dynamic, type Compiled, type Data, type Fn } from './compiled.ts';
import { getVar, isSafeKey, NOT_FOUND, resolve, splitPath } from './var-lookup.ts';

/**
 * A reader for a constant var path, with the path split once. Paths of one to three plain
 * keys get unrolled closures (the common case: "loyaltyTier", "engagement.browse").
 */
export function varReader(keys: readonly string[] | undefined, fallback: unknown): Fn {
  const nf = fallback;
  if (keys === undefined) return (d) => d;
  if (!keys.every(isSafeKey)) {
    return (d) => {
      const v = resolve(d, keys);
      return v === NOT_FOUND ? nf : v;
    };
  }
  const [k0, k1, k2] = keys as [string, string, string];
  switch (keys.length) {
    case 1:
      return (d: Data) => {
        if (d === null || d === undefined) return nf;
        const v = d[k0];
        return v === undefined ? nf : v;
      };
    case 2:
      return (d: Data) => {
        if (d === null || d === undefined) return nf;
        const a = d[k0];
        if (a === null || a === undefined) return nf;
        const v = a[k1];
        return v === undefined ? nf : v;
      };
    case 3:
      return (d: Data) => {
        if (d === null || d === undefined) return nf;
        const a = d[k0];
        if (a === null || a === undefined) return nf;
        const b = a[k1];
        if (b === null || b === undefined) return nf;
        const v = b[k2];
        return v === undefined ? nf : v;
      };
    default:
      return (d: Data) => {
        let cur = d;
        for (let i = 0; i < keys.length; i++) {
          if (cur === null || cur === undefined) return nf;
          cur = cur[keys[i]!];
          if (cur === undefined) return nf;
        }
        return cur;
      };
  }
}

/** {"var": [path, default]}: a pre-split reader when path and default are constant. */
export function compileVar(args: readonly Compiled[]): Compiled {
  const path = args[0] ?? constant(undefined);
  const fallback = args[1] ?? constant(undefined);
  if (args.length <= 2 && path.constant && fallback.constant) {
    const keys = splitPath(path.value);
    const nf = fallback.value === undefined ? null : fallback.value;
    const compiled = dynamic(varReader(keys, nf));
    if (keys?.length === 1 && isSafeKey(keys[0]!)) compiled.field = { key: keys[0]!, fallback: nf };
    return compiled;
  }
  // A computed path or default: evaluate every operand (as json-logic-js does), then look up.
  const fs = args.map((a) => a.fn);
  return dynamic((d, r, c) => {
    const values = fs.map((f) => f(d, r, c));
    return getVar(d, values[0], values[1]);
  });
}
