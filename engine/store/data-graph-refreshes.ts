import type { ProfileDocument } from '../model/index.ts';
import { fail, type Result } from '../model/errors.ts';
import type { Connection } from './connection.ts';
import { DocumentDecoder, type RefreshDictionary } from './data-graph-refreshes-codec.ts';
import { RefreshBuild, dataStampOf, type RefreshBuildSpec } from './data-graph-refreshes-build.ts';
import { openProfileScan, type ProfileScanSession, type ProfileScanSpec } from './data-graph-refreshes-scan.ts';
import { isoFromMs } from './timestamps.ts';

/** One complete data-graph refresh, as recorded. */
export interface RefreshRecord {
  id: number;
  spaceId: number;
  dataSpace: string;
  graph: string;
  /** The watermark (a 30-minute boundary): the documents hold the data at or before it. */
  refreshedAt: string;
  refreshedAtMs: number;
  individuals: number;
  /** Members of each of the graph's segments at the watermark, in config order. */
  segmentCounts: Record<string, number>;
  /** The refresh of each calculated insight the documents hold (null: never refreshed by then). */
  insightsRefreshedAt: Record<string, string | null>;
  /** Digest of the graph definition, its segments and CI definitions, and the document encoding. */
  definitionHash: string;
  /** Stamp of the data space's rows when the refresh was built. */
  dataStamp: string;
  configRevision: number | null;
  /** Total size of the encoded documents. */
  bytes: number;
  /** Wall-clock time it was materialized, and how long that took. */
  builtAt: string;
  durationMs: number;
}

interface RefreshRow {
  id: number;
  space_id: number;
  api_name: string;
  graph: string;
  refreshed_at: number;
  definition_hash: string;
  data_stamp: string;
  config_revision: number | null;
  individuals: number;
  bytes: number;
  insights_refreshed_at: string;
  built_at: string;
  duration_ms: number;
}

const SELECT_REFRESH = `SELECT r.id, r.space_id, s.api_name, r.graph, r.refreshed_at, r.definition_hash, r.data_stamp, r.config_revision,
  r.individuals, r.bytes, r.insights_refreshed_at, r.built_at, r.duration_ms
  FROM data_graph_refreshes r JOIN data_spaces s ON s.id = r.space_id`;

/** Documents and member ids are read in keyset pages of this many rows. */
const PAGE = 1000;

/** What a lookup must match besides the watermark (both: the refresh is current). */
export interface RefreshMatch {
  definitionHash?: string;
  dataStamp?: string;
}

/**
 * The `dataGraphs` repository: materialized profile documents and segment memberships per refresh.
 * Reads work on any connection, read-only ones included (worker threads open their own); a refresh
 * is built on a connection of its own (`beginBuild`) so that the store stays usable meanwhile.
 */
export class DataGraphRefreshes {
  private readonly decoders = new Map<number, { decoder: DocumentDecoder; segments: Map<string, number> }>();

  constructor(
    private readonly c: Connection,
    private readonly file: string,
    private readonly readonly: boolean,
    /** True while an import of this process holds the workspace's write lock. */
    private readonly importing: () => boolean = () => false,
  ) {}

  /**
   * A stamp of the data a refresh reads: row counts, the event sequence and the highest keys. It
   * changes with every import of new individuals, items or events.
   */
  dataStamp(spaceId: number): string {
    return dataStampOf(this.c, spaceId);
  }

  /** The newest complete refresh of (space, graph) at exactly this watermark that matches. */
  findRefresh(
    spaceId: number,
    graph: string,
    refreshedAtMs: number,
    match: RefreshMatch = {},
  ): RefreshRecord | undefined {
    const row = this.c
      .stmt(
        `${SELECT_REFRESH} WHERE r.space_id = @space AND r.graph = @graph AND r.refreshed_at = @at
           AND (@hash IS NULL OR r.definition_hash = @hash) AND (@stamp IS NULL OR r.data_stamp = @stamp)
         ORDER BY r.id DESC LIMIT 1`,
      )
      .get({
        space: spaceId,
        graph,
        at: refreshedAtMs,
        hash: match.definitionHash ?? null,
        stamp: match.dataStamp ?? null,
      }) as RefreshRow | undefined;
    return row && this.toRecord(row);
  }

  /** The newest matching refresh whose watermark is at or before `ms`. */
  latestRefreshAtOrBefore(
    spaceId: number,
    graph: string,
    ms: number,
    match: RefreshMatch = {},
  ): RefreshRecord | undefined {
    const row = this.c
      .stmt(
        `${SELECT_REFRESH} WHERE r.space_id = @space AND r.graph = @graph AND r.refreshed_at <= @at
           AND (@hash IS NULL OR r.definition_hash = @hash) AND (@stamp IS NULL OR r.data_stamp = @stamp)
         ORDER BY r.refreshed_at DESC, r.id DESC LIMIT 1`,
      )
      .get({ space: spaceId, graph, at: ms, hash: match.definitionHash ?? null, stamp: match.dataStamp ?? null }) as
      RefreshRow | undefined;
    return row && this.toRecord(row);
  }

  /** One refresh by id. */
  getRefresh(refreshId: number): RefreshRecord | undefined {
    const row = this.c.stmt(`${SELECT_REFRESH} WHERE r.id = ?`).get(refreshId) as RefreshRow | undefined;
    return row && this.toRecord(row);
  }

  /** The refreshes of a data space (optionally one graph), newest watermark first. */
  listRefreshes(spaceId: number, q: { graph?: string } = {}): RefreshRecord[] {
    const rows = this.c
      .stmt(
        `${SELECT_REFRESH} WHERE r.space_id = @space AND (@graph IS NULL OR r.graph = @graph) ORDER BY r.refreshed_at DESC, r.id DESC`,
      )
      .all({ space: spaceId, graph: q.graph ?? null }) as RefreshRow[];
    return rows.map((r) => this.toRecord(r));
  }

  /** Segment members at the refresh, in id order, after `afterId` (throws for a segment the refresh does not hold: a bug). */
  segmentMemberIds(refreshId: number, segment: string, q: { afterId?: string; limit: number }): string[] {
    const idx = this.segmentIndex(refreshId, segment);
    return this.c
      .stmt(
        'SELECT individual_id FROM data_graph_segment_members WHERE refresh_id = ? AND segment_idx = ? AND individual_id > ? ORDER BY individual_id LIMIT ?',
      )
      .pluck()
      .all(refreshId, idx, q.afterId ?? '', q.limit) as string[];
  }

  /** A page of segment members by position (for the UI's paged lists). */
  segmentMembersPage(refreshId: number, segment: string, q: { offset: number; limit: number }): string[] {
    const idx = this.segmentIndex(refreshId, segment);
    return this.c
      .stmt(
        'SELECT individual_id FROM data_graph_segment_members WHERE refresh_id = ? AND segment_idx = ? ORDER BY individual_id LIMIT ? OFFSET ?',
      )
      .pluck()
      .all(refreshId, idx, q.limit, q.offset) as string[];
  }

  /** Number of members of a segment at the refresh (read from the key, no document decoded). */
  countSegmentMembers(refreshId: number, segment: string): number {
    const idx = this.segmentIndex(refreshId, segment);
    return this.c
      .stmt('SELECT count(*) FROM data_graph_segment_members WHERE refresh_id = ? AND segment_idx = ?')
      .pluck()
      .get(refreshId, idx) as number;
  }

  /** True when the individual was a member of the segment at the refresh. */
  isSegmentMember(refreshId: number, segment: string, individualId: string): boolean {
    const idx = this.segmentIndex(refreshId, segment);
    return (
      this.c
        .stmt('SELECT 1 FROM data_graph_segment_members WHERE refresh_id = ? AND segment_idx = ? AND individual_id = ?')
        .get(refreshId, idx, individualId) !== undefined
    );
  }

  /** One individual's document at the refresh, or undefined when the refresh does not hold it. */
  readDocument(refreshId: number, individualId: string): ProfileDocument | undefined {
    const doc = this.c
      .stmt('SELECT doc FROM data_graph_documents WHERE refresh_id = ? AND individual_id = ?')
      .pluck()
      .get(refreshId, individualId) as Buffer | undefined;
    return doc && this.decoder(refreshId).decoder.decode(individualId, doc);
  }

  /** Documents of the given individuals, in the order of `ids`; ids the refresh does not hold are left out. */
  readDocuments(refreshId: number, ids: readonly string[]): ProfileDocument[] {
    const { decoder } = this.decoder(refreshId);
    const out: ProfileDocument[] = [];
    if (ids.length <= 8) {
      const stmt = this.c
        .stmt('SELECT doc FROM data_graph_documents WHERE refresh_id = ? AND individual_id = ?')
        .pluck();
      for (const id of ids) {
        const doc = stmt.get(refreshId, id) as Buffer | undefined;
        if (doc) out.push(decoder.decode(id, doc));
      }
      return out;
    }
    // A chunk: one statement for all its keys (about twice as fast as one lookup per id), then in the caller's order.
    const rows = this.c
      .stmt(
        'SELECT individual_id, doc FROM data_graph_documents WHERE refresh_id = ? AND individual_id IN (SELECT value FROM json_each(?))',
      )
      .raw(true)
      .all(refreshId, JSON.stringify(ids)) as [string, Buffer][];
    const byId = new Map(rows);
    for (const id of ids) {
      const doc = byId.get(id);
      if (doc) out.push(decoder.decode(id, doc));
    }
    return out;
  }

  /** Every document of the refresh in id order, after `afterId`; reads in pages (no long-lived cursor). */
  *iterateDocuments(refreshId: number, q: { afterId?: string } = {}): IterableIterator<ProfileDocument> {
    const { decoder } = this.decoder(refreshId);
    const page = this.c
      .stmt(
        'SELECT individual_id, doc FROM data_graph_documents WHERE refresh_id = ? AND individual_id > ? ORDER BY individual_id LIMIT ?',
      )
      .raw(true);
    let after = q.afterId ?? '';
    for (;;) {
      const rows = page.all(refreshId, after, PAGE) as [string, Buffer][];
      for (const [id, doc] of rows) yield decoder.decode(id, doc);
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]![0];
    }
  }

  /** The documents of a segment's members in id order (one join per page, no per-id lookups). */
  *iterateSegmentDocuments(
    refreshId: number,
    segment: string,
    q: { afterId?: string } = {},
  ): IterableIterator<ProfileDocument> {
    const { decoder } = this.decoder(refreshId);
    const idx = this.segmentIndex(refreshId, segment);
    const page = this.c
      .stmt(
        `SELECT d.individual_id, d.doc FROM data_graph_segment_members m
         JOIN data_graph_documents d ON d.refresh_id = m.refresh_id AND d.individual_id = m.individual_id
         WHERE m.refresh_id = ? AND m.segment_idx = ? AND m.individual_id > ? ORDER BY m.individual_id LIMIT ?`,
      )
      .raw(true);
    let after = q.afterId ?? '';
    for (;;) {
      const rows = page.all(refreshId, idx, after, PAGE) as [string, Buffer][];
      for (const [id, doc] of rows) yield decoder.decode(id, doc);
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]![0];
    }
  }

  /**
   * Starts building a refresh on a connection of its own, inside one IMMEDIATE transaction: the
   * caller scans pages, writes each individual's document, then commits or rolls back. Conflict
   * when another writer holds the workspace.
   */
  beginBuild(spec: RefreshBuildSpec, opts: { busyTimeoutMs?: number } = {}): Result<RefreshBuild> {
    if (this.readonly)
      return fail(
        'InvalidRequest',
        `${this.file} is open read-only; a data-graph refresh cannot be materialized on this connection`,
        { file: this.file },
      );
    // Fail at once rather than block this thread (which the import runs on) in SQLite's busy wait.
    if (this.importing())
      return fail('Conflict', `${this.file}: an import is in progress; the refresh waits for it`, { file: this.file });
    return RefreshBuild.open(this.file, spec, opts.busyTimeoutMs ?? 5000);
  }

  /**
   * Scans the data space's individuals with their engagement as of a watermark on a read-only
   * connection of its own, writing nothing: previews count what a refresh would hold from it.
   */
  openScan(spec: ProfileScanSpec): ProfileScanSession {
    return openProfileScan(this.file, spec, dataStampOf);
  }

  /**
   * Deletes a refresh with its documents and memberships, in one transaction (for pruning old
   * refreshes: runs that recorded it can then no longer be resumed or traced). False when absent.
   */
  deleteRefresh(refreshId: number): boolean {
    if (this.readonly) throw new Error(`${this.file} is open read-only`);
    const gone = this.c.db.transaction(() => {
      this.c.stmt('DELETE FROM data_graph_segment_members WHERE refresh_id = ?').run(refreshId);
      this.c.stmt('DELETE FROM data_graph_documents WHERE refresh_id = ?').run(refreshId);
      this.c.stmt('DELETE FROM data_graph_refresh_segments WHERE refresh_id = ?').run(refreshId);
      return this.c.stmt('DELETE FROM data_graph_refreshes WHERE id = ?').run(refreshId).changes === 1;
    })();
    this.decoders.delete(refreshId);
    return gone;
  }

  private toRecord(r: RefreshRow): RefreshRecord {
    const segments = this.c
      .stmt('SELECT api_name, members FROM data_graph_refresh_segments WHERE refresh_id = ? ORDER BY segment_idx')
      .raw(true)
      .all(r.id) as [string, number][];
    return {
      id: r.id,
      spaceId: r.space_id,
      dataSpace: r.api_name,
      graph: r.graph,
      refreshedAt: isoFromMs(r.refreshed_at),
      refreshedAtMs: r.refreshed_at,
      individuals: r.individuals,
      segmentCounts: Object.fromEntries(segments),
      insightsRefreshedAt: JSON.parse(r.insights_refreshed_at) as Record<string, string | null>,
      definitionHash: r.definition_hash,
      dataStamp: r.data_stamp,
      configRevision: r.config_revision,
      bytes: r.bytes,
      builtAt: r.built_at,
      durationMs: r.duration_ms,
    };
  }

  private decoder(refreshId: number): { decoder: DocumentDecoder; segments: Map<string, number> } {
    let d = this.decoders.get(refreshId);
    if (!d) {
      const row = this.c
        .stmt('SELECT refreshed_at, dictionary FROM data_graph_refreshes WHERE id = ?')
        .get(refreshId) as { refreshed_at: number; dictionary: string } | undefined;
      if (!row) throw new Error(`no data-graph refresh with id ${refreshId}`);
      const dict = JSON.parse(row.dictionary) as RefreshDictionary;
      d = {
        decoder: new DocumentDecoder(dict, row.refreshed_at),
        segments: new Map(dict.segments.map((s, i) => [s, i])),
      };
      // Refreshes are immutable, so decoders never go stale; keep a handful.
      if (this.decoders.size >= 8) this.decoders.delete(this.decoders.keys().next().value!);
      this.decoders.set(refreshId, d);
    }
    return d;
  }

  private segmentIndex(refreshId: number, segment: string): number {
    const idx = this.decoder(refreshId).segments.get(segment);
    if (idx === undefined) throw new Error(`data-graph refresh ${refreshId} holds no segment "${segment}"`);
    return idx;
  }
}
