import { spend } from './budget.ts';
import { constant, dynamic, type Compiled } from './compiled.ts';
import { truthy } from './truthy.ts';

/*
 * Operators that run a logic once per element, with the element as the data (json-logic-js
 * semantics). Only the first two operands count (three for reduce); extra operands are never
 * evaluated. The profile root still reaches in_segment/ci inside the predicate.
 */

const NOTHING = constant(undefined);

/** Compiles an iterating operator at `path`; each loop spends the array's length of the evaluation budget. */
export function compileIteration(op: string, args: readonly Compiled[], initialGiven: boolean, path: string): Compiled {
  const fa = (args[0] ?? NOTHING).fn;
  const pred = args[1] ?? NOTHING;
  const fp = pred.fn;
  const b = pred.bool;
  switch (op) {
    case 'some':
      return dynamic(
        b
          ? (d, r, c) => {
              const arr = fa(d, r, c);
              if (!Array.isArray(arr) || arr.length === 0) return false;
              spend(arr.length, path);
              for (let i = 0; i < arr.length; i++) if (fp(arr[i], r, c)) return true;
              return false;
            }
          : (d, r, c) => {
              const arr = fa(d, r, c);
              if (!Array.isArray(arr) || arr.length === 0) return false;
              spend(arr.length, path);
              for (let i = 0; i < arr.length; i++) if (truthy(fp(arr[i], r, c))) return true;
              return false;
            },
        true,
      );
    case 'all':
      return dynamic((d, r, c) => {
        const arr = fa(d, r, c);
        if (!Array.isArray(arr) || arr.length === 0) return false;
        spend(arr.length, path);
        for (let i = 0; i < arr.length; i++) if (!truthy(fp(arr[i], r, c))) return false;
        return true;
      }, true);
    case 'none':
      return dynamic((d, r, c) => {
        const arr = fa(d, r, c);
        if (!Array.isArray(arr) || arr.length === 0) return true;
        spend(arr.length, path);
        for (let i = 0; i < arr.length; i++) if (truthy(fp(arr[i], r, c))) return false;
        return true;
      }, true);
    case 'filter':
      return dynamic((d, r, c) => {
        const arr = fa(d, r, c);
        if (!Array.isArray(arr)) return [];
        const out: unknown[] = [];
        spend(arr.length, path);
        for (let i = 0; i < arr.length; i++) if (truthy(fp(arr[i], r, c))) out.push(arr[i]);
        return out;
      });
    case 'map':
      return dynamic((d, r, c) => {
        const arr = fa(d, r, c);
        if (!Array.isArray(arr)) return [];
        const out = new Array<unknown>(arr.length);
        spend(arr.length, path);
        for (let i = 0; i < arr.length; i++) out[i] = fp(arr[i], r, c);
        return out;
      });
    case 'count':
      if (args.length < 2) {
        return dynamic((d, r, c) => {
          const arr = fa(d, r, c);
          return Array.isArray(arr) ? arr.length : 0;
        });
      }
      return dynamic((d, r, c) => {
        const arr = fa(d, r, c);
        if (!Array.isArray(arr)) return 0;
        let n = 0;
        spend(arr.length, path);
        for (let i = 0; i < arr.length; i++) if (truthy(fp(arr[i], r, c))) n++;
        return n;
      });
    default: {
      // reduce: data {current, accumulator}; initial defaults to null when not written.
      const fi = initialGiven ? args[2]!.fn : () => null;
      return dynamic((d, r, c) => {
        const arr = fa(d, r, c);
        const initial = fi(d, r, c);
        if (!Array.isArray(arr)) return initial;
        let acc = initial;
        spend(arr.length, path);
        for (let i = 0; i < arr.length; i++) acc = fp({ current: arr[i], accumulator: acc }, r, c);
        return acc;
      });
    }
  }
}
