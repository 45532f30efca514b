import { fail, ok, type Result } from '../model/errors.ts';
import { dataGraphWatermark, isoOf } from '../model/time.ts';
import type { SpaceRuntime } from '../runtime/space-runtime.ts';
import { currentRefresh, type RefreshInfo } from '../runtime/refresh-lookup.ts';
import type { RefreshBuild, RefreshBuildSpec, WorkspaceStore } from '../store/index.ts';
import { graphDefinition, type GraphDefinition } from '../runtime/refresh-definition.ts';
import { contextAt, documentAt } from './segments-eval.ts';

export interface RefreshOptions {
  signal?: AbortSignal;
  /** Individuals materialized so far, after each page. */
  onProgress?: (p: { done: number; total: number }) => void;
  /** Wall clock for `builtAt` (tests inject one). */
  now?: () => number;
}

/** Individuals read, built and written per page; the event loop gets a turn between pages (cancel). */
const PAGE = 500;
/** How long a refresh waits for another writer (another process's refresh or import) before giving up. */
const WRITER_WAIT_MS = 10 * 60_000;

/** A build shared by every caller asking for the same refresh meanwhile. */
interface SharedBuild {
  promise: Promise<Result<RefreshInfo>>;
  controller: AbortController;
  /** Callers still waiting, with their progress callbacks; the build is cancelled when the last one leaves. */
  waiters: Set<{ onProgress?: RefreshOptions['onProgress'] }>;
}

const inFlight = new Map<string, SharedBuild>();

/**
 * Resolves when no data-graph refresh of this workspace file is being built in this process. A
 * build holds the workspace's write lock until it commits; writers that must not wait on the
 * busy timeout (a run's first write) await this first.
 */
export async function refreshesSettled(file: string): Promise<void> {
  for (;;) {
    const builds = [...inFlight.entries()].filter(([k]) => k.startsWith(`${file}\u0000`)).map(([, b]) => b.promise);
    if (builds.length === 0) return;
    await Promise.allSettled(builds);
  }
}

const cancelled = (graph: string, watermark: number) =>
  fail<RefreshInfo>(
    'Cancelled',
    `the data-graph refresh of ${graph} at ${isoOf(watermark)} was cancelled; nothing of it was kept`,
  );

/**
 * The refresh at the last 30-minute boundary at or before asOfMs; materialized on demand when
 * missing. A refresh built from another graph definition (fields, lookbacks, segments, CIs) or from
 * other data (an import since) is not reused: a new one is built beside it. Concurrent calls for the
 * same refresh in one process share one build: each caller's signal withdraws that caller, and the
 * build itself is cancelled (and rolled back) only when every caller has withdrawn.
 */
export function ensureDataGraphRefresh(
  store: WorkspaceStore,
  runtime: SpaceRuntime,
  graph: string,
  asOfMs: number,
  opts: RefreshOptions = {},
): Promise<Result<RefreshInfo>> {
  // 1. The graph and the watermark.
  if (!Number.isFinite(asOfMs))
    return Promise.resolve(fail('InvalidRequest', `as-of time ${asOfMs} is not a time`, { field: 'asOf' }));
  const def = graphDefinition(runtime, graph);
  if (!def.ok) return Promise.resolve(def);
  const watermark = dataGraphWatermark(asOfMs);
  if (opts.signal?.aborted) return Promise.resolve(cancelled(graph, watermark));
  // 2. A current refresh is reused as it is.
  const found = currentRefresh(store, runtime, def.data, watermark);
  if (found) return Promise.resolve(ok(found));
  // 3. Otherwise build it, once per process for the same key.
  const key = `${store.file}\u0000${runtime.spaceId}\u0000${graph}\u0000${watermark}\u0000${def.data.hash}`;
  let shared = inFlight.get(key);
  if (!shared) {
    const controller = new AbortController();
    const waiters: SharedBuild['waiters'] = new Set();
    const build: SharedBuild = {
      controller,
      waiters,
      promise: materialize(store, runtime, def.data, watermark, {
        signal: controller.signal,
        onProgress: (p) => {
          for (const w of waiters) w.onProgress?.(p);
        },
        ...(opts.now ? { now: opts.now } : {}),
      }).finally(() => {
        if (inFlight.get(key) === build) inFlight.delete(key);
      }),
    };
    inFlight.set(key, build);
    shared = build;
  }
  const s = shared;
  const waiter = { ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) };
  s.waiters.add(waiter);
  return new Promise<Result<RefreshInfo>>((resolve, reject) => {
    const onAbort = () => {
      s.waiters.delete(waiter);
      if (s.waiters.size > 0) return resolve(cancelled(graph, watermark));
      // The last caller left: cancel the build; new callers start a new one. Answer once it rolled back.
      if (inFlight.get(key) === s) inFlight.delete(key);
      s.controller.abort();
      s.promise.then(
        () => resolve(cancelled(graph, watermark)),
        () => resolve(cancelled(graph, watermark)),
      );
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    s.promise.then(
      (r) => {
        opts.signal?.removeEventListener('abort', onAbort);
        if (!s.waiters.delete(waiter)) return; // withdrawn: already answered
        resolve(r);
      },
      (e: unknown) => {
        opts.signal?.removeEventListener('abort', onAbort);
        if (s.waiters.delete(waiter)) reject(e);
      },
    );
  });
}

const aborted = (signal: AbortSignal | undefined): boolean => signal?.aborted === true;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Opens the build, waiting while another writer holds the workspace. */
async function openBuild(
  store: WorkspaceStore,
  spec: RefreshBuildSpec,
  signal: AbortSignal | undefined,
): Promise<Result<RefreshBuild>> {
  const started = performance.now();
  for (;;) {
    const r = store.dataGraphs.beginBuild(spec, { busyTimeoutMs: 1000 });
    if (r.ok || r.error.code !== 'Conflict' || performance.now() - started > WRITER_WAIT_MS) return r;
    if (aborted(signal))
      return fail('Cancelled', 'the data-graph refresh was cancelled while waiting for another writer');
    await sleep(250, signal);
  }
}

/**
 * Materializes one refresh (DESIGN.md §2): individuals in id order merged with their engagement
 * within the graph's lookbacks and caps, CI values as of the watermark, each document built by
 * buildProfileDocument — the single-request path's function — and written with the segment
 * memberships evaluated at the watermark. One transaction: a cancel or a crash leaves nothing.
 */
async function materialize(
  store: WorkspaceStore,
  runtime: SpaceRuntime,
  def: GraphDefinition,
  watermark: number,
  opts: RefreshOptions,
): Promise<Result<RefreshInfo>> {
  const started = performance.now();
  const { graph } = def;
  // 1. CI values as the refresh sees them: each CI's last refresh at or before the watermark.
  const source = runtime.insights;
  const values =
    source && graph.calculatedInsights.length > 0 ? source.at(graph.calculatedInsights, watermark) : undefined;
  const insightsRefreshedAt = values?.refreshedAt ?? Object.fromEntries(graph.calculatedInsights.map((n) => [n, null]));
  // 2. The build: its own connection and transaction.
  const opened = await openBuild(
    store,
    {
      spaceId: runtime.spaceId,
      graph: graph.apiName,
      refreshedAtMs: watermark,
      definitionHash: def.hash,
      configRevision: runtime.configRevision,
      fields: graph.fields.map((f) => f.name),
      segments: def.segments.map((s) => s.segment.apiName),
      itemFields: graph.engagement.itemFields,
      engagement: { browse: graph.engagement.browse, cart: graph.engagement.cart, order: graph.engagement.order },
      insightsRefreshedAt,
      builtAt: isoOf((opts.now ?? Date.now)()),
    },
    opts.signal,
  );
  if (!opened.ok) return opened;
  const build = opened.data;
  try {
    if (build.existingId !== undefined) {
      // Another process built it while this one waited.
      build.rollback();
      return ok(store.dataGraphs.getRefresh(build.existingId)!);
    }
    // 3. Scan, build, write — page by page, yielding between pages so a cancel can arrive.
    const ctx = contextAt(watermark);
    const total = build.total;
    let done = 0;
    opts.onProgress?.({ done, total });
    for (;;) {
      if (aborted(opts.signal)) {
        build.rollback();
        return cancelled(graph.apiName, watermark);
      }
      const page = build.nextPage(PAGE);
      if (page.length === 0) break;
      for (const scanned of page) {
        const { doc, memberships } = documentAt(scanned, def, runtime, values, watermark, ctx);
        build.write(scanned, doc, memberships);
      }
      done += page.length;
      opts.onProgress?.({ done, total: Math.max(total, done) });
      await nextTurn();
    }
    if (aborted(opts.signal)) {
      build.rollback();
      return cancelled(graph.apiName, watermark);
    }
    const id = build.commit(performance.now() - started);
    return ok(store.dataGraphs.getRefresh(id)!);
  } catch (e) {
    build.rollback();
    throw e;
  }
}
