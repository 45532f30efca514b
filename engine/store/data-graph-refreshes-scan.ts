import Database from 'better-sqlite3';
import type { EngagementRow, EngagementType, Individual, Scalar } from '../model/index.ts';
import type { Item } from '../model/item.ts';
import { DAY_MS, isoOf } from '../model/time.ts';
import { Connection } from './connection.ts';
import { ENGAGEMENT_ORDER, EVENT_ROW_KEYS, type RawEngagement } from './data-graph-refreshes-codec.ts';
import { EVENT_TYPE_CODES } from './event-types.ts';
import { ITEM_COLUMNS, itemPkMap, loadItems } from './items.ts';

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

/** What a scan reads: one data space's individuals with their engagement as of one watermark. */
export interface ProfileScanSpec {
  spaceId: number;
  /** The watermark (a 30-minute boundary), epoch ms: engagement after it is not read. */
  refreshedAtMs: number;
  /** Item fields copied onto engagement rows, as the graph lists them. */
  itemFields: string[];
  engagement: Record<EngagementType, { include: boolean; lookbackDays: number; maxRows: number }>;
}

/**
 * Reads individuals in id order with their engagement, in keyset pages (one range query per
 * engagement type per page — a streaming merge, not one query per individual). Only reads: a
 * refresh build writes what it scans, a preview only counts it.
 */
export class ProfileScan {
  /** Item fields copied onto rows (event row keys left out), with each item's values, items in id order. */
  readonly itemFields: string[];
  readonly itemIds: string[];
  readonly itemValues: Scalar[][];
  private readonly itemIndexByPk: Map<number, number>;
  private after = '';

  constructor(
    private readonly c: Connection,
    private readonly spec: ProfileScanSpec,
  ) {
    const items = loadItems(c, spec.spaceId);
    const pks = itemPkMap(c, spec.spaceId);
    this.itemFields = spec.itemFields.filter((f) => !EVENT_ROW_KEYS.has(f));
    this.itemIds = items.map((i) => i.id);
    this.itemValues = items.map((i) => this.itemFields.map((f) => itemFieldValue(i, f)));
    this.itemIndexByPk = new Map(items.map((i, idx) => [pks.get(i.id)!, idx]));
  }

  /** The next page of individuals (id order) with their engagement; empty when the scan is done. */
  nextPage(limit: number): ScannedProfile[] {
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
}

/** A scan on a read-only connection of its own, in one read transaction (one consistent snapshot). */
export interface ProfileScanSession {
  scan: ProfileScan;
  /** Individuals of the data space. */
  total: number;
  /** The data stamp of the snapshot (DataGraphRefreshes.dataStamp). */
  dataStamp: string;
  /** Ends the read transaction and closes the connection. Safe to call more than once. */
  close(): void;
}

/**
 * Opens a read-only scan of the workspace file: what a preview (a segment count with no refresh
 * materialized) reads instead of building a refresh, so that reading never writes.
 */
export function openProfileScan(
  file: string,
  spec: ProfileScanSpec,
  dataStampOf: (c: Connection, spaceId: number) => string,
): ProfileScanSession {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.exec('BEGIN');
    const c = new Connection(db);
    const dataStamp = dataStampOf(c, spec.spaceId); // the first read pins the snapshot
    const total =
      (c.stmt('SELECT individual_count FROM data_spaces WHERE id = ?').pluck().get(spec.spaceId) as
        number | undefined) ?? 0;
    const scan = new ProfileScan(c, spec);
    let open = true;
    return {
      scan,
      total,
      dataStamp,
      close: () => {
        if (!open) return;
        open = false;
        try {
          if (db.inTransaction) db.exec('COMMIT');
        } finally {
          db.close();
        }
      },
    };
  } catch (e) {
    db.close();
    throw e;
  }
}
