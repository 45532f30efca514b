import { scanned, spend } from './budget.ts';
import { COMPARISONS } from './compile-comparison.ts';
import { compileNode, FOLDABLE } from './compile-node.ts';
import type { Fn } from './compiled.ts';
import type { OpNode, RuleNode } from './rule-node.ts';
import { contains } from './standard-semantics.ts';
import { truthy } from './truthy.ts';
import { isSafeKey, splitPath } from './var-lookup.ts';

/*
 * The code generator: turns the hot subset of a rule — var reads with constant paths,
 * comparisons, in, !, !!, and, or, if, and the iterating operators — into the source of one
 * JavaScript function, built with `new Function` once per compile(). Every other node is
 * compiled by the closure backend and called from the generated code as F[i](d, r, c).
 *
 * Safety: no text of the rule is ever spliced into the source except through JSON.stringify
 * (string constants and property keys, which it quotes and escapes) and String() of finite
 * numbers; every other constant is passed in the K array. Identifiers are generated (v0, p1, ...).
 * Semantics are those of the closure backend; the property tests hold both to the reference.
 */

interface Code {
  /** A JavaScript expression over d (current data), r (profile root) and c (context); primary or parenthesized. */
  js: string;
  /** The expression always yields a boolean. */
  bool: boolean;
}

class Generator {
  readonly constants: unknown[] = [];
  readonly delegated: Fn[] = [];
  readonly functions: string[] = [];
  private readonly readers = new Map<string, string>();
  private count = 0;

  private fresh(prefix: string): string {
    return `${prefix}${this.count++}`;
  }

  /** Declares a helper function of (d, r, c) with the given body; returns the call expression. */
  private helper(prefix: string, body: string): string {
    const name = this.fresh(prefix);
    this.functions.push(`function ${name}(d, r, c) { ${body} }`);
    return `${name}(d, r, c)`;
  }

  constant(v: unknown): Code {
    if (typeof v === 'string') return { js: JSON.stringify(v), bool: false };
    if (typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0))
      return { js: v < 0 ? `(${String(v)})` : String(v), bool: false };
    if (typeof v === 'boolean') return { js: String(v), bool: true };
    if (v === null) return { js: 'null', bool: false };
    if (v === undefined) return { js: '(void 0)', bool: false };
    this.constants.push(v);
    return { js: `K[${this.constants.length - 1}]`, bool: false };
  }

  /** A node the generator does not cover: compiled with closures, called from the generated code. */
  delegate(node: RuleNode): Code {
    const compiled = compileNode(node);
    if (compiled.constant) return this.constant(compiled.value);
    this.delegated.push(compiled.fn);
    return { js: `F[${this.delegated.length - 1}](d, r, c)`, bool: compiled.bool };
  }

  node(node: RuleNode): Code {
    if (node.kind === 'literal') return this.constant(node.value);
    if (node.kind === 'array') return { js: `[${node.items.map((n) => this.node(n).js).join(', ')}]`, bool: false };
    if (FOLDABLE.has(node.op) && node.args.every((a) => a.kind === 'literal')) {
      const folded = compileNode(node);
      if (folded.constant) return this.constant(folded.value);
    }
    return this.op(node);
  }

  private test(code: Code): string {
    return code.bool ? code.js : `truthy(${code.js})`;
  }

  private op(node: OpNode): Code {
    const { op, args } = node;
    const n = args.length;
    if (COMPARISONS.has(op) && n === 2)
      return { js: `(${this.node(args[0]!).js} ${op} ${this.node(args[1]!).js})`, bool: true };
    switch (op) {
      case 'var':
        return this.varRead(node);
      case '<':
      case '<=':
        if (n !== 3) break;
        return {
          js: this.helper(
            'b',
            `const a = ${this.node(args[0]!).js}, b = ${this.node(args[1]!).js}, x = ${this.node(args[2]!).js}; return x === undefined ? a ${op} b : a ${op} b && b ${op} x;`,
          ),
          bool: true,
        };
      case 'in':
        return n === 2 ? this.contains(args[0]!, args[1]!, node.path) : this.delegate(node);
      case '!':
      case '!!': {
        if (n !== 1) break;
        const a = this.node(args[0]!);
        return { js: op === '!' ? `(!${this.test(a)})` : this.test(a), bool: true };
      }
      case 'and':
      case 'or':
        return this.andOr(op, args);
      case 'if':
      case '?:':
        return this.ifChain(args);
      case 'some':
      case 'all':
      case 'none':
      case 'filter':
      case 'map':
      case 'count':
      case 'reduce':
        return this.iteration(op, args, node.path);
    }
    return this.delegate(node);
  }

  /** {"var": path} with a constant path of plain keys: an unrolled reader function. */
  private varRead(node: OpNode): Code {
    const [p, dflt] = node.args;
    if (node.args.length > 2 || (p && p.kind !== 'literal') || (dflt && dflt.kind !== 'literal'))
      return this.delegate(node);
    const keys = splitPath(p?.kind === 'literal' ? p.value : undefined);
    if (keys === undefined) return { js: 'd', bool: false };
    if (!keys.every(isSafeKey)) return this.delegate(node);
    const fallback = dflt?.kind === 'literal' && dflt.value !== undefined ? dflt.value : null;
    const nf = this.constant(fallback).js;
    const id = JSON.stringify(keys) + nf;
    let name = this.readers.get(id);
    if (!name) {
      name = this.fresh('v');
      const steps = keys
        .slice(1)
        .map((k) => `if (x === null || x === undefined) return ${nf}; x = x[${JSON.stringify(k)}];`)
        .join(' ');
      this.functions.push(
        `function ${name}(d) { if (d === null || d === undefined) return ${nf}; let x = d[${JSON.stringify(keys[0])}]; ${steps} return x === undefined ? ${nf} : x; }`,
      );
      this.readers.set(id, name);
    }
    return { js: `${name}(d)`, bool: false };
  }

  /** {"in": [a, b]}: Set lookup for a literal list of scalars, indexOf for a literal string. */
  private contains(aNode: RuleNode, bNode: RuleNode, path: string): Code {
    const a = this.node(aNode).js;
    if (bNode.kind === 'literal') {
      const list = bNode.value;
      if (Array.isArray(list) && list.every((v) => v === null || typeof v !== 'object')) {
        if (list.length === 1) return { js: `(${a} === ${this.constant(list[0]).js})`, bool: true };
        return { js: `${this.constant(new Set(list)).js}.has(${a})`, bool: true };
      }
      if (typeof list === 'string') {
        return { js: list === '' ? `(${a}, false)` : `(${JSON.stringify(list)}.indexOf(${a}) !== -1)`, bool: true };
      }
    }
    return { js: `contains(${a}, scanned(${this.node(bNode).js}, ${JSON.stringify(path)}))`, bool: true };
  }

  private andOr(op: 'and' | 'or', args: readonly RuleNode[]): Code {
    if (args.length === 0) return this.constant(undefined);
    const codes = args.map((a) => this.node(a));
    if (codes.length === 1) return codes[0]!;
    if (codes.every((c) => c.bool))
      return { js: `(${codes.map((c) => c.js).join(op === 'and' ? ' && ' : ' || ')})`, bool: true };
    const stop = op === 'and' ? '!truthy(v)' : 'truthy(v)';
    const body = codes
      .map((c, i) => (i < codes.length - 1 ? `v = ${c.js}; if (${stop}) return v;` : `return ${c.js};`))
      .join(' ');
    return { js: this.helper('l', `let v; ${body}`), bool: false };
  }

  private ifChain(args: readonly RuleNode[]): Code {
    const n = args.length;
    if (n === 0) return this.constant(null);
    if (n === 1) return this.node(args[0]!);
    const codes = args.map((a) => this.node(a));
    let body = '';
    let i = 0;
    for (; i < n - 1; i += 2) body += `if (${this.test(codes[i]!)}) return ${codes[i + 1]!.js}; `;
    body += i === n - 1 ? `return ${codes[i]!.js};` : 'return null;';
    const bool = n % 2 === 1 && codes.every((c, k) => (k % 2 === 1 || k === n - 1 ? c.bool : true));
    return { js: this.helper('i', body), bool };
  }

  /** some / all / none / filter / map / count / reduce: a loop calling the predicate function. */
  private iteration(op: string, args: readonly RuleNode[], path: string): Code {
    const arr = args[0] ? this.node(args[0]).js : '(void 0)';
    const pred = args[1] ? this.node(args[1]) : this.constant(undefined);
    const p = this.fresh('p');
    this.functions.push(`function ${p}(d, r, c) { return ${pred.js}; }`);
    const call = `${p}(a[i], r, c)`;
    const ok = pred.bool ? call : `truthy(${call})`;
    const loop = `spend(a.length, ${JSON.stringify(path)}); for (let i = 0; i < a.length; i++)`;
    const start = `const a = ${arr};`;
    switch (op) {
      case 'some':
        return {
          js: this.helper(
            's',
            `${start} if (!Array.isArray(a) || a.length === 0) return false; ${loop} if (${ok}) return true; return false;`,
          ),
          bool: true,
        };
      case 'all':
        return {
          js: this.helper(
            's',
            `${start} if (!Array.isArray(a) || a.length === 0) return false; ${loop} if (!${ok}) return false; return true;`,
          ),
          bool: true,
        };
      case 'none':
        return {
          js: this.helper(
            's',
            `${start} if (!Array.isArray(a) || a.length === 0) return true; ${loop} if (${ok}) return false; return true;`,
          ),
          bool: true,
        };
      case 'filter':
        return {
          js: this.helper(
            's',
            `${start} if (!Array.isArray(a)) return []; const out = []; ${loop} if (${ok}) out.push(a[i]); return out;`,
          ),
          bool: false,
        };
      case 'map':
        return {
          js: this.helper(
            's',
            `${start} if (!Array.isArray(a)) return []; const out = new Array(a.length); ${loop} out[i] = ${call}; return out;`,
          ),
          bool: false,
        };
      case 'count':
        if (args.length < 2)
          return {
            js: this.helper('s', `${start} return Array.isArray(a) ? a.length : 0;`),
            bool: false,
          };
        return {
          js: this.helper(
            's',
            `${start} if (!Array.isArray(a)) return 0; let k = 0; ${loop} if (${ok}) k++; return k;`,
          ),
          bool: false,
        };
      default: {
        const given = args[2] !== undefined && !(args[2].kind === 'literal' && args[2].value === undefined);
        const initial = given ? this.node(args[2]!).js : 'null';
        return {
          js: this.helper(
            's',
            `${start} const init = ${initial}; if (!Array.isArray(a)) return init; let acc = init; ${loop} acc = ${p}({ current: a[i], accumulator: acc }, r, c); return acc;`,
          ),
          bool: false,
        };
      }
    }
  }
}

/**
 * Generates one function for a rule; undefined when there is nothing to gain (a literal, or a
 * root the generator does not cover) or when the runtime forbids code generation.
 */
export function generateRule(node: RuleNode): Fn | undefined {
  if (node.kind === 'literal') return undefined;
  const g = new Generator();
  const root = g.node(node);
  if (g.functions.length === 0 && /^F\[0\]\(d, r, c\)$/.test(root.js)) return undefined;
  const source = `"use strict";\n${g.functions.join('\n')}\nreturn function rule(d, r, c) { return ${root.js}; };`;
  try {
    const factory = new Function('K', 'F', 'truthy', 'contains', 'spend', 'scanned', source) as (
      ...deps: unknown[]
    ) => Fn;
    return factory(g.constants, g.delegated, truthy, contains, spend, scanned);
  } catch {
    return undefined; // e.g. --disallow-code-generation-from-strings: the closures do the same work
  }
}

/** The generated source of a rule, for docs and debugging. */
export function generatedSource(rule: RuleNode): string {
  const g = new Generator();
  const root = g.node(rule);
  return `${g.functions.join('\n')}\nreturn function rule(d, r, c) { return ${root.js}; };`;
}
