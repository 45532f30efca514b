import type { ExplainNode, JsonValue } from '../model/index.ts';
import { truthy } from './truthy.ts';

/** The first condition that made a rule falsy, with a sentence an analyst can read. */
export interface WhyNot {
  path: string;
  op: string;
  value: JsonValue;
  description: string;
}

/**
 * The first failing condition of a falsy rule (from its explain() tree), or undefined when the
 * rule holds. `and` names its first falsy operand; `or` says none of its operands holds; `all`
 * names the first element that fails; `some` says no element matches (or that the array is empty).
 */
export function whyNot(tree: ExplainNode): WhyNot | undefined {
  if (truthy(tree.value)) return undefined;
  return failing(tree);
}

const MAX_JSON = 80;

/** Short JSON of a value for a sentence. */
export function show(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  let s: string | undefined;
  try {
    s = JSON.stringify(v);
  } catch {
    s = String(v);
  }
  if (s === undefined) return String(v);
  return s.length > MAX_JSON ? `${s.slice(0, MAX_JSON - 1)}…` : s;
}

const result = (n: ExplainNode, description: string): WhyNot => ({
  path: n.path,
  op: n.op,
  value: n.value,
  description,
});

/** How an operand reads in a sentence: a var's path, a literal's JSON, else op(...). */
function label(n: ExplainNode): string {
  if (n.op === 'var') return n.varPath === '' || n.varPath === undefined ? 'the data' : n.varPath;
  if (n.op === 'literal') return show(n.value);
  if (n.op === 'element') return n.varPath ?? 'element';
  const inner = n.args
    .filter((a) => !a.skipped && a.op !== 'element')
    .map(label)
    .join(', ');
  return `${n.op}(${inner.length > 60 ? `${inner.slice(0, 59)}…` : inner})`;
}

/** "age is 17" / "age is missing" / "count(...) is 0". */
function state(n: ExplainNode): string {
  if (n.op === 'literal') return show(n.value);
  if (n.op === 'var' && n.missing)
    return `${label(n)} is missing${n.value === null ? '' : ` (default ${show(n.value)})`}`;
  return `${label(n)} is ${show(n.value)}`;
}

/** The other side of a comparison: a literal as JSON, anything else as label (value). */
const operand = (n: ExplainNode): string => (n.op === 'literal' ? show(n.value) : `${label(n)} (${show(n.value)})`);

const PHRASE: Readonly<Record<string, string>> = {
  '==': 'equal to',
  '===': 'strictly equal to',
  '!=': 'different from',
  '!==': 'strictly different from',
  '>': 'greater than',
  '>=': 'at least',
  '<': 'less than',
  '<=': 'at most',
};
const FLIPPED: Readonly<Record<string, string>> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=' };

/** A sentence for a node's actual outcome, whether it held or not. */
export function describe(n: ExplainNode): string {
  const held = truthy(n.value);
  const not = held ? '' : 'not ';
  const [a, b, c] = n.args;
  switch (n.op) {
    case '==':
    case '===':
    case '!=':
    case '!==':
    case '>':
    case '>=':
    case '<':
    case '<=': {
      if (!a || !b) break;
      if (c && (n.op === '<' || n.op === '<=')) {
        return `${state(b)}, ${not}between ${show(a.value)} and ${show(c.value)} (${n.op === '<' ? 'exclusive' : 'inclusive'})`;
      }
      if (a.op !== 'var' && b.op === 'var')
        return `${state(b)}, ${not}${PHRASE[FLIPPED[n.op] ?? n.op]} ${show(a.value)}`;
      return `${state(a)}, ${not}${PHRASE[n.op]} ${operand(b)}`;
    }
    case 'in':
      if (!a || !b) break;
      if (a.op !== 'var' && b.op === 'var')
        return `${state(b)}, which does ${held ? '' : 'not '}contain ${show(a.value)}`;
      return `${state(a)}, ${not}in ${operand(b)}`;
    case 'in_segment':
      return `${not}in segment ${show(a?.value)}`;
    case 'before':
    case 'after':
      if (!a || !b) break;
      return `${state(a)}, ${not}${n.op} ${operand(b)}`;
    case 'within_last':
      if (!a) break;
      return `${state(a)}, ${not}within the last ${show(b?.value)} ${typeof c?.value === 'string' ? c.value : show(c?.value)}`;
    case 'missing':
    case 'missing_some':
      return Array.isArray(n.value) && n.value.length > 0
        ? `missing: ${n.value.map((k) => String(k)).join(', ')}`
        : 'nothing is missing';
    case 'some':
    case 'all':
    case 'none': {
      const arr = a?.value;
      const where = a ? label(a) : 'the array';
      if (!Array.isArray(arr))
        return `${where} is ${a?.op === 'var' && a.missing ? 'missing' : `not an array (${show(arr)})`}, so ${n.op} is ${show(n.value)}`;
      if (arr.length === 0) return `${where} is empty, so ${n.op} is ${show(n.value)}`;
      const matched = n.args.filter((e) => e.op === 'element' && truthy(e.value)).length;
      return `${matched} of ${arr.length} elements of ${where} checked match, so ${n.op} is ${show(n.value)}`;
    }
    case 'ci':
      return `calculated insight ${show(a?.value)} is ${show(n.value)}`;
    case '!':
      return a ? `not expected: ${describe(a)}` : `! is ${show(n.value)}`;
    case '!!':
      return a ? describe(a) : `!! is ${show(n.value)}`;
  }
  if (n.op === 'literal') return `the rule is the constant ${show(n.value)}`;
  return state(n);
}

function failing(n: ExplainNode): WhyNot {
  const evaluated = n.args.filter((a) => !a.skipped);
  switch (n.op) {
    case 'and': {
      const first = evaluated.find((a) => !truthy(a.value));
      return first ? failing(first) : result(n, 'and has no conditions');
    }
    case 'or': {
      if (evaluated.length === 0) return result(n, 'or has no conditions');
      if (evaluated.length === 1) return failing(evaluated[0]!);
      const reasons = evaluated.map((a) => failing(a).description);
      return result(n, `none of the ${evaluated.length} alternatives holds: ${reasons.join('; ')}`);
    }
    case 'if':
    case '?:': {
      let last = -1;
      n.args.forEach((a, i) => {
        if (!a.skipped) last = i;
      });
      const producedValue = last >= 0 && (last % 2 === 1 || (last === n.args.length - 1 && n.args.length % 2 === 1));
      return producedValue ? failing(n.args[last]!) : result(n, 'no condition of the if holds and it has no else');
    }
    case '!!':
      return n.args[0] ? failing(n.args[0]) : result(n, describe(n));
    case 'all': {
      const firstFail = n.args.find((e) => e.op === 'element' && !truthy(e.value));
      if (firstFail && firstFail.args[0]) {
        const inner = failing(firstFail.args[0]);
        return { ...inner, description: `${firstFail.varPath}: ${inner.description}` };
      }
      return result(n, describe(n));
    }
    case 'some': {
      const base = describe(n);
      const first = n.args.find((e) => e.op === 'element');
      if (!first?.args[0]) return result(n, base);
      return result(n, `${base}; e.g. ${first.varPath}: ${failing(first.args[0]).description}`);
    }
    case 'none': {
      const match = n.args.find((e) => e.op === 'element' && truthy(e.value));
      return result(n, match?.args[0] ? `${match.varPath} matches: ${describe(match.args[0])}` : describe(n));
    }
    default:
      return result(n, describe(n));
  }
}
