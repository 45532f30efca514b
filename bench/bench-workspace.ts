import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../engine/config/validate.ts';
import { generateRetailSample } from '../engine/sample/index.ts';
import { openWorkspace } from '../engine/store/index.ts';

/** End of the bench workspaces' event history (fixed, so that the files are reusable across runs). */
export const BENCH_NOW = '2026-11-28T00:00:00.000Z';
/** Bump when the way bench workspaces are generated changes, so that stale cached files are not reused. */
const GENERATION = 1;
/** Individuals inserted per transaction: keeps the WAL (and memory) bounded for a million. */
const BATCH = 50_000;

export interface BenchWorkspaceOptions {
  items?: number;
  seed?: number;
}

/** Where the cached workspace of these parameters lives (under os.tmpdir()/bpw-bench). */
export function benchWorkspacePath(individuals: number, opts: BenchWorkspaceOptions = {}): string {
  const items = opts.items ?? 2_000;
  const seed = opts.seed ?? 1;
  return join(
    tmpdir(),
    'bpw-bench',
    `retail-${individuals}i-${items}p-seed${seed}-${BENCH_NOW.slice(0, 10)}-g${GENERATION}.sqlite`,
  );
}

/**
 * A workspace file with the retail sample of `individuals` individuals (default 2,000 items, seed 1,
 * events ending at BENCH_NOW), generated once with engine/sample and the store's bulk inserts and
 * cached under os.tmpdir() keyed by its parameters; later calls return the cached file. Benches may
 * add config revisions or refreshes to it; they must not change its data. Built in a temporary file
 * and renamed into place, so an interrupted build is never reused.
 */
export async function benchWorkspace(individuals: number, opts: BenchWorkspaceOptions = {}): Promise<string> {
  const file = benchWorkspacePath(individuals, opts);
  if (existsSync(file)) return file;
  mkdirSync(join(tmpdir(), 'bpw-bench'), { recursive: true });
  const tmp = `${file}.building-${process.pid}`;
  const cleanup = () => {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  };
  cleanup();
  const started = performance.now();
  const opened = openWorkspace(tmp, { create: true, createdAt: BENCH_NOW });
  if (!opened.ok) throw new Error(`bench workspace: ${opened.error.message}`);
  const store = opened.data;
  try {
    const sample = generateRetailSample({
      individuals,
      items: opts.items ?? 2_000,
      seed: opts.seed ?? 1,
      now: BENCH_NOW,
    });
    const spaceId = store.dataSpaceId('default')!;
    store.insertItems(spaceId, sample.items);
    for (let from = 0; from < individuals; from += BATCH) {
      const to = Math.min(individuals, from + BATCH);
      store.insertIndividuals(
        spaceId,
        (function* () {
          for (let i = from; i < to; i++) yield sample.individualAt(i);
        })(),
      );
      store.insertEvents(
        spaceId,
        (function* () {
          for (let i = from; i < to; i++) yield* sample.eventsOf(i);
        })(),
      );
      process.stderr.write(
        `\rbench workspace: ${to.toLocaleString('en-US')} / ${individuals.toLocaleString('en-US')} individuals`,
      );
      // The event loop gets a turn between batches (a long generation stays interruptible).
      await new Promise((resolve) => setImmediate(resolve));
    }
    const check = validateConfig(sample.config, { individualsBySpace: { default: individuals } });
    if (!check.config)
      throw new Error(`bench workspace: the sample config is invalid: ${JSON.stringify(check.errors.slice(0, 3))}`);
    store.saveConfig(check.config, `retail sample for benches (${individuals} individuals)`, BENCH_NOW);
    store.setMeta(
      'sample',
      JSON.stringify({
        kind: 'retail',
        seed: opts.seed ?? 1,
        endsAt: BENCH_NOW,
        exampleIndividualIds: sample.exampleIndividualIds,
      }),
    );
    store.close();
    renameSync(tmp, file);
    for (const f of [`${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
    process.stderr.write(
      `\rbench workspace: ${individuals.toLocaleString('en-US')} individuals generated in ${((performance.now() - started) / 1000).toFixed(0)} s → ${file}\n`,
    );
    return file;
  } catch (e) {
    if (store) {
      try {
        store.close();
      } catch {
        /* already closed */
      }
    }
    cleanup();
    throw e;
  }
}
