import { existsSync, renameSync, rmSync } from 'node:fs';
import { fail, ok, type Result } from '../model/errors.ts';
import { DAY_MS, isoOf, parseIsoTime } from '../model/time.ts';
import type { WorkspaceConfigInput } from '../model/index.ts';
import { validateConfig } from '../config/validate.ts';
import { openWorkspace } from '../store/index.ts';
import { generateRetailSample } from '../sample/index.ts';
import { trainAllObjective } from '../batch/training.ts';

export interface InitOptions {
  sample?: 'retail';
  individuals?: number;
  items?: number;
  seed?: number;
  /** End of the sample's event history (ISO); defaults to the current day at 00:00 UTC. */
  now?: string;
  force?: boolean;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
  /** Wall clock (tests inject one). */
  clock?: () => number;
}

export interface InitSummary {
  file: string;
  sample: { kind: 'retail'; seed: number; endsAt: string; exampleIndividualIds: string[] } | null;
  dataSpaces: { apiName: string; individuals: number; items: number; events: number }[];
  points: string[];
  segments: string[];
  campaigns: string[];
  exampleIndividualIds: string[];
}

/** The configuration of a workspace created without sample data: one data space, empty graphs. */
export const EMPTY_CONFIG: WorkspaceConfigInput = {
  version: 1,
  dataSpaces: [
    {
      apiName: 'default',
      label: 'Default',
      profileDataGraphs: [{ apiName: 'Customer_Profile', label: 'Customer Profile', fields: [] }],
      itemDataGraphs: [{ apiName: 'Goods_Product', label: 'Goods Product' }],
    },
  ],
};

/**
 * Creates a workspace file, optionally with the retail sample (deterministic from the seed and end
 * time). It is built in a temporary file and renamed into place, so a failed init leaves nothing.
 */
export async function initWorkspace(file: string, opts: InitOptions = {}): Promise<Result<InitSummary>> {
  if (existsSync(file) && !opts.force)
    return fail('InvalidInput', `${file} already exists; use --force to replace it`, { file });
  const clock = opts.clock ?? Date.now;
  const endMs = opts.now !== undefined ? parseIsoTime(opts.now) : Math.floor(clock() / DAY_MS) * DAY_MS;
  if (endMs === undefined)
    return fail('InvalidInput', `--now "${opts.now}" is not an ISO-8601 time with a time zone`, { field: 'now' });
  for (const [name, v] of [
    ['individuals', opts.individuals],
    ['items', opts.items],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > 10_000_000))
      return fail('InvalidInput', `--${name} must be a whole number from 1 to 10,000,000 (got ${v})`, { field: name });
  }
  if (opts.seed !== undefined && !Number.isInteger(opts.seed))
    return fail('InvalidInput', `--seed must be a whole number (got ${opts.seed})`, { field: 'seed' });

  const tmp = `${file}.init-${process.pid}`;
  const cleanup = () => {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  };
  cleanup();
  const opened = openWorkspace(tmp, { create: true });
  if (!opened.ok) return opened;
  const store = opened.data;
  try {
    store.setMeta('created_at', isoOf(clock()));
    const seed = opts.seed ?? 1;
    let sampleInfo: InitSummary['sample'] = null;
    let rawConfig: unknown = EMPTY_CONFIG;
    const spaceId = store.ensureDataSpace('default', 'Default');
    if (opts.sample === 'retail') {
      const sample = generateRetailSample({
        individuals: opts.individuals ?? 10_000,
        items: opts.items ?? 2_000,
        seed,
        now: isoOf(endMs),
      });
      rawConfig = sample.config;
      const progress = (phase: string, total: number) => {
        let done = 0;
        return <T>(it: Iterable<T>): Iterable<T> => ({
          *[Symbol.iterator]() {
            for (const x of it) {
              yield x;
              if (++done % 50_000 === 0) opts.onProgress?.({ phase, done, total });
            }
            opts.onProgress?.({ phase, done, total: done });
          },
        });
      };
      store.insertItems(spaceId, progress('items', sample.items.length)(sample.items));
      store.insertIndividuals(spaceId, progress('individuals', opts.individuals ?? 10_000)(sample.individuals()));
      store.insertEvents(spaceId, progress('events', sample.expectedEvents)(sample.events()));
      sampleInfo = { kind: 'retail', seed, endsAt: isoOf(endMs), exampleIndividualIds: sample.exampleIndividualIds };
      store.setMeta('sample', JSON.stringify(sampleInfo));
    }
    const individualsBySpace = { default: store.countIndividuals(spaceId) };
    const check = validateConfig(rawConfig, { individualsBySpace });
    if (!check.config) throw new Error(`built-in config is invalid: ${JSON.stringify(check.errors.slice(0, 3))}`);
    store.saveConfig(check.config, opts.sample ? `retail sample (seed ${seed})` : 'empty workspace', isoOf(clock()));
    // The sample's objective-based recommender is trained once, at the sample's end (docs/recommenders.md).
    if (opts.sample === 'retail')
      await trainAllObjective(store, spaceId, check.config.dataSpaces[0]!.recommenders, endMs, opts.onProgress);
    const space = check.config.dataSpaces[0]!;
    const summary: InitSummary = {
      file,
      sample: sampleInfo,
      dataSpaces: store
        .listDataSpaces()
        .map(({ apiName, individuals, items, events }) => ({ apiName, individuals, items, events })),
      points: space.personalizationPoints.map((p) => p.apiName),
      segments: space.segments.map((s) => s.apiName),
      campaigns: space.campaigns.map((c) => c.name),
      exampleIndividualIds: sampleInfo?.exampleIndividualIds ?? [],
    };
    store.checkpoint();
    store.close();
    // Move the database into place with its write-ahead log, should another connection have kept
    // one alive: renaming the main file alone would drop the log's committed pages.
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    for (const suffix of ['-wal', '-shm']) if (existsSync(tmp + suffix)) renameSync(tmp + suffix, file + suffix);
    renameSync(tmp, file);
    return ok(summary);
  } catch (e) {
    store.close();
    cleanup();
    throw e;
  }
}
