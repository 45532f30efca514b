import Database from 'better-sqlite3';
import type { EngagementType, ProfileDocument } from '../model/index.ts';
import { fail, ok, type Result } from '../model/errors.ts';
import { Connection } from './connection.ts';
import { dataVersionOf } from './data-spaces.ts';
import { DOCUMENT_CODEC_VERSION, DocumentEncoder, type RefreshDictionary } from './data-graph-refreshes-codec.ts';
import { ProfileScan, type ScannedProfile } from './data-graph-refreshes-scan.ts';

export { itemFieldValue, type ScannedProfile } from './data-graph-refreshes-scan.ts';

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
  private readonly scan: ProfileScan;
  private readonly segmentIndex: Map<string, number>;
  private readonly memberCounts: number[];
  private refreshId = 0;
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
    this.scan = new ProfileScan(this.c, spec);
    const { itemIds, itemValues } = this.scan;
    const dictionary: RefreshDictionary = {
      codec: DOCUMENT_CODEC_VERSION,
      fields: spec.fields,
      segments: spec.segments,
      itemFields: this.scan.itemFields,
      items: itemIds.map((id, idx) => [id, ...itemValues[idx]!]),
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
    return this.scan.nextPage(limit);
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
