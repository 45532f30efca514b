import type Database from 'better-sqlite3';
import { fail, type Result } from '../model/errors.ts';
import type { EngagementType } from '../model/data-graph.ts';
import type { Item } from '../model/item.ts';
import type { EngagementEvent, EngagementRow, Individual } from '../model/profile.ts';
import * as configRevisions from './config-revisions.ts';
import type { ConfigRevision, ConfigRevisionSummary } from './config-revisions.ts';
import { Connection } from './connection.ts';
import * as dataSpaces from './data-spaces.ts';
import { DataGraphRefreshes } from './data-graph-refreshes.ts';
import type { DataSpaceSummary } from './data-spaces.ts';
import * as events from './events.ts';
import type { EngagementQuery } from './events.ts';
import { EVENT_TYPE_CODES } from './event-types.ts';
import { importFile, openImportConnection } from './import/import-file.ts';
import type { ImportKind, ImportOptions, ImportReport } from './import/import-types.ts';
import * as individuals from './individuals.ts';
import * as items from './items.ts';
import * as meta from './meta.ts';
import { InsightRepository } from './calculated-insights.ts';
import { RunsRepository } from './runs.ts';
import { AnalyticsRepository } from './analytics.ts';
import { IdentityRepository } from './identity.ts';
import { SqliteModelRepository, type ModelRepository } from './models.ts';
import { msFromTrustedIso } from './timestamps.ts';

/**
 * The workspace file: data spaces, their individuals, items and engagement events, the config
 * revisions and workspace meta. The only place the project writes SQL.
 */
export interface WorkspaceStore {
  readonly file: string;
  readonly readonly: boolean;
  /** Schema version (the highest applied migration). */
  readonly schemaVersion: number;
  /** True while an import holds the workspace's write lock (on its own connection). */
  readonly importing: boolean;
  close(): void;
  /** Copies the write-ahead log into the database file and truncates it (before moving the file). */
  checkpoint(): void;

  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  /** Removes a workspace_meta value (nothing when absent). */
  deleteMeta(key: string): void;

  /** Creates the data space when missing (or updates its label); returns its id. */
  ensureDataSpace(apiName: string, label: string): number;
  dataSpaceId(apiName: string): number | undefined;
  /** Every data space with its counts, by API name. */
  listDataSpaces(): DataSpaceSummary[];

  /** The current configuration (the latest revision), raw; the service validates it. */
  getConfig(): ConfigRevision | undefined;
  getConfigRevision(revision: number): ConfigRevision | undefined;
  /** Saves a configuration as a new revision; returns its number. */
  saveConfig(config: unknown, note: string, savedAt: string): number;
  /** Every revision, newest first. */
  listConfigRevisions(): ConfigRevisionSummary[];

  /** Trusted bulk upsert by id (sample generator), one transaction; returns rows written. */
  insertIndividuals(spaceId: number, rows: Iterable<Individual>): number;
  /** Trusted bulk upsert by id (sample generator), one transaction; returns rows written. */
  insertItems(spaceId: number, rows: Iterable<Item>): number;
  /** Trusted bulk append, one transaction; throws (a bug) on an unknown individual or item id. */
  insertEvents(spaceId: number, rows: Iterable<EngagementEvent>): number;

  /**
   * Validated streaming import of one file, all or nothing, on a connection of its own: this
   * connection keeps reading the committed data meanwhile, and must not write (see `importing`).
   */
  importFile(spaceId: number, kind: ImportKind, file: string, opts: ImportOptions): Promise<Result<ImportReport>>;

  getIndividual(spaceId: number, id: string): Individual | undefined;
  countIndividuals(spaceId: number): number;
  countItems(spaceId: number): number;
  countEvents(spaceId: number): number;
  /** A page of individuals by id; `search` matches a substring of the id or an attribute value. */
  listIndividuals(
    spaceId: number,
    q: { offset: number; limit: number; search?: string },
  ): { total: number; rows: Individual[] };
  /** Individual ids in id order, after `afterId` (for resumable chunked runs). */
  iterateIndividualIds(spaceId: number, opts?: { afterId?: string }): IterableIterator<string>;
  loadItems(spaceId: number): Item[];
  getItem(spaceId: number, id: string): Item | undefined;
  /** One individual's events of one type, newest first, fromMs < ts <= toMs, with item fields. */
  readEngagement(spaceId: number, individualId: string, q: EngagementQuery): EngagementRow[];
  /** Several individuals' events of one type, fromMs < ts <= toMs, every row: by individual id, newest first. */
  readEngagementHistory(
    spaceId: number,
    q: { individualIds: readonly string[]; type: EngagementType; fromMs: number; toMs: number },
  ): { individualId: string; itemId: string; tsMs: number }[];
  /** sum(quantity) of orders with fromMs < ts <= toMs per item; highest first, ties by item id. */
  topSellers(spaceId: number, q: { fromMs: number; toMs: number; limit?: number }): { itemId: string; score: number }[];
  /** First and last event time of a data space, or null when it has no events. */
  eventTimeRange(spaceId: number): { first: string; last: string } | null;
  /** Recomputes a data space's counts from its rows (a repair tool). */
  recountDataSpace(spaceId: number): void;
  /** The connection's settings, for diagnostics (journal mode, foreign keys, cache...). */
  connectionSettings(): ConnectionSettings;
  /** Calculated insights: read-only runs of their SQL, materialized refreshes and their values. */
  readonly insights: InsightRepository;
  /** Data-graph refreshes: materialized profile documents and segment memberships per watermark. */
  readonly dataGraphs: DataGraphRefreshes;
  /** Campaign runs, their decision log, outputs and campaign job status. */
  readonly runs: RunsRepository;
  /** Read-only analytics of the decision log: report windows, unique individuals, experiment cohorts. */
  readonly analytics: AnalyticsRepository;
  /** Identity resolution: source records, the record → unified individual mapping, resolutions. */
  readonly identity: IdentityRepository;
  /** Trained objective-based recommender models (snapshots per training time) and the event reads that train them. */
  readonly models: ModelRepository;
}

/** Pragmas of the store's connection. */
export interface ConnectionSettings {
  journalMode: string;
  foreignKeys: boolean;
  /** 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA */
  synchronous: number;
  /** Pages when positive, KiB when negative (SQLite's convention). */
  cacheSize: number;
  mmapSize: number;
  /** 0 default, 1 file, 2 memory */
  tempStore: number;
  busyTimeout: number;
}

/** The better-sqlite3 implementation of WorkspaceStore (made by openWorkspace). */
export class SqliteWorkspaceStore implements WorkspaceStore {
  private readonly c: Connection;
  readonly insights: InsightRepository;
  readonly dataGraphs: DataGraphRefreshes;
  readonly runs: RunsRepository;
  readonly analytics: AnalyticsRepository;
  readonly identity: IdentityRepository;
  readonly models: ModelRepository;
  private importInProgress = false;

  constructor(
    db: Database.Database,
    readonly file: string,
    readonly readonly: boolean,
    readonly schemaVersion: number,
  ) {
    this.c = new Connection(db);
    this.insights = new InsightRepository(this.c, file, (what) => this.assertWritable(what));
    this.dataGraphs = new DataGraphRefreshes(this.c, file, readonly, () => this.importInProgress);
    this.runs = new RunsRepository(this.c, (what) => this.assertWritable(what));
    this.analytics = new AnalyticsRepository(this.c);
    this.identity = new IdentityRepository(this.c, (what) => this.assertWritable(what));
    this.models = new SqliteModelRepository(this.c, (what) => this.assertWritable(what));
  }

  close(): void {
    this.c.db.close();
  }

  checkpoint(): void {
    if (!this.readonly) this.c.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  get importing(): boolean {
    return this.importInProgress;
  }

  /**
   * An import holds the write lock: a write here would block this thread (which the import runs on)
   * in SQLite's busy wait. Refuse it (a caller bug: the service refuses writes while an import runs).
   */
  private assertWritable(what: string): void {
    if (this.importInProgress)
      throw new Error(`${what}: an import is in progress on this workspace; writes must wait for it`);
  }

  private assertSpace(spaceId: number): void {
    if (dataSpaces.dataSpaceApiName(this.c, spaceId) === undefined) throw new Error(`unknown data space id ${spaceId}`);
  }

  getMeta(key: string): string | undefined {
    return meta.getMeta(this.c, key);
  }

  setMeta(key: string, value: string): void {
    this.assertWritable('setMeta');
    meta.setMeta(this.c, key, value);
  }

  deleteMeta(key: string): void {
    this.assertWritable('deleteMeta');
    meta.deleteMeta(this.c, key);
  }

  ensureDataSpace(apiName: string, label: string): number {
    this.assertWritable('ensureDataSpace');
    return dataSpaces.ensureDataSpace(this.c, apiName, label);
  }

  dataSpaceId(apiName: string): number | undefined {
    return dataSpaces.dataSpaceId(this.c, apiName);
  }

  listDataSpaces(): DataSpaceSummary[] {
    return dataSpaces.listDataSpaces(this.c);
  }

  getConfig(): ConfigRevision | undefined {
    return configRevisions.getConfig(this.c);
  }

  getConfigRevision(revision: number): ConfigRevision | undefined {
    return configRevisions.getConfigRevision(this.c, revision);
  }

  saveConfig(config: unknown, note: string, savedAt: string): number {
    this.assertWritable('saveConfig');
    return configRevisions.saveConfig(this.c, config, note, savedAt);
  }

  listConfigRevisions(): ConfigRevisionSummary[] {
    return configRevisions.listConfigRevisions(this.c);
  }

  insertIndividuals(spaceId: number, rows: Iterable<Individual>): number {
    this.assertWritable('insertIndividuals');
    this.assertSpace(spaceId);
    return this.c.db.transaction(() => {
      const w = new individuals.IndividualWriter(this.c, spaceId);
      for (const r of rows) w.write(r.id, JSON.stringify(r.attributes));
      w.finish();
      return w.inserted + w.updated;
    })();
  }

  insertItems(spaceId: number, rows: Iterable<Item>): number {
    this.assertWritable('insertItems');
    this.assertSpace(spaceId);
    return this.c.db.transaction(() => {
      const w = new items.ItemWriter(this.c, spaceId);
      for (const r of rows) {
        w.write({
          id: r.id,
          name: r.name,
          category: r.category,
          price: r.price,
          imageUrl: r.imageUrl,
          url: r.url,
          brand: r.brand,
          inStock: r.inStock,
          createdAtMs: msFromTrustedIso(r.createdAt),
          attributesJson: JSON.stringify(r.attributes ?? {}),
        });
      }
      w.finish();
      return w.inserted + w.updated;
    })();
  }

  insertEvents(spaceId: number, rows: Iterable<EngagementEvent>): number {
    this.assertWritable('insertEvents');
    this.assertSpace(spaceId);
    return this.c.db.transaction(() => {
      const itemPks = items.itemPkMap(this.c, spaceId);
      const w = new events.EventWriter(this.c, spaceId);
      let lastId: string | undefined;
      let lastPk = 0;
      for (const e of rows) {
        if (e.individualId !== lastId) {
          const pk = individuals.individualPk(this.c, spaceId, e.individualId);
          if (pk === undefined) throw new Error(`insertEvents: unknown individual ${JSON.stringify(e.individualId)}`);
          lastId = e.individualId;
          lastPk = pk;
        }
        const itemPk = itemPks.get(e.itemId);
        if (itemPk === undefined) throw new Error(`insertEvents: unknown item ${JSON.stringify(e.itemId)}`);
        const typeCode = EVENT_TYPE_CODES[e.type];
        if (typeCode === undefined) throw new Error(`insertEvents: unknown event type ${JSON.stringify(e.type)}`);
        w.write({
          individualPk: lastPk,
          itemPk,
          typeCode,
          ts: msFromTrustedIso(e.timestamp),
          quantity: e.quantity ?? 1,
          price: e.price ?? null,
        });
      }
      w.finish();
      return w.inserted;
    })();
  }

  async importFile(
    spaceId: number,
    kind: ImportKind,
    file: string,
    opts: ImportOptions,
  ): Promise<Result<ImportReport>> {
    if (this.readonly) return fail('InvalidRequest', `${this.file} is open read-only; cannot import ${file}`, { file });
    if (this.importInProgress) return fail('Conflict', `another import is in progress on ${this.file}`, { file });
    if (dataSpaces.dataSpaceApiName(this.c, spaceId) === undefined)
      return fail('DataSpaceNotFound', `no data space with id ${spaceId}`, { file });
    const opened = openImportConnection(this.file);
    if (!opened.ok) return opened;
    this.importInProgress = true;
    try {
      return await importFile(opened.data, spaceId, kind, file, opts);
    } finally {
      this.importInProgress = false;
      opened.data.db.close();
    }
  }

  getIndividual(spaceId: number, id: string): Individual | undefined {
    return individuals.getIndividual(this.c, spaceId, id);
  }

  countIndividuals(spaceId: number): number {
    return individuals.countIndividuals(this.c, spaceId);
  }

  countItems(spaceId: number): number {
    return items.countItems(this.c, spaceId);
  }

  countEvents(spaceId: number): number {
    return events.countEvents(this.c, spaceId);
  }

  listIndividuals(
    spaceId: number,
    q: { offset: number; limit: number; search?: string },
  ): { total: number; rows: Individual[] } {
    return individuals.listIndividuals(this.c, spaceId, q);
  }

  iterateIndividualIds(spaceId: number, opts?: { afterId?: string }): IterableIterator<string> {
    return individuals.iterateIndividualIds(this.c, spaceId, opts);
  }

  loadItems(spaceId: number): Item[] {
    return items.loadItems(this.c, spaceId);
  }

  getItem(spaceId: number, id: string): Item | undefined {
    return items.getItem(this.c, spaceId, id);
  }

  readEngagement(spaceId: number, individualId: string, q: EngagementQuery): EngagementRow[] {
    return events.readEngagement(this.c, spaceId, individualId, q);
  }

  readEngagementHistory(
    spaceId: number,
    q: { individualIds: readonly string[]; type: EngagementType; fromMs: number; toMs: number },
  ): { individualId: string; itemId: string; tsMs: number }[] {
    return events.readEngagementHistory(this.c, spaceId, q);
  }

  topSellers(
    spaceId: number,
    q: { fromMs: number; toMs: number; limit?: number },
  ): { itemId: string; score: number }[] {
    return events.topSellers(this.c, spaceId, q);
  }

  eventTimeRange(spaceId: number): { first: string; last: string } | null {
    return events.eventTimeRange(this.c, spaceId);
  }

  recountDataSpace(spaceId: number): void {
    this.assertWritable('recountDataSpace');
    dataSpaces.recountDataSpace(this.c, spaceId);
  }

  connectionSettings(): ConnectionSettings {
    const p = (name: string): unknown => this.c.db.pragma(name, { simple: true });
    return {
      journalMode: p('journal_mode') as string,
      foreignKeys: p('foreign_keys') === 1,
      synchronous: p('synchronous') as number,
      cacheSize: p('cache_size') as number,
      mmapSize: p('mmap_size') as number,
      tempStore: p('temp_store') as number,
      busyTimeout: p('busy_timeout') as number,
    };
  }
}
