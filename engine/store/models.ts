import type { EngagementType } from '../model/data-graph.ts';
import type { Connection } from './connection.ts';
import { EVENT_TYPE_CODES } from './event-types.ts';
import { isoFromMs } from './timestamps.ts';

/**
 * Events as parallel columns (surrogate keys, type), for training and evaluation: 9 bytes per
 * event, so tens of millions fit. The time window is applied by the query.
 */
export interface InteractionColumns {
  length: number;
  individualPk: Int32Array;
  itemPk: Int32Array;
  /** Position of the event's type in the requested `types`. */
  type: Uint8Array;
}

/** An item's surrogate key, id and creation time. */
export interface ItemKey {
  pk: number;
  id: string;
  createdAtMs: number;
}

/** A stored model without its factors. */
export interface ModelHeader {
  id: number;
  spaceId: number;
  recommender: string;
  trainedAt: string;
  trainedAtMs: number;
  objective: string;
  algorithm: string;
  windowDays: number;
  seed: number;
  factors: number;
  items: number;
  users: number;
  interactions: number;
  hyperparameters: Record<string, number>;
  metrics: Record<string, number | string | null>;
  durationMs: number;
  createdAt: string;
  /** True when the model carries an approximate (IVF) index. */
  approximateIndex: boolean;
}

/** A stored model with its item set and factors. */
export interface StoredModel extends ModelHeader {
  itemIds: string[];
  itemFactors: Float32Array;
  popularity: Float32Array;
  ivfIndex: Uint8Array | null;
}

/** What saving a model takes (the header fields the store assigns are left out). */
export type NewModel = Omit<StoredModel, 'id' | 'spaceId' | 'trainedAt' | 'approximateIndex'>;

/** Trained objective-based recommender models and the event reads that train them. */
export interface ModelRepository {
  /** Every item of a data space with its surrogate key and creation time, by id. */
  itemKeys(spaceId: number): ItemKey[];
  /** Events of the given types with fromMs < ts <= toMs, as columns (by type, then time). */
  readInteractions(
    spaceId: number,
    q: { types: readonly EngagementType[]; fromMs: number; toMs: number },
  ): InteractionColumns;
  /** Stores a model; one trained at the same time for the same recommender is replaced. */
  save(spaceId: number, model: NewModel): ModelHeader;
  /** The last model of a recommender trained at or before `asOfMs`. */
  latestAt(spaceId: number, recommender: string, asOfMs: number): ModelHeader | undefined;
  /** The id of that model only (one index probe: the per-request lookup). */
  latestIdAt(spaceId: number, recommender: string, asOfMs: number): number | undefined;
  /** A model's header by id. */
  header(id: number): ModelHeader | undefined;
  /** The first model of a recommender ever trained. */
  earliest(spaceId: number, recommender: string): ModelHeader | undefined;
  /** Models of a data space (one recommender, or all), newest training first. */
  list(spaceId: number, recommender?: string): ModelHeader[];
  /** A model with its factors. */
  load(id: number): StoredModel | undefined;
}

interface HeaderRow {
  id: number;
  space_id: number;
  recommender: string;
  trained_at: number;
  objective: string;
  algorithm: string;
  window_days: number;
  seed: number;
  factors: number;
  item_count: number;
  user_count: number;
  interaction_count: number;
  hyperparameters: string;
  metrics: string;
  duration_ms: number;
  created_at: string;
  has_ivf: number;
}

const HEADER_COLUMNS = `id, space_id, recommender, trained_at, objective, algorithm, window_days, seed, factors, item_count, user_count,
  interaction_count, hyperparameters, metrics, duration_ms, created_at, ivf_index IS NOT NULL AS has_ivf`;

const toHeader = (r: HeaderRow): ModelHeader => ({
  id: r.id,
  spaceId: r.space_id,
  recommender: r.recommender,
  trainedAt: isoFromMs(r.trained_at),
  trainedAtMs: r.trained_at,
  objective: r.objective,
  algorithm: r.algorithm,
  windowDays: r.window_days,
  seed: r.seed,
  factors: r.factors,
  items: r.item_count,
  users: r.user_count,
  interactions: r.interaction_count,
  hyperparameters: JSON.parse(r.hyperparameters) as Record<string, number>,
  metrics: JSON.parse(r.metrics) as Record<string, number | string | null>,
  durationMs: r.duration_ms,
  createdAt: r.created_at,
  approximateIndex: r.has_ivf === 1,
});

/** The bytes of a typed array, as a Buffer over the same memory (little-endian on every supported platform). */
const bytesOf = (a: Float32Array | Uint8Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** A float32 array copied out of a BLOB (BLOB buffers need not be 4-byte aligned). */
function float32Of(blob: Buffer, expected: number, what: string): Float32Array {
  if (blob.byteLength !== expected * 4)
    throw new Error(`stored ${what} has ${blob.byteLength} bytes, expected ${expected * 4}`);
  const out = new Float32Array(expected);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

/** Typed columns for reading a known number of events (sized by a count first: no regrowth). */
class ColumnBuilder {
  length = 0;
  readonly individualPk: Int32Array;
  readonly itemPk: Int32Array;
  readonly type: Uint8Array;

  constructor(readonly capacity: number) {
    this.individualPk = new Int32Array(capacity);
    this.itemPk = new Int32Array(capacity);
    this.type = new Uint8Array(capacity);
  }

  push(individualPk: number, itemPk: number, type: number): void {
    // The count and the read share one read transaction, so this is a bug if it happens.
    if (this.length === this.capacity)
      throw new Error(`readInteractions: more events than the ${this.capacity} counted`);
    const i = this.length++;
    this.individualPk[i] = individualPk;
    this.itemPk[i] = itemPk;
    this.type[i] = type;
  }

  finish(): InteractionColumns {
    const n = this.length;
    const cut = <T extends Int32Array | Uint8Array>(a: T): T => (n === this.capacity ? a : (a.subarray(0, n) as T));
    return { length: n, individualPk: cut(this.individualPk), itemPk: cut(this.itemPk), type: cut(this.type) };
  }
}

/** The better-sqlite3 implementation of ModelRepository. */
export class SqliteModelRepository implements ModelRepository {
  constructor(
    private readonly c: Connection,
    private readonly assertWritable: (what: string) => void,
  ) {}

  itemKeys(spaceId: number): ItemKey[] {
    return this.c
      .stmt('SELECT pk, id, created_at AS createdAtMs FROM items WHERE space_id = ? ORDER BY id')
      .all(spaceId) as ItemKey[];
  }

  readInteractions(
    spaceId: number,
    q: { types: readonly EngagementType[]; fromMs: number; toMs: number },
  ): InteractionColumns {
    // The (space, type, ts, item, quantity) index carries the key columns of the WITHOUT ROWID
    // events table, individual_pk included: this read never touches the table itself.
    const count = this.c
      .stmt('SELECT count(*) FROM events WHERE space_id = ? AND type = ? AND ts > ? AND ts <= ?')
      .pluck();
    const stmt = this.c
      .stmt(
        'SELECT individual_pk, item_pk FROM events WHERE space_id = ? AND type = ? AND ts > ? AND ts <= ? ORDER BY ts',
      )
      .raw(true);
    return this.c.db.transaction(() => {
      let total = 0;
      for (const type of q.types) total += count.get(spaceId, EVENT_TYPE_CODES[type], q.fromMs, q.toMs) as number;
      const out = new ColumnBuilder(total);
      q.types.forEach((type, t) => {
        for (const row of stmt.iterate(spaceId, EVENT_TYPE_CODES[type], q.fromMs, q.toMs) as IterableIterator<
          [number, number]
        >)
          out.push(row[0], row[1], t);
      });
      return out.finish();
    })();
  }

  save(spaceId: number, m: NewModel): ModelHeader {
    this.assertWritable('models.save');
    const id = this.c.db.transaction(() => {
      this.c
        .stmt('DELETE FROM recommender_models WHERE space_id = ? AND recommender = ? AND trained_at = ?')
        .run(spaceId, m.recommender, m.trainedAtMs);
      return this.c
        .stmt(
          `INSERT INTO recommender_models (space_id, recommender, trained_at, objective, algorithm, window_days, seed, factors, item_count, user_count,
             interaction_count, hyperparameters, metrics, duration_ms, created_at, item_ids, item_factors, popularity, ivf_index)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        )
        .pluck()
        .get(
          spaceId,
          m.recommender,
          m.trainedAtMs,
          m.objective,
          m.algorithm,
          m.windowDays,
          m.seed,
          m.factors,
          m.items,
          m.users,
          m.interactions,
          JSON.stringify(m.hyperparameters),
          JSON.stringify(m.metrics),
          m.durationMs,
          m.createdAt,
          JSON.stringify(m.itemIds),
          bytesOf(m.itemFactors),
          bytesOf(m.popularity),
          m.ivfIndex ? bytesOf(m.ivfIndex) : null,
        ) as number;
    })();
    return this.header(id)!;
  }

  header(id: number): ModelHeader | undefined {
    const r = this.c.stmt(`SELECT ${HEADER_COLUMNS} FROM recommender_models WHERE id = ?`).get(id) as
      HeaderRow | undefined;
    return r && toHeader(r);
  }

  latestAt(spaceId: number, recommender: string, asOfMs: number): ModelHeader | undefined {
    const r = this.c
      .stmt(
        `SELECT ${HEADER_COLUMNS} FROM recommender_models WHERE space_id = ? AND recommender = ? AND trained_at <= ? ORDER BY trained_at DESC LIMIT 1`,
      )
      .get(spaceId, recommender, asOfMs) as HeaderRow | undefined;
    return r && toHeader(r);
  }

  latestIdAt(spaceId: number, recommender: string, asOfMs: number): number | undefined {
    return this.c
      .stmt(
        'SELECT id FROM recommender_models WHERE space_id = ? AND recommender = ? AND trained_at <= ? ORDER BY trained_at DESC LIMIT 1',
      )
      .pluck()
      .get(spaceId, recommender, asOfMs) as number | undefined;
  }

  earliest(spaceId: number, recommender: string): ModelHeader | undefined {
    const r = this.c
      .stmt(
        `SELECT ${HEADER_COLUMNS} FROM recommender_models WHERE space_id = ? AND recommender = ? ORDER BY trained_at ASC LIMIT 1`,
      )
      .get(spaceId, recommender) as HeaderRow | undefined;
    return r && toHeader(r);
  }

  list(spaceId: number, recommender?: string): ModelHeader[] {
    const rows =
      recommender === undefined
        ? this.c
            .stmt(
              `SELECT ${HEADER_COLUMNS} FROM recommender_models WHERE space_id = ? ORDER BY trained_at DESC, recommender`,
            )
            .all(spaceId)
        : this.c
            .stmt(
              `SELECT ${HEADER_COLUMNS} FROM recommender_models WHERE space_id = ? AND recommender = ? ORDER BY trained_at DESC`,
            )
            .all(spaceId, recommender);
    return (rows as HeaderRow[]).map(toHeader);
  }

  load(id: number): StoredModel | undefined {
    const r = this.c
      .stmt(
        `SELECT ${HEADER_COLUMNS}, item_ids, item_factors, popularity, ivf_index FROM recommender_models WHERE id = ?`,
      )
      .get(id) as
      | (HeaderRow & { item_ids: string; item_factors: Buffer; popularity: Buffer; ivf_index: Buffer | null })
      | undefined;
    if (!r) return undefined;
    const header = toHeader(r);
    const itemIds = JSON.parse(r.item_ids) as string[];
    if (itemIds.length !== header.items)
      throw new Error(`model ${id}: ${itemIds.length} item ids stored for ${header.items} items`);
    return {
      ...header,
      itemIds,
      itemFactors: float32Of(r.item_factors, header.items * header.factors, `item factors of model ${id}`),
      popularity: float32Of(r.popularity, header.items, `popularity of model ${id}`),
      ivfIndex: r.ivf_index ? new Uint8Array(r.ivf_index) : null,
    };
  }
}
