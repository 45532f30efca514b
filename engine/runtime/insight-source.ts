import type { CalculatedInsight, DataSpaceConfig, InsightSchedule, Scalar } from '../model/index.ts';
import { HOUR_MS, isoOf } from '../model/time.ts';
import type { InsightRows, InsightSource, InsightValues } from '../model/sources.ts';
import { compareIds } from '../recommenders/order.ts';
import { insightDefinitionHash, type InsightRefresh, type InsightRow, type WorkspaceStore } from '../store/index.ts';

/**
 * The time of the scheduled refresh a request as of `asOfMs` sees: the last boundary of the
 * schedule at or before it (every N hours, counted from 1970-01-01T00:00Z, so N = 24 refreshes at
 * midnight UTC); null for "No Schedule".
 */
export function scheduledRefreshAt(schedule: InsightSchedule, asOfMs: number): number | null {
  if (schedule.kind === 'none') return null;
  const every = schedule.everyHours * HOUR_MS;
  return Math.floor(asOfMs / every) * every;
}

/** One refresh of a CI as a request sees it: stored in the workspace, or computed in memory (read-only workspaces). */
export interface InsightSnapshot {
  insight: CalculatedInsight;
  refreshedAtMs: number;
  refreshedAt: string;
  kind: 'scheduled' | 'manual';
  /** The stored refresh; absent when computed in memory. */
  refresh?: InsightRefresh;
  /** Every value, best first (value descending, then keys). */
  all(): readonly InsightRow[];
  /** The values of one first key (an item's related items, an individual's categories), best first. */
  forKey(key1: string): readonly InsightRow[];
  /** One value of a one-key CI (individual, item). */
  value(key1: string): number | undefined;
}

/** A CI as of a time: its snapshot, or why there is none (never refreshed, unknown, the refresh failed). */
export type Resolved = { snapshot: InsightSnapshot; problem?: undefined } | { snapshot: null; problem: string };

/** Resolutions kept per reader before the memo is emptied (a run asks for one as-of time; decide for a few). */
const MEMO_LIMIT = 4096;
/** Anchor items whose item-pair rows are kept per refresh (anchors repeat across requests; individuals do not). */
const PAIR_ROWS_KEPT = 4096;

/**
 * Calculated insights of one data space as requests see them: each CI as of its last refresh at or
 * before the as-of time. For a CI on an N-hour schedule that is the refresh at the last N-hour
 * boundary (or a later manual refresh before the as-of time); the boundary's refresh is
 * materialized on demand and kept, so runs are deterministic. For "No Schedule" it is the last
 * manual refresh, or nothing. A read-only workspace (a worker's connection), or a reader built with
 * `{ write: false }` (a preview), computes a missing refresh in memory instead of storing it.
 */
export class StoreInsights implements InsightSource {
  private readonly cis: Map<string, CalculatedInsight>;
  private readonly memo = new Map<string, Resolved>();
  private readonly snapshots = new Map<string, InsightSnapshot>();
  private readonly rowsMemo = new WeakMap<InsightSnapshot, InsightRows>();
  private readonly pairRows = new WeakMap<InsightSnapshot, Map<string, InsightRows>>();
  /** Rows of individual × category CIs for the individuals of the last prefetch (a batch chunk), by individual. */
  private readonly prefetched = new WeakMap<
    InsightSnapshot,
    { keys: ReadonlySet<string>; byKey: Map<string, InsightRow[]> }
  >();

  constructor(
    private readonly store: WorkspaceStore,
    private readonly spaceId: number,
    config: Pick<DataSpaceConfig, 'calculatedInsights'>,
    private readonly wallClock: () => number = Date.now,
    /** False: a missing scheduled refresh is computed in memory, never stored (previews: reading never writes). */
    private readonly options: { write: boolean } = { write: true },
  ) {
    this.cis = new Map(config.calculatedInsights.map((c) => [c.apiName, c]));
  }

  /** The CI definitions of the data space. */
  get definitions(): readonly CalculatedInsight[] {
    return [...this.cis.values()];
  }

  /**
   * Every CI of the data space as of `asOfMs`, materializing the scheduled refreshes that are missing:
   * what a run calls on its main connection before its workers start (they then find every refresh
   * stored), and the CI watermarks it records.
   */
  refreshAll(asOfMs: number): {
    name: string;
    subject: CalculatedInsight['subject'];
    refreshedAt: string | null;
    kind: 'scheduled' | 'manual' | null;
    problem?: string;
  }[] {
    return this.definitions.map((ci) => {
      const r = this.resolve(ci.apiName, asOfMs);
      return r.snapshot
        ? { name: ci.apiName, subject: ci.subject, refreshedAt: r.snapshot.refreshedAt, kind: r.snapshot.kind }
        : { name: ci.apiName, subject: ci.subject, refreshedAt: null, kind: null, problem: r.problem };
    });
  }

  /** A CI as of `asOfMs` (materializing its scheduled refresh when missing). */
  resolve(name: string, asOfMs: number): Resolved {
    const key = `${name}@${asOfMs}`;
    let r = this.memo.get(key);
    if (!r) {
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      r = this.resolveUncached(name, asOfMs);
      this.memo.set(key, r);
    }
    return r;
  }

  private resolveUncached(name: string, asOfMs: number): Resolved {
    const ci = this.cis.get(name);
    if (!ci) return { snapshot: null, problem: `calculated insight "${name}" is not configured in this data space` };
    const definition = insightDefinitionHash(ci);
    const insights = this.store.insights;
    // 1. The last manual refresh at or before the as-of time.
    const manual = insights.latest(this.spaceId, name, definition, asOfMs, 'manual');
    const boundary = scheduledRefreshAt(ci.schedule, asOfMs);
    if (boundary === null || (manual && manual.refreshedAtMs >= boundary)) {
      if (manual) return { snapshot: this.stored(ci, manual) };
      const older = insights.list(this.spaceId, { insight: name, limit: 1 })[0];
      const why =
        older && older.definition !== definition ? ' (its earlier refreshes were of another SQL definition)' : '';
      return {
        snapshot: null,
        problem: `calculated insight ${name} ("No Schedule") was never refreshed at or before ${isoOf(asOfMs)}${why}; refresh it with \`workbench refresh-insight --insight ${name}\``,
      };
    }
    // 2. The scheduled refresh at the last boundary: stored, or materialized now.
    const version = insights.dataVersion(this.spaceId);
    const found = insights.findScheduled(this.spaceId, name, definition, boundary, version);
    if (found) return { snapshot: this.stored(ci, found) };
    // A refresh that failed (bad SQL, over its time limit) is not attempted again for each request
    // while the workspace stays open: a runaway CI costs its time limit once per boundary and data version.
    const attempt = `${this.spaceId}@${name}@${definition}@${boundary}@${version}`;
    const failure = insights.failedAttempt(attempt);
    if (failure !== undefined) return { snapshot: null, problem: failure };
    const made = this.materialize(ci, boundary);
    if (typeof made === 'string') insights.recordFailedAttempt(attempt, made);
    return typeof made === 'string' ? { snapshot: null, problem: made } : { snapshot: made };
  }

  /**
   * The scheduled refresh at `boundary`: stored, or computed in memory on a read-only workspace and
   * while an import holds the write lock (reading never waits for a writer); a message when it fails.
   */
  private materialize(ci: CalculatedInsight, boundary: number): InsightSnapshot | string {
    const { insights } = this.store;
    const name = ci.apiName;
    if (this.store.readonly || this.store.importing || !this.options.write) {
      const rows = insights.compute(this.spaceId, ci, boundary);
      if (!rows.ok)
        return `calculated insight ${name} could not be computed as of ${isoOf(boundary)}: ${rows.error.message}`;
      return memorySnapshot(ci, boundary, rows.data);
    }
    const made = insights.refresh(this.spaceId, ci, boundary, {
      kind: 'scheduled',
      createdAt: isoOf(this.wallClock()),
    });
    if (!made.ok)
      return `calculated insight ${name} could not be refreshed as of ${isoOf(boundary)}: ${made.error.message}`;
    return this.stored(ci, made.data);
  }

  private stored(ci: CalculatedInsight, refresh: InsightRefresh): InsightSnapshot {
    const key = `${refresh.id}`;
    let s = this.snapshots.get(key);
    if (!s) {
      s = storedSnapshot(this.store, ci, refresh);
      this.snapshots.set(key, s);
    }
    return s;
  }

  /** An item CI's values as of `asOfMs`, for the strategies (the same array for the same refresh). */
  itemRows(name: string, asOfMs: number): InsightRows {
    return this.rowsOf(name, asOfMs, 'item', undefined);
  }

  /** One key's rows of a two-key CI as of `asOfMs` (item_pair: an item's related items; individual_category: an individual's categories). */
  rowsFor(name: string, key: string, asOfMs: number): InsightRows {
    return this.rowsOf(name, asOfMs, undefined, key);
  }

  private rowsOf(name: string, asOfMs: number, subject: 'item' | undefined, key: string | undefined): InsightRows {
    const ci = this.cis.get(name);
    const base = {
      insight: name,
      subject: ci?.subject ?? subject ?? 'item',
      source: ci ? `calculated insight ${name} (${ci.label})` : `calculated insight ${name}`,
    };
    const r = this.resolve(name, asOfMs);
    if (!r.snapshot) return { ...base, refreshedAt: null, rows: [], problem: r.problem };
    const s = r.snapshot;
    const refreshed = { refreshedAt: s.refreshedAt, refreshKind: s.kind };
    if (key === undefined) {
      if (s.insight.subject !== 'item')
        return {
          ...base,
          ...refreshed,
          rows: [],
          problem: `calculated insight ${name} is about ${s.insight.subject}, not items`,
        };
      let rows = this.rowsMemo.get(s);
      if (!rows) {
        rows = { ...base, ...refreshed, rows: s.all().map((x) => ({ key: x.key1, value: x.value })) };
        this.rowsMemo.set(s, rows);
      }
      return rows;
    }
    if (s.insight.subject !== 'item_pair' && s.insight.subject !== 'individual_category') {
      return {
        ...base,
        ...refreshed,
        rows: [],
        problem: `calculated insight ${name} is about ${s.insight.subject}; it has no rows per key`,
      };
    }
    if (s.insight.subject === 'individual_category') {
      const pre = this.prefetched.get(s);
      const list = pre?.keys.has(key) ? (pre.byKey.get(key) ?? []) : s.forKey(key);
      return { ...base, ...refreshed, rows: list.map((x) => ({ key: x.key2, value: x.value })) };
    }
    let byAnchor = this.pairRows.get(s);
    if (!byAnchor) this.pairRows.set(s, (byAnchor = new Map()));
    let rows = byAnchor.get(key);
    if (!rows) {
      if (byAnchor.size >= PAIR_ROWS_KEPT) byAnchor.clear();
      rows = { ...base, ...refreshed, rows: s.forKey(key).map((x) => ({ key: x.key2, value: x.value })) };
      byAnchor.set(key, rows);
    }
    return rows;
  }

  /**
   * Reads the rows of every stored individual × category CI as of `asOfMs` for these individuals
   * in one statement per CI, and answers rowsFor from them until the next prefetch: a batch chunk
   * asks for each of its individuals once, and one query per chunk beats one per individual.
   */
  prefetchIndividuals(individualIds: readonly string[], asOfMs: number): void {
    for (const ci of this.cis.values()) {
      if (ci.subject !== 'individual_category') continue;
      const r = this.resolve(ci.apiName, asOfMs);
      if (!r.snapshot?.refresh) continue;
      const byKey = new Map<string, InsightRow[]>();
      for (const row of this.store.insights.rowsForKeys(r.snapshot.refresh.id, individualIds)) {
        const list = byKey.get(row.key1);
        if (list) list.push(row);
        else byKey.set(row.key1, [row]);
      }
      this.prefetched.set(r.snapshot, { keys: new Set(individualIds), byKey });
    }
  }

  /** Per-individual CI values as a data-graph refresh at `asOfMs` sees them (the InsightSource contract). */
  at(names: readonly string[], asOfMs: number): InsightValues {
    const snaps: [string, InsightSnapshot][] = [];
    const refreshedAt: Record<string, string | null> = {};
    for (const name of names) {
      const r = this.resolve(name, asOfMs);
      refreshedAt[name] = r.snapshot?.refreshedAt ?? null;
      if (r.snapshot && r.snapshot.insight.subject === 'individual') snaps.push([name, r.snapshot]);
    }
    return {
      refreshedAt,
      forIndividual(individualId: string): Record<string, Scalar> {
        const out: Record<string, Scalar> = {};
        for (const [name, s] of snaps) {
          const v = s.value(individualId);
          if (v !== undefined) out[name] = v;
        }
        return out;
      },
    };
  }
}

/** A stored refresh; every value is read once, one key's values on each request. */
function storedSnapshot(store: WorkspaceStore, ci: CalculatedInsight, refresh: InsightRefresh): InsightSnapshot {
  let all: InsightRow[] | undefined;
  return {
    insight: ci,
    refreshedAtMs: refresh.refreshedAtMs,
    refreshedAt: refresh.refreshedAt,
    kind: refresh.kind,
    refresh,
    all: () => (all ??= store.insights.rows(refresh.id)),
    forKey: (key1) => store.insights.rowsFor(refresh.id, key1),
    value: (key1) => store.insights.value(refresh.id, key1),
  };
}

/** A refresh computed in memory (rows best first), indexed by first key on first use. */
function memorySnapshot(ci: CalculatedInsight, atMs: number, rows: InsightRow[]): InsightSnapshot {
  let byKey: Map<string, InsightRow[]> | undefined;
  const index = (): Map<string, InsightRow[]> => {
    if (!byKey) {
      byKey = new Map();
      for (const r of rows) {
        const list = byKey.get(r.key1);
        if (list) list.push(r);
        else byKey.set(r.key1, [r]);
      }
      // Rows are best first overall; within a key that is value descending, then key2.
      for (const list of byKey.values()) list.sort((a, b) => b.value - a.value || compareIds(a.key2, b.key2));
    }
    return byKey;
  };
  return {
    insight: ci,
    refreshedAtMs: atMs,
    refreshedAt: isoOf(atMs),
    kind: 'scheduled',
    all: () => rows,
    forKey: (key1) => index().get(key1) ?? [],
    value: (key1) => index().get(key1)?.[0]?.value,
  };
}

/** The calculated insights of a data space over the store (what SpaceRuntime.insights holds). */
export function storeInsightSource(
  store: WorkspaceStore,
  spaceId: number,
  config: Pick<DataSpaceConfig, 'calculatedInsights'>,
): StoreInsights {
  return new StoreInsights(store, spaceId, config);
}
