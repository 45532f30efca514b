import type { EngagementRow, EngagementType, ProfileData, ProfileDocument, Scalar } from '../model/index.ts';
import { isoOf } from '../model/time.ts';

/**
 * The compact encoding of materialized profile documents (one BLOB per individual per refresh).
 *
 * What repeats across a million documents lives once in the refresh's dictionary: the root field
 * names, the segment names, and the items (id and the item fields engagement rows copy). A
 * document is then (version 1):
 *
 *   byte     flags (bit 0: every engagement timestamp is a whole second; deltas are in seconds)
 *   varint   length of the JSON text, then the UTF-8 JSON `[[present root values...], ci]`
 *   bytes    presence bitmap of the root fields (ceil(fields/8) bytes, bit i = field i present)
 *   varint   number of segments, then each segment's index in the dictionary (ascending)
 *   3 times  (browse, cart, order) varint row count, then per row, newest first:
 *              varint item index; varint time delta (first row: watermark − ts; then previous − ts);
 *              varint q·4 + price tag (tag 0 null, 1 whole cents varint follows, 2 float64 follows),
 *              or varint 3 (a quantity that is not a whole number ≥ 0) + float64 quantity + varint tag.
 *
 * Decoding rebuilds exactly the document `buildProfileDocument` made — same values, same key order —
 * which tests check against the single-request path. Roughly 10 bytes per engagement row.
 */
export const DOCUMENT_CODEC_VERSION = 1;

export const ENGAGEMENT_ORDER: readonly EngagementType[] = ['browse', 'cart', 'order'];

/** Event columns an engagement row always has; an item field of the same name is not copied. */
export const EVENT_ROW_KEYS: ReadonlySet<string> = new Set(['itemId', 'type', 'timestamp', 'quantity', 'price']);

/** What a refresh's documents refer to; stored as JSON with the refresh. */
export interface RefreshDictionary {
  codec: number;
  /** Root fields of the profile data graph, in graph order. */
  fields: string[];
  /** The graph's segments, in config order. */
  segments: string[];
  /** Item fields copied onto each engagement row, in graph order (event columns removed). */
  itemFields: string[];
  /** Item index → [item id, ...values of itemFields]. */
  items: [string, ...Scalar[]][];
}

/** Item indexes and timestamps of one engagement list, parallel to its rows (read by the scan). */
export interface RawEngagement {
  item: number[];
  ts: number[];
}

const PRICE_NULL = 0;
const PRICE_CENTS = 1;
const PRICE_FLOAT = 2;
const GENERAL_QUANTITY = 3;

/** A growable byte buffer with the primitives the encoding uses. */
export class ByteWriter {
  private buf = Buffer.allocUnsafe(4096);
  pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  reset(): void {
    this.pos = 0;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** Unsigned LEB128 of a whole number in [0, 2^53). */
  varint(n: number): void {
    this.ensure(8);
    while (n >= 0x80) {
      this.buf[this.pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.pos++] = n;
  }

  f64(x: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(x, this.pos);
    this.pos += 8;
  }

  utf8(text: string): void {
    const n = Buffer.byteLength(text, 'utf8');
    this.varint(n);
    this.ensure(n);
    this.buf.write(text, this.pos, n, 'utf8');
    this.pos += n;
  }

  /** A copy of the bytes written since the last reset. */
  take(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}

const isWholeNonNegative = (n: unknown): n is number =>
  typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && !Object.is(n, -0);

/** How a price is stored: null, whole cents (exact for prices like 19.99), or a float64. */
function priceTag(price: number | null): number {
  if (price === null) return PRICE_NULL;
  const cents = Math.round(price * 100);
  return cents / 100 === price && Number.isSafeInteger(cents) && cents >= 0 ? PRICE_CENTS : PRICE_FLOAT;
}

/** A cursor over encoded bytes. */
class ByteReader {
  buf: Uint8Array = new Uint8Array(0);
  private view: Buffer = Buffer.alloc(0);
  pos = 0;

  reset(buf: Uint8Array): void {
    this.buf = buf;
    this.view = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = 0;
  }

  byte(): number {
    return this.buf[this.pos++]!;
  }

  varint(): number {
    const buf = this.buf;
    let b = buf[this.pos++]!;
    if (b < 0x80) return b;
    let n = b & 0x7f;
    let mul = 0x80;
    do {
      b = buf[this.pos++]!;
      n += (b & 0x7f) * mul;
      mul *= 0x80;
    } while (b >= 0x80);
    return n;
  }

  f64(): number {
    const v = this.view.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  utf8(): string {
    const n = this.varint();
    const s = this.view.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
}

/** Encoder of one refresh's documents: segment and item indexes resolved once. */
export class DocumentEncoder {
  private readonly segmentIndex: Map<string, number>;
  private readonly w = new ByteWriter();

  constructor(
    private readonly dict: RefreshDictionary,
    private readonly refreshedAtMs: number,
  ) {
    this.segmentIndex = new Map(dict.segments.map((s, i) => [s, i]));
  }

  /** Encodes one document; `raw` carries the rows' item indexes and epoch-ms timestamps. Throws on a bug. */
  encode(data: ProfileData, raw: Record<EngagementType, RawEngagement>): Buffer {
    const w = this.w;
    w.reset();
    // 1. Flags: whole-second timestamps let the deltas be stored in seconds.
    let seconds = true;
    for (const t of ENGAGEMENT_ORDER) for (const ts of raw[t].ts) if (ts % 1000 !== 0) seconds = false;
    w.byte(seconds ? 1 : 0);
    // 2. Root values and CI values as JSON (exact for every scalar), with a presence bitmap.
    const fields = this.dict.fields;
    const present: unknown[] = [];
    const bitmap = new Uint8Array((fields.length + 7) >> 3);
    for (let i = 0; i < fields.length; i++) {
      const v = data[fields[i]!];
      if (v === undefined) continue;
      bitmap[i >> 3]! |= 1 << (i & 7);
      present.push(v);
    }
    w.utf8(JSON.stringify([present, data.ci]));
    for (const b of bitmap) w.byte(b);
    // 3. Segment memberships as dictionary indexes (push order is config order).
    w.varint(data.segments.length);
    for (const s of data.segments) {
      const i = this.segmentIndex.get(s);
      if (i === undefined) throw new Error(`segment ${s} is not in the refresh dictionary`);
      w.varint(i);
    }
    // 4. Engagement rows: item index, time delta, quantity and price.
    const unit = seconds ? 1000 : 1;
    for (const t of ENGAGEMENT_ORDER) {
      const rows = data.engagement[t];
      const r = raw[t];
      if (rows.length !== r.ts.length)
        throw new Error(`engagement ${t}: ${rows.length} rows but ${r.ts.length} raw timestamps`);
      w.varint(rows.length);
      let prev = this.refreshedAtMs;
      for (let k = 0; k < rows.length; k++) {
        const row = rows[k]!;
        const ts = r.ts[k]!;
        if (ts > prev) throw new Error(`engagement ${t} rows are not newest first`);
        w.varint(r.item[k]!);
        w.varint((prev - ts) / unit);
        prev = ts;
        const tag = priceTag(row.price);
        if (isWholeNonNegative(row.quantity)) w.varint(row.quantity * 4 + tag);
        else {
          w.varint(GENERAL_QUANTITY);
          w.f64(row.quantity);
          w.varint(tag);
        }
        if (tag === PRICE_CENTS) w.varint(Math.round(row.price! * 100));
        else if (tag === PRICE_FLOAT) w.f64(row.price!);
      }
    }
    return w.take();
  }
}

/** Decoder of one refresh's documents (the dictionary unpacked once). */
export class DocumentDecoder {
  private readonly itemIds: string[];
  private readonly itemValues: Scalar[][];
  private readonly itemFields: string[];
  private readonly fields: string[];
  private readonly segments: string[];
  private readonly reader = new ByteReader();
  readonly refreshedAt: string;

  constructor(
    dict: RefreshDictionary,
    private readonly refreshedAtMs: number,
  ) {
    if (dict.codec !== DOCUMENT_CODEC_VERSION)
      throw new Error(`document codec ${dict.codec} is not supported (this version reads ${DOCUMENT_CODEC_VERSION})`);
    this.itemIds = dict.items.map((it) => it[0]);
    this.itemValues = dict.items.map((it) => it.slice(1) as Scalar[]);
    this.itemFields = dict.itemFields;
    this.fields = dict.fields;
    this.segments = dict.segments;
    this.refreshedAt = isoOf(refreshedAtMs);
  }

  /** Rebuilds the profile document of one individual from its bytes. */
  decode(individualId: string, bytes: Uint8Array): ProfileDocument {
    const r = this.reader;
    r.reset(bytes);
    // 1. Flags.
    const unit = (r.byte() & 1) === 1 ? 1000 : 1;
    // 2. Root and CI values.
    const [present, ci] = JSON.parse(r.utf8()) as [Scalar[], Record<string, Scalar>];
    const bitmapAt = r.pos;
    r.pos += (this.fields.length + 7) >> 3;
    // 3. Segments.
    const segmentCount = r.varint();
    const segments: string[] = new Array<string>(segmentCount);
    for (let i = 0; i < segmentCount; i++) segments[i] = this.segments[r.varint()]!;
    // 4. Engagement.
    const engagement = {} as Record<EngagementType, EngagementRow[]>;
    const itemFields = this.itemFields;
    const nf = itemFields.length;
    for (const type of ENGAGEMENT_ORDER) {
      const n = r.varint();
      const rows: EngagementRow[] = new Array<EngagementRow>(n);
      let prev = this.refreshedAtMs;
      for (let k = 0; k < n; k++) {
        const item = r.varint();
        const ts = prev - r.varint() * unit;
        prev = ts;
        let head = r.varint();
        let quantity: number;
        if (head === GENERAL_QUANTITY) {
          quantity = r.f64();
          head = r.varint();
        } else {
          quantity = (head - (head & 3)) / 4;
          head = head & 3;
        }
        const price = head === PRICE_NULL ? null : head === PRICE_CENTS ? r.varint() / 100 : r.f64();
        const row: EngagementRow = { itemId: this.itemIds[item]!, type, timestamp: isoOf(ts), quantity, price };
        if (nf > 0) {
          const values = this.itemValues[item]!;
          for (let f = 0; f < nf; f++) row[itemFields[f]!] = values[f]!;
        }
        rows[k] = row;
      }
      engagement[type] = rows;
    }
    const buf = r.buf;
    // 5. The document, keys in the order buildProfileDocument sets them.
    const data: ProfileData = { id: individualId, engagement, segments, ci };
    let p = 0;
    for (let i = 0; i < this.fields.length; i++) {
      if ((buf[bitmapAt + (i >> 3)]! & (1 << (i & 7))) !== 0) data[this.fields[i]!] = present[p++];
    }
    return { individualId, refreshedAt: this.refreshedAt, data };
  }
}
