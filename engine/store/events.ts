import type { EngagementType } from '../model/data-graph.ts';
import type { EngagementRow } from '../model/profile.ts';
import type { Scalar } from '../model/json.ts';
import type { Connection } from './connection.ts';
import { addCounts, dataSpaceCounts } from './data-spaces.ts';
import { EVENT_TYPE_CODES } from './event-types.ts';
import { individualPk } from './individuals.ts';
import { ITEM_COLUMNS } from './items.ts';
import { isoFromMs } from './timestamps.ts';

/** How many engagement events a data space holds. */
export const countEvents = (c: Connection, spaceId: number): number => dataSpaceCounts(c, spaceId).events;

/** An event ready to store: surrogate keys, type code, epoch ms. */
export interface StoredEvent {
  individualPk: number;
  itemPk: number;
  typeCode: number;
  ts: number;
  quantity: number;
  price: number | null;
}

/**
 * Appends events. `seq` (the last key column, which keeps equal timestamps apart and orders them
 * by arrival) comes from the `event_seq` sequence, read on creation and written back by finish().
 * Call inside a transaction.
 */
export class EventWriter {
  private readonly insert;
  private seq: number;
  inserted = 0;

  constructor(
    private readonly c: Connection,
    private readonly spaceId: number,
  ) {
    this.insert = c.stmt(
      'INSERT INTO events (individual_pk, type, ts, seq, space_id, item_pk, quantity, price) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.seq = c.stmt("SELECT value FROM sequences WHERE name = 'event_seq'").pluck().get() as number;
  }

  write(e: StoredEvent): void {
    this.insert.run(e.individualPk, e.typeCode, e.ts, ++this.seq, this.spaceId, e.itemPk, e.quantity, e.price);
    this.inserted++;
  }

  /** Saves the sequence and adds the rows to the data space's count. */
  finish(): void {
    this.c.stmt("UPDATE sequences SET value = ? WHERE name = 'event_seq'").run(this.seq);
    addCounts(this.c, this.spaceId, { events: this.inserted });
  }
}

/** A query for one individual's engagement of one type. */
export interface EngagementQuery {
  type: EngagementType;
  /** Exclusive lower bound (epoch ms). */
  fromMs: number;
  /** Inclusive upper bound (epoch ms). */
  toMs: number;
  limit: number;
  /** Item fields copied onto each row: base fields (category, price...) or item attributes. */
  itemFields: string[];
}

type FieldReader = (v: unknown) => Scalar;
const asScalar: FieldReader = (v) => (v === undefined ? null : (v as Scalar));
const BASE_READERS: Record<string, FieldReader> = {
  inStock: (v) => v === 1,
  createdAt: (v) => isoFromMs(v as number),
};
const EVENT_KEYS = new Set(['itemId', 'type', 'timestamp', 'quantity', 'price']);

/** A JSON path selecting one top-level key, quoted so any key name is safe. */
const jsonKeyPath = (key: string): string => `$."${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function engagementSql(itemFields: readonly string[]): {
  sql: string;
  readers: { key: string; read: FieldReader }[];
  params: string[];
} {
  const cols: string[] = [];
  const params: string[] = [];
  const readers: { key: string; read: FieldReader }[] = [];
  for (const f of itemFields) {
    if (EVENT_KEYS.has(f)) continue; // the event's own value wins over an item field of that name
    const column = ITEM_COLUMNS[f];
    if (column !== undefined) {
      cols.push(`it.${column}`);
      readers.push({ key: f, read: BASE_READERS[f] ?? asScalar });
    } else {
      cols.push('it.attributes -> ?'); // JSON text of the attribute, or NULL when absent
      params.push(jsonKeyPath(f));
      readers.push({
        key: f,
        read: (v) => (v === null || v === undefined ? null : (JSON.parse(v as string) as Scalar)),
      });
    }
  }
  const extra = cols.map((col) => `, ${col}`).join('');
  const sql = `SELECT it.id, e.ts, e.quantity, e.price${extra}
    FROM events e JOIN items it ON it.pk = e.item_pk
    WHERE e.individual_pk = ? AND e.type = ? AND e.ts > ? AND e.ts <= ?
    ORDER BY e.ts DESC, e.seq DESC LIMIT ?`;
  return { sql, readers, params };
}

/**
 * One individual's events of one type, newest first, with fromMs < ts <= toMs: a range read on
 * the events key (individual, type, ts), joined to the item for the requested item fields.
 */
export function readEngagement(
  c: Connection,
  spaceId: number,
  individualId: string,
  q: EngagementQuery,
): EngagementRow[] {
  const pk = individualPk(c, spaceId, individualId);
  if (pk === undefined || q.limit <= 0) return [];
  const { sql, readers, params } = engagementSql(q.itemFields);
  const rows = c
    .stmt(sql)
    .raw(true)
    .all(...params, pk, EVENT_TYPE_CODES[q.type], q.fromMs, q.toMs, q.limit) as unknown[][];
  return rows.map((r) => {
    const row: EngagementRow = {
      itemId: r[0] as string,
      type: q.type,
      timestamp: isoFromMs(r[1] as number),
      quantity: r[2] as number,
      price: r[3] as number | null,
    };
    for (let i = 0; i < readers.length; i++) row[readers[i]!.key] = readers[i]!.read(r[4 + i]);
    return row;
  });
}

/**
 * Top sellers: sum(quantity) of orders with fromMs < ts <= toMs per item, highest first, ties by
 * item id ascending (BINARY order). Items whose orders sum to 0 are left out. Reads only the
 * (space, type, ts, item, quantity) index.
 */
export function topSellers(
  c: Connection,
  spaceId: number,
  q: { fromMs: number; toMs: number; limit?: number },
): { itemId: string; score: number }[] {
  return c
    .stmt(
      `SELECT it.id AS itemId, t.score AS score FROM (
         SELECT item_pk, sum(quantity) AS score FROM events
         WHERE space_id = ? AND type = ? AND ts > ? AND ts <= ?
         GROUP BY item_pk
       ) t JOIN items it ON it.pk = t.item_pk
       WHERE t.score > 0
       ORDER BY t.score DESC, it.id ASC
       LIMIT ?`,
    )
    .all(spaceId, EVENT_TYPE_CODES.order, q.fromMs, q.toMs, q.limit ?? -1) as { itemId: string; score: number }[];
}

/** First and last event time of a data space (canonical ISO), or null when it has none. */
export function eventTimeRange(c: Connection, spaceId: number): { first: string; last: string } | null {
  // One indexed min and max per type: a min/max over the whole space would not use the index.
  const min = c.stmt('SELECT min(ts) FROM events WHERE space_id = ? AND type = ?').pluck();
  const max = c.stmt('SELECT max(ts) FROM events WHERE space_id = ? AND type = ?').pluck();
  let first = Infinity;
  let last = -Infinity;
  for (const code of Object.values(EVENT_TYPE_CODES)) {
    const lo = min.get(spaceId, code) as number | null;
    const hi = max.get(spaceId, code) as number | null;
    if (lo !== null && lo < first) first = lo;
    if (hi !== null && hi > last) last = hi;
  }
  return first === Infinity ? null : { first: isoFromMs(first), last: isoFromMs(last) };
}

/**
 * Several individuals' events of one type with fromMs < ts <= toMs, every row (no cap): ordered by
 * individual id, newest first. One statement for a batch chunk: each id is one probe of the
 * individuals key and one backwards range of the events key (individual, type, ts).
 */
export function readEngagementHistory(
  c: Connection,
  spaceId: number,
  q: { individualIds: readonly string[]; type: EngagementType; fromMs: number; toMs: number },
): { individualId: string; itemId: string; tsMs: number }[] {
  if (q.individualIds.length === 0) return [];
  const rows = c
    .stmt(
      `SELECT i.id, it.id, e.ts FROM individuals i
         JOIN events e ON e.individual_pk = i.pk
         JOIN items it ON it.pk = e.item_pk
       WHERE i.space_id = ? AND i.id IN (SELECT value FROM json_each(?)) AND e.type = ? AND e.ts > ? AND e.ts <= ?
       ORDER BY i.id, e.ts DESC, e.seq DESC`,
    )
    .raw(true)
    .all(
      spaceId,
      JSON.stringify(q.individualIds),
      EVENT_TYPE_CODES[q.type],
      Number.isFinite(q.fromMs) ? q.fromMs : Number.MIN_SAFE_INTEGER,
      q.toMs,
    ) as [string, string, number][];
  return rows.map(([individualId, itemId, tsMs]) => ({ individualId, itemId, tsMs }));
}
