import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const ENGINE = join(ROOT, 'engine');

/** The lint messages for `code` as if it stood at `file` (a path under the repository). */
async function lintAs(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the floors (eslint.config.js)', () => {
  it.each([
    ['engine/batch/x.ts', "import { operations } from '../service/operations.ts';\nexport const o = operations;\n"],
    [
      'engine/batch/x.ts',
      "import type { ServiceContext } from '../service/context.ts';\nexport type C = ServiceContext;\n",
    ],
    ['engine/runtime/x.ts', "import type { Operation } from '../service/operation.ts';\nexport type O = Operation;\n"],
    [
      'engine/runtime/x.ts',
      "import { ensureDataGraphRefresh } from '../batch/refresh.ts';\nexport const e = ensureDataGraphRefresh;\n",
    ],
    [
      'engine/config/x.ts',
      "import type { SpaceRuntime } from '../runtime/space-runtime.ts';\nexport type S = SpaceRuntime;\n",
    ],
    [
      'engine/store/x.ts',
      "import { validateConfig } from '../config/validate.ts';\nexport const v = validateConfig;\n",
    ],
    [
      'engine/pipeline/x.ts',
      "import type { SpaceRuntime } from '../runtime/space-runtime.ts';\nexport type S = SpaceRuntime;\n",
    ],
  ])('refuses an upward import in %s: %s', async (file, code) => {
    const messages = await lintAs(file, code);
    expect(messages.length).toBe(1);
    expect(messages[0]).toMatch(/below|core/);
  });

  it.each([
    [
      'engine/service/x.ts',
      "import { ensureDataGraphRefresh } from '../batch/refresh.ts';\nexport const e = ensureDataGraphRefresh;\n",
    ],
    [
      'engine/batch/x.ts',
      "import type { SpaceRuntime } from '../runtime/space-runtime.ts';\nexport type S = SpaceRuntime;\n",
    ],
    [
      'engine/runtime/x.ts',
      "import { validateConfig } from '../config/validate.ts';\nexport const v = validateConfig;\n",
    ],
  ])('allows a downward import in %s', async (file, code) => {
    expect(await lintAs(file, code)).toEqual([]);
  });
});

/** Every engine source file's value imports (type-only imports left out), resolved to files. */
function valueImports(): Map<string, string[]> {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) files.push(p);
    }
  };
  walk(ENGINE);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const targets: string[] = [];
    for (const st of source.statements) {
      let spec: ts.Expression | undefined;
      if (ts.isImportDeclaration(st)) {
        const clause = st.importClause;
        const typeOnly =
          clause !== undefined &&
          (clause.isTypeOnly ||
            (clause.name === undefined &&
              clause.namedBindings !== undefined &&
              ts.isNamedImports(clause.namedBindings) &&
              clause.namedBindings.elements.length > 0 &&
              clause.namedBindings.elements.every((e) => e.isTypeOnly)));
        if (!typeOnly) spec = st.moduleSpecifier;
      } else if (ts.isExportDeclaration(st) && !st.isTypeOnly) spec = st.moduleSpecifier;
      if (spec && ts.isStringLiteral(spec) && spec.text.startsWith('.'))
        targets.push(relative(ROOT, resolve(dirname(file), spec.text)));
    }
    graph.set(relative(ROOT, file), targets);
  }
  return graph;
}

/** Strongly connected components with more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

describe('engine imports', () => {
  it('has no cycle among value imports', () => {
    const graph = valueImports();
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles(graph)).toEqual([]);
  });

  it('the cycle finder finds a planted cycle', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
