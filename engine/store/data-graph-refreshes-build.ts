import Database from 'better-sqlite3';
import type { EngagementRow, EngagementType, Individual, ProfileDocument, Scalar } from '../model/index.ts';
import type { Item } from '../model/item.ts';
import { DAY_MS, isoOf } from '../model/time.ts';
import { fail, ok, type Result } from '../model/errors.ts';
import { Connection } from './connection.ts';
import { dataVersionOf } from './data-spaces.ts';
import {
  DOCUMENT_CODEC_VERSION,
  DocumentEncoder,
  ENGAGEMENT_ORDER,
  EVENT_ROW_KEYS,
  type RawEngagement,
  type RefreshDictionary,
} from './data-graph-refreshes-codec.ts';
import { EVENT_TYPE_CODES } from './event-types.ts';
import { ITEM_COLUMNS, itemPkMap, loadItems } from './items.ts';

/** What a refresh materializes: one profile data graph of one data space at one watermark. */
export interface RefreshBuildSpec {
  spaceId: number;
  graph: string;
  /** The watermark (a 30-minute boundary), epoch ms. */
  refreshedAtMs: number;
  definitionHash: string;
  configRevision: number | null;
  /** Root fields of the graph, in graph order. */
  fields: string[];
  /** The graph's segments, in config order. */
  segments: string[];
  /** Item fields copied onto engagement rows, as the graph lists them. */
  itemFields: string[];
  engagement: Record<EngagementType, { include: boolean; lookbackDays: number; maxRows: number }>;
  insightsRefreshedAt: Record<string, string | null>;
  /** Wall-clock time of the build, recorded with the refresh. */
  builtAt: string;
}

/** One individual as the scan read it: root attributes and engagement rows within the graph's windows. */
export interface ScannedProfile {
  individual: Individual;
  /** Newest first, capped per type, with the item fields: exactly the rows of the single-request path. */
  engagement: Record<EngagementType, EngagementRow[]>;
  /** Item indexes and epoch-ms timestamps parallel to the rows (for the encoder). */
  raw: Record<EngagementType, RawEngagement>;
}

/** Value of an item field on an engagement row, as the single-request path reads it (engine/store/events.ts). */
export function itemFieldValue(item: Item, field: string): Scalar {
  if (Object.hasOwn(ITEM_COLUMNS, field)) return (item as unknown as Record<string, Scalar>)[field] ?? null;
  const v = item.attributes[field];
  return v === undefined ? null : v;
}

/**
 * The data stamp on any connection (see DataGraphRefreshes.dataStamp): the data space's data version
 * (bumped by every write, updates included), row counts, the event sequence, the highest individual
 * and item keys, and the last identity resolution.
 */
export function dataStampOf(c: Connection, spaceId: number): string {
  const counts = c
    .stmt('SELECT individual_count, item_count, event_count FROM data_spaces WHERE id = ?')
    .raw(true)
    .get(spaceId) as [number, number, number] | undefined;
  const seq = c.stmt("SELECT value FROM sequences WHERE name = 'event_seq'").pluck().get() as number;
  const maxIndividual = c.stmt('SELECT max(pk) FROM individuals').pluck().get() as number | null;
  const maxItem = c.stmt('SELECT max(pk) FROM items').pluck().get() as number | null;
  const hasResolutions =
    c.stmt("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'identity_resolutions'").get() !== undefined;
  const resolution = hasResolutions
    ? ((c.stmt('SELECT max(id) FROM identity_resolutions').pluck().get() as number | null) ?? 0)
    : 0;
  return [dataVersionOf(c, spaceId), ...(counts ?? [0, 0, 0]), seq, maxIndividual ?? 0, maxItem ?? 0, resolution].join(
    '.',
  );
}

const isBusy = (e: unknown): boolean => e instanceof Error && /^SQLITE_BUSY/.test((e as { code?: string }).code ?? '');

/**
 * A refresh being built: its own connection, one IMMEDIATE transaction from open to commit, so
 * that an interrupted build (cancel, crash, kill) leaves nothing and readers never see half a
 * refresh. Reads individuals in id order with their engagement, in keyset pages (one range query
 * per engagement type per page — a streaming merge, not one query per individual).
 */
export class RefreshBuild {
  /** Individuals of the data space (the progress total). */
  readonly total: number;
  /** Data stamp read inside the transaction. */
  readonly dataStamp: string;
  /** A complete refresh matching the spec (CI refreshes included) and the data stamp, committed before this build began. */
  readonly existingId: number | undefined;
  private readonly c: Connection;
  private readonly encoder: DocumentEncoder;
  private readonly itemIndexByPk: Map<number, number>;
  private readonly itemIds: string[];
  private readonly itemValues: Scalar[][];
  private readonly itemFields: string[];
  private readonly segmentIndex: Map<string, number>;
  private readonly memberCounts: number[];
  private refreshId = 0;
  private after = '';
  private individuals = 0;
  private bytes = 0;
  private state: 'open' | 'committed' | 'rolled back' = 'open';

  private constructor(
    private readonly db: Database.Database,
    private readonly spec: RefreshBuildSpec,
  ) {
    this.c = new Connection(db);
    // 1. Inside the transaction: the data stamp, and whether a matching refresh already exists.
    this.dataStamp = dataStampOf(this.c, spec.spaceId);
    this.existingId = this.c
      .stmt(
        'SELECT id FROM data_graph_refreshes WHERE space_id = ? AND graph = ? AND refreshed_at = ? AND definition_hash = ? AND data_stamp = ? AND insights_refreshed_at = ? ORDER BY id DESC LIMIT 1',
      )
      .pluck()
      .get(
        spec.spaceId,
        spec.graph,
        spec.refreshedAtMs,
        spec.definitionHash,
        this.dataStamp,
        JSON.stringify(spec.insightsRefreshedAt),
      ) as number | undefined;
    this.total =
      (this.c.stmt('SELECT individual_count FROM data_spaces WHERE id = ?').pluck().get(spec.spaceId) as
        number | undefined) ?? 0;
    // 2. The dictionary: items (id order) with the item fields rows copy, segments, fields.
    const items = loadItems(this.c, spec.spaceId);
    const pks = itemPkMap(this.c, spec.spaceId);
    this.itemFields = spec.itemFields.filter((f) => !EVENT_ROW_KEYS.has(f));
    this.itemIds = items.map((i) => i.id);
    this.itemValues = items.map((i) => this.itemFields.map((f) => itemFieldValue(i, f)));
    this.itemIndexByPk = new Map(items.map((i, idx) => [pks.get(i.id)!, idx]));
    const dictionary: RefreshDictionary = {
      codec: DOCUMENT_CODEC_VERSION,
      fields: spec.fields,
      segments: spec.segments,
      itemFields: this.itemFields,
      items: items.map((_, idx) => [this.itemIds[idx]!, ...this.itemValues[idx]!]),
    };
    this.encoder = new DocumentEncoder(dictionary, spec.refreshedAtMs);
    this.segmentIndex = new Map(spec.segments.map((s, i) => [s, i]));
    this.memberCounts = spec.segments.map(() => 0);
    if (this.existingId !== undefined) return;
    // 3. The refresh row (counts filled in at commit) and its segments.
    this.refreshId = this.c
      .stmt(
        `INSERT INTO data_graph_refreshes (space_id, graph, refreshed_at, definition_hash, data_stamp, config_revision, individuals, bytes, insights_refreshed_at, dictionary, built_at, duration_ms)
         VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, 0) RETURNING id`,
      )
      .pluck()
      .get(
        spec.spaceId,
        spec.graph,
        spec.refreshedAtMs,
        spec.definitionHash,
        this.dataStamp,
        spec.configRevision,
        JSON.stringify(spec.insightsRefreshedAt),
        JSON.stringify(dictionary),
        spec.builtAt,
      ) as number;
    const seg = this.c.stmt(
      'INSERT INTO data_graph_refresh_segments (refresh_id, segment_idx, api_name, members) VALUES (?, ?, ?, 0)',
    );
    spec.segments.forEach((s, i) => seg.run(this.refreshId, i, s));
  }

  /** Opens the build connection and its transaction; Conflict when another writer holds the workspace. */
  static open(file: string, spec: RefreshBuildSpec, busyTimeoutMs: number): Result<RefreshBuild> {
    let db: Database.Database;
    try {
      db = new Database(file, { fileMustExist: true });
    } catch (e) {
      return fail(
        'InvalidInput',
        `${file}: cannot open a connection to materialize the data-graph refresh (${(e as Error).message})`,
        { file },
      );
    }
    try {
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
      db.pragma('synchronous = NORMAL');
      db.pragma('temp_store = MEMORY');
      db.pragma('cache_size = -131072'); // 128 MiB: the two B-trees being appended stay in cache
      db.exec('BEGIN IMMEDIATE');
    } catch (e) {
      db.close();
      if (isBusy(e))
        return fail('Conflict', `${file} is busy: another process is writing to the workspace; try the refresh again`, {
          file,
        });
      throw e;
    }
    try {
      return ok(new RefreshBuild(db, spec));
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
      throw e;
    }
  }

  /** The next page of individuals (id order) with their engagement; empty when the scan is done. */
  nextPage(limit: number): ScannedProfile[] {
    this.assertOpen();
    const spec = this.spec;
    const rows = this.c
      .stmt('SELECT id, attributes FROM individuals WHERE space_id = ? AND id > ? ORDER BY id LIMIT ?')
      .raw(true)
      .all(spec.spaceId, this.after, limit) as [string, string][];
    if (rows.length === 0) return [];
    const page: ScannedProfile[] = rows.map(([id, attributes]) => ({
      individual: { id, attributes: JSON.parse(attributes) as Individual['attributes'] },
      engagement: { browse: [], cart: [], order: [] },
      raw: { browse: { item: [], ts: [] }, cart: { item: [], ts: [] }, order: { item: [], ts: [] } },
    }));
    const first = this.after;
    const last = rows[rows.length - 1]![0];
    const nf = this.itemFields.length;
    // Ordered by individual, newest first: the nested loop reads the events key backwards, no sort.
    const events = this.c
      .stmt(
        `SELECT i.id, e.ts, e.item_pk, e.quantity, e.price FROM individuals i JOIN events e ON e.individual_pk = i.pk
         WHERE i.space_id = ? AND i.id > ? AND i.id <= ? AND e.type = ? AND e.ts > ? AND e.ts <= ?
         ORDER BY i.id, e.ts DESC, e.seq DESC`,
      )
      .raw(true);
    for (const type of ENGAGEMENT_ORDER) {
      const inc = spec.engagement[type];
      if (!inc.include || inc.maxRows <= 0) continue;
      const fromMs = spec.refreshedAtMs - inc.lookbackDays * DAY_MS;
      let p = 0;
      for (const [id, ts, itemPk, quantity, price] of events.iterate(
        spec.spaceId,
        first,
        last,
        EVENT_TYPE_CODES[type],
        fromMs,
        spec.refreshedAtMs,
      ) as IterableIterator<[string, number, number, number, number | null]>) {
        while (page[p]!.individual.id !== id) p++;
        const target = page[p]!;
        const list = target.engagement[type];
        if (list.length >= inc.maxRows) continue;
        const idx = this.itemIndexByPk.get(itemPk);
        if (idx === undefined) throw new Error(`event of ${id} refers to item pk ${itemPk}, which does not exist`);
        const row: EngagementRow = { itemId: this.itemIds[idx]!, type, timestamp: isoOf(ts), quantity, price };
        if (nf > 0) {
          const values = this.itemValues[idx]!;
          for (let f = 0; f < nf; f++) row[this.itemFields[f]!] = values[f]!;
        }
        list.push(row);
        target.raw[type].item.push(idx);
        target.raw[type].ts.push(ts);
      }
    }
    this.after = last;
    return page;
  }

  /**
   * Writes one individual's document (built from `scanned`) and its segment memberships (the
   * document's own list, or — for a graph whose documents do not include segments — evaluated apart).
   */
  write(scanned: ScannedProfile, doc: ProfileDocument, memberships: readonly string[] = doc.data.segments): void {
    this.assertOpen();
    if (this.existingId !== undefined) throw new Error('this refresh already exists; roll the build back');
    const bytes = this.encoder.encode(doc.data, scanned.raw);
    this.c
      .stmt('INSERT INTO data_graph_documents (refresh_id, individual_id, doc) VALUES (?, ?, ?)')
      .run(this.refreshId, doc.individualId, bytes);
    const member = this.c.stmt(
      'INSERT INTO data_graph_segment_members (refresh_id, segment_idx, individual_id) VALUES (?, ?, ?)',
    );
    for (const s of memberships) {
      const i = this.segmentIndex.get(s);
      if (i === undefined)
        throw new Error(`document of ${doc.individualId} holds segment ${s}, which is not one of the graph's`);
      member.run(this.refreshId, i, doc.individualId);
      this.memberCounts[i]!++;
    }
    this.individuals++;
    this.bytes += bytes.length;
  }

  /** Records the counts and commits; returns the refresh id. */
  commit(durationMs: number): number {
    this.assertOpen();
    if (this.existingId !== undefined) throw new Error('this refresh already exists; roll the build back');
    this.c
      .stmt('UPDATE data_graph_refreshes SET individuals = ?, bytes = ?, duration_ms = ? WHERE id = ?')
      .run(this.individuals, this.bytes, Math.round(durationMs), this.refreshId);
    const seg = this.c.stmt(
      'UPDATE data_graph_refresh_segments SET members = ? WHERE refresh_id = ? AND segment_idx = ?',
    );
    this.memberCounts.forEach((n, i) => seg.run(n, this.refreshId, i));
    this.db.exec('COMMIT');
    this.state = 'committed';
    this.db.close();
    return this.refreshId;
  }

  /** Abandons the build: nothing of it remains. Safe to call more than once. */
  rollback(): void {
    if (this.state !== 'open') return;
    this.state = 'rolled back';
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } finally {
      this.db.close();
    }
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new Error(`the refresh build is ${this.state}`);
  }
}
