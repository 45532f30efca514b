import { expect } from 'vitest';
import type { FieldDef } from '../../../../engine/model/data-graph.ts';
import type { Fault, Result } from '../../../../engine/model/errors.ts';
import type { ImportKind, ImportOptions, ImportReport, WorkspaceStore } from '../../../../engine/store/index.ts';
import { individual, item, newWorkspace, writeFixture } from '../workspace-fixture.ts';

/** A workspace with ind_1..ind_3 and prod_1..prod_3, and a helper that imports a text as a file. */
export function importWorkspace(seed = true) {
  const w = newWorkspace();
  if (seed) {
    w.store.insertIndividuals(
      w.space,
      [1, 2, 3].map((n) => individual(n)),
    );
    w.store.insertItems(
      w.space,
      [1, 2, 3].map((n) => item(n)),
    );
  }
  const run = (
    kind: ImportKind,
    name: string,
    content: string | Buffer,
    opts: Partial<ImportOptions> & { fields?: FieldDef[] } = {},
  ): Promise<Result<ImportReport>> =>
    w.store.importFile(w.space, kind, writeFixture(w.dir, name, content), { fields: [], ...opts });
  return { ...w, run };
}

/** The report of a successful import (fails the test otherwise). */
export function report(r: Result<ImportReport>): ImportReport {
  if (!r.ok) throw new Error(`import failed: ${r.error.message}\n${JSON.stringify(r.error.problems, null, 1)}`);
  return r.data;
}

/** The fault of a failed import (fails the test otherwise). */
export function fault(r: Result<ImportReport>): Fault {
  if (r.ok) throw new Error('import succeeded, a failure was expected');
  return r.error;
}

/** Problems as [line or path, field, message] tuples, for compact assertions. */
export const located = (f: Fault): [number | string | undefined, string | undefined, string][] =>
  (f.problems ?? []).map((p) => [p.line ?? p.path, p.field, p.message]);

/** Asserts that a workspace holds exactly these counts (nothing was imported by a failed import). */
export function expectCounts(
  store: WorkspaceStore,
  space: number,
  counts: { individuals: number; items: number; events: number },
): void {
  expect({
    individuals: store.countIndividuals(space),
    items: store.countItems(space),
    events: store.countEvents(space),
  }).toEqual(counts);
  store.recountDataSpace(space); // the maintained counts agree with the rows
  expect({
    individuals: store.countIndividuals(space),
    items: store.countItems(space),
    events: store.countEvents(space),
  }).toEqual(counts);
}
