/**
 * The closure backend: every node becomes a JavaScript closure (d = current data, r = profile
 * root, c = context), specialised on constant operands. It handles every operator; the code
 * generator (codegen.ts) covers the hot subset and delegates the rest here.
 */
import { compileBetween, compileComparison, compileIn, COMPARISONS } from './compile-comparison.ts';
import { compileCustom } from './compile-custom.ts';
import { compileIteration } from './compile-iteration.ts';
import { compileAnd, compileIf, compileNot, compileOr } from './compile-logic.ts';
import { compileVar } from './compile-var.ts';
import { spend } from './budget.ts';
import { constant, dynamic, type Compiled, type Data, type Fn } from './compiled.ts';
import { ITERATING_OPERATORS, operatorInfo } from './operators.ts';
import type { RuleContext } from './rule-context.ts';
import type { OpNode, RuleNode } from './rule-node.ts';
import { catPiece, STANDARD_EAGER, toFloat } from './standard-semantics.ts';

/** Compiles a parsed node into closures. */
export function compileNode(node: RuleNode): Compiled {
  if (node.kind === 'literal') return constant(node.value);
  if (node.kind === 'array') {
    const fs = node.items.map((n) => compileNode(n).fn);
    const n = fs.length;
    return dynamic((d, r, c) => {
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = fs[i]!(d, r, c);
      return out;
    });
  }
  const compiled = GROWING.has(node.op) ? metered(compileOp(node), node.path) : compileOp(node);
  return FOLDABLE.has(node.op) ? fold(node, compiled) : compiled;
}

/** Operators whose result can double each time a reduce feeds it back: they spend its length. */
const GROWING: ReadonlySet<string> = new Set(['merge', 'cat']);

function metered(compiled: Compiled, path: string): Compiled {
  const f = compiled.fn;
  return dynamic((d, r, c) => {
    const v = f(d, r, c) as { length: number };
    spend(v.length, path);
    return v;
  }, compiled.bool);
}

/** Pure operators: over literal operands they are computed once, at compile time. */
export const FOLDABLE: ReadonlySet<string> = new Set([
  ...COMPARISONS,
  '!',
  '!!',
  'and',
  'or',
  'if',
  '?:',
  '+',
  '-',
  '*',
  '/',
  '%',
  'min',
  'max',
  'in',
  'cat',
  'substr',
  'before',
  'after',
]);

const FOLDING_CONTEXT: RuleContext = { asOf: '', asOfMs: NaN };

function fold(node: OpNode, compiled: Compiled): Compiled {
  if (!node.args.every((a) => a.kind === 'literal')) return compiled;
  try {
    const v = compiled.fn(undefined, undefined, FOLDING_CONTEXT);
    // Only scalars are folded: a shared array result could be changed by a caller.
    return v === null || typeof v !== 'object' ? constant(v) : compiled;
  } catch {
    return compiled; // let the error surface at evaluation, as json-logic-js does
  }
}

function compileOp(node: OpNode): Compiled {
  const { op } = node;
  const argsOf = (n: RuleNode): Compiled[] => (n.kind === 'op' ? n.args.map(compileNode) : []);
  // Lazy operators compile their operands themselves (iteration predicates run per element).
  if (ITERATING_OPERATORS.has(op)) {
    const args = node.args.map(compileNode);
    const initial = node.args[2];
    return compileIteration(
      op,
      args,
      initial !== undefined && !(initial.kind === 'literal' && initial.value === undefined),
      node.path,
    );
  }
  const args = node.args.map(compileNode);
  const n = args.length;
  switch (op) {
    case 'var':
      return compileVar(args);
    case 'and':
      return compileAnd(args);
    case 'or':
      return compileOr(args);
    case 'if':
    case '?:':
      return compileIf(args);
    case '!':
      return compileNot(args, true);
    case '!!':
      return compileNot(args, false);
    case 'in':
      if (n === 2) return compileIn(args[0]!, args[1]!, node.path);
      break;
    case '<':
    case '<=':
      if (n === 3) return compileBetween(op, args[0]!, args[1]!, args[2]!);
      if (n === 2) return compileComparison(op, args[0]!, args[1]!);
      break;
    case '==':
    case '===':
    case '!=':
    case '!==':
    case '>':
    case '>=':
      if (n === 2) return compileComparison(op, args[0]!, args[1]!);
      break;
    default: {
      if (operatorInfo(op)!.kind === 'custom') return compileCustom(op, node.args, args, argsOf);
      const fast = n === 2 ? twoOperands(op, args[0]!.fn, args[1]!.fn) : undefined;
      if (fast) return dynamic(fast);
    }
  }
  return genericEager(op, args);
}

/** Arithmetic and cat on exactly two operands, without an operand array. */
function twoOperands(op: string, fa: Fn, fb: Fn): Fn | undefined {
  switch (op) {
    case '+':
      return (d, r, c) => 0 + toFloat(fa(d, r, c)) + toFloat(fb(d, r, c));
    case '*':
      return (d, r, c) => toFloat(fa(d, r, c)) * toFloat(fb(d, r, c));
    case '-':
      return (d, r, c) => {
        const a = fa(d, r, c) as Data,
          b = fb(d, r, c) as Data;
        return b === undefined ? -a : a - b;
      };
    case '/':
      return (d, r, c) => (fa(d, r, c) as Data) / (fb(d, r, c) as Data);
    case '%':
      return (d, r, c) => (fa(d, r, c) as Data) % (fb(d, r, c) as Data);
    case 'cat':
      return (d, r, c) => catPiece(fa(d, r, c)) + catPiece(fb(d, r, c));
    default:
      return undefined;
  }
}

/** Any standard operator: evaluate every operand, then apply its semantics. */
function genericEager(op: string, args: readonly Compiled[]): Compiled {
  const sem = STANDARD_EAGER[op]!;
  const fs = args.map((a) => a.fn);
  const n = fs.length;
  const bool = COMPARISONS.has(op) || op === 'in';
  return dynamic((d, r, c) => {
    const values = new Array<unknown>(n);
    for (let i = 0; i < n; i++) values[i] = fs[i]!(d, r, c);
    return sem(values, d, c.log);
  }, bool);
}
