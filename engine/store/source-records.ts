import type { SourceRecord } from '../model/identity-resolution.ts';
import type { Scalar } from '../model/json.ts';
import type { Connection } from './connection.ts';
import { isoFromMs } from './timestamps.ts';

/** A source record as stored, with its surrogate key. */
export interface StoredSourceRecord extends SourceRecord {
  pk: number;
}

/** A source record with where the latest resolution put it. */
export interface LinkedSourceRecord extends StoredSourceRecord {
  /** null until a resolution has seen the record. */
  unifiedId: string | null;
  /** The rule that linked it to another record (null: it matched none, or it is unresolved). */
  rule: string | null;
  /** "source:sourceId" of the record it matched under that rule. */
  matchedWith: string | null;
}

/** A source record ready to store. */
export interface SourceRecordRow {
  source: string;
  sourceId: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  updatedAtMs: number | null;
  attributesJson: string;
}

interface RecordRow {
  pk: number;
  source: string;
  source_id: string;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  updated_at: number | null;
  attributes: string;
}

const COLUMNS = 'r.pk, r.source, r.source_id, r.email, r.phone, r.first_name, r.last_name, r.updated_at, r.attributes';
/** Rows fetched per query by iterateSourceRecords (keyset pages: no long-lived cursor). */
const PAGE = 5000;

const toRecord = (r: RecordRow): StoredSourceRecord => ({
  pk: r.pk,
  source: r.source,
  sourceId: r.source_id,
  email: r.email,
  phone: r.phone,
  firstName: r.first_name,
  lastName: r.last_name,
  updatedAt: r.updated_at === null ? null : isoFromMs(r.updated_at),
  attributes: JSON.parse(r.attributes) as Record<string, Scalar>,
});

/** How many source records a data space holds. */
export function countSourceRecords(c: Connection, spaceId: number): number {
  return c.stmt('SELECT count(*) FROM source_records WHERE space_id = ?').pluck().get(spaceId) as number;
}

/**
 * A data space's source records ordered by (source, sourceId) in SQLite's BINARY order — the
 * order identity resolution sorts them in — read in keyset pages so the connection stays free.
 */
export function* iterateSourceRecords(c: Connection, spaceId: number): IterableIterator<StoredSourceRecord> {
  const first = c.stmt(
    `SELECT ${COLUMNS} FROM source_records r WHERE r.space_id = ? ORDER BY r.source, r.source_id LIMIT ?`,
  );
  const next = c.stmt(
    `SELECT ${COLUMNS} FROM source_records r WHERE r.space_id = ? AND (r.source, r.source_id) > (?, ?) ORDER BY r.source, r.source_id LIMIT ?`,
  );
  let after: RecordRow | undefined;
  for (;;) {
    const page = (
      after === undefined ? first.all(spaceId, PAGE) : next.all(spaceId, after.source, after.source_id, PAGE)
    ) as RecordRow[];
    for (const row of page) yield toRecord(row);
    if (page.length < PAGE) return;
    after = page[page.length - 1]!;
  }
}

interface LinkedRow extends RecordRow {
  unified_id: string | null;
  rule: string | null;
  matched_source: string | null;
  matched_source_id: string | null;
}

const toLinked = (r: LinkedRow): LinkedSourceRecord => ({
  ...toRecord(r),
  unifiedId: r.unified_id,
  rule: r.rule,
  matchedWith: r.matched_source === null ? null : `${r.matched_source}:${r.matched_source_id}`,
});

const LINKED_FROM = `FROM source_records r
  LEFT JOIN identity_links l ON l.record_pk = r.pk
  LEFT JOIN source_records m ON m.pk = l.matched_pk`;
const LINKED_COLUMNS = `${COLUMNS}, l.unified_id, l.rule, m.source AS matched_source, m.source_id AS matched_source_id`;

/** Escapes LIKE wildcards so that a search text matches literally. */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/**
 * A page of source records with their links, by (source, sourceId); optionally only those of one
 * unified individual, or those whose source id, email, phone or name contains `search`.
 */
export function listSourceRecords(
  c: Connection,
  spaceId: number,
  q: { offset: number; limit: number; search?: string; unifiedId?: string },
): { total: number; rows: LinkedSourceRecord[] } {
  const where = ['r.space_id = @space'];
  const params: Record<string, unknown> = { space: spaceId };
  if (q.unifiedId !== undefined) {
    where.push('l.unified_id = @unified');
    params['unified'] = q.unifiedId;
  }
  const search = q.search?.trim();
  if (search) {
    where.push(
      `(r.source_id LIKE @pattern ESCAPE '\\' OR r.email LIKE @pattern ESCAPE '\\' OR r.phone LIKE @pattern ESCAPE '\\' OR r.first_name LIKE @pattern ESCAPE '\\' OR r.last_name LIKE @pattern ESCAPE '\\' OR (r.source || ':' || r.source_id) = @exact)`,
    );
    params['pattern'] = likePattern(search);
    params['exact'] = search;
  }
  const w = where.join(' AND ');
  const total = c.stmt(`SELECT count(*) ${LINKED_FROM} WHERE ${w}`).pluck().get(params) as number;
  const rows = c
    .stmt(
      `SELECT ${LINKED_COLUMNS} ${LINKED_FROM} WHERE ${w} ORDER BY r.source, r.source_id LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: q.limit, offset: q.offset }) as LinkedRow[];
  return { total, rows: rows.map(toLinked) };
}

/** How many source records no resolution has seen yet (imported since the last one). */
export function countUnresolved(c: Connection, spaceId: number): number {
  return c
    .stmt(
      'SELECT count(*) FROM source_records r WHERE r.space_id = ? AND NOT EXISTS (SELECT 1 FROM identity_links l WHERE l.record_pk = r.pk)',
    )
    .pluck()
    .get(spaceId) as number;
}

/** Inserts or replaces source records by (source, sourceId); reports which. Call inside a transaction. */
export class SourceRecordWriter {
  private readonly insert;
  private readonly update;
  inserted = 0;
  updated = 0;

  constructor(
    c: Connection,
    private readonly spaceId: number,
  ) {
    this.insert = c.stmt(
      `INSERT INTO source_records (space_id, source, source_id, email, phone, first_name, last_name, updated_at, attributes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (space_id, source, source_id) DO NOTHING`,
    );
    this.update = c.stmt(
      'UPDATE source_records SET email = ?, phone = ?, first_name = ?, last_name = ?, updated_at = ?, attributes = ? WHERE space_id = ? AND source = ? AND source_id = ?',
    );
  }

  /** Writes one record; an existing (source, sourceId) gets the new values (replaced, not merged). */
  write(r: SourceRecordRow): void {
    if (
      this.insert.run(
        this.spaceId,
        r.source,
        r.sourceId,
        r.email,
        r.phone,
        r.firstName,
        r.lastName,
        r.updatedAtMs,
        r.attributesJson,
      ).changes === 1
    )
      this.inserted++;
    else {
      this.update.run(
        r.email,
        r.phone,
        r.firstName,
        r.lastName,
        r.updatedAtMs,
        r.attributesJson,
        this.spaceId,
        r.source,
        r.sourceId,
      );
      this.updated++;
    }
  }
}
