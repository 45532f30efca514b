import type { SourceRecord } from '../model/identity-resolution.ts';
import type { Scalar } from '../model/json.ts';
import type { Individual } from '../model/profile.ts';
import { DAY_MS, isoOf, parseIsoTime } from '../model/time.ts';
import { createRng, deriveSeed, type Rng } from './random.ts';

/** The sample's random stream for source records (beyond STREAM's: items 1 … events 4). */
const SOURCE_RECORDS_STREAM = 17;

/** A raw source record of the sample, with the individual it was made from (the ground truth). */
export interface SampleSourceRecord {
  record: SourceRecord;
  individualId: string;
}

export interface SampleSourceRecordOptions {
  /** The unified individuals the raw records are made from (e.g. the retail sample's). */
  individuals: Iterable<Individual>;
  seed?: number;
  /** ISO-8601: no record is updated after it. */
  now: string;
}

/** index → index × M mod 10^8 is a bijection (M is odd and not a multiple of 5): ids never repeat. */
const ID_MULTIPLIER = 7_919;
const obscure = (index: number, salt: number): string =>
  String((index * ID_MULTIPLIER + salt) % 100_000_000).padStart(8, '0');
const STORES = ['0012', '0047', '0105', '0233', '0318'];

/** Mixed case, as people type their email into a form on a phone: "Jane.Doe@Example.com". */
function capitalized(email: string): string {
  return email.replace(/(^|[.@])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** The sample's phone (+<country><national>) written as a person would: national format in North America, spaced international elsewhere. */
function formattedPhone(e164: string, rng: Rng): string {
  if (e164.startsWith('+1') && e164.length === 12) {
    const d = e164.slice(2);
    const style = rng.int(3);
    return style === 0
      ? `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`
      : style === 1
        ? `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`
        : `1-${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
  }
  // Every other country of the sample has a two-digit calling code.
  const cc = e164.slice(1, 3);
  const rest = e164.slice(3);
  const grouped = rest.replace(/(\d{3,4})(?=\d{3})/g, '$1 ');
  return rng.chance(0.15) ? `00${cc} ${grouped}` : `+${cc} ${grouped}`;
}

const text = (v: Scalar | undefined): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * Raw records of one individual, as three sources would hold them: the web shop (account email,
 * sometimes mixed case or padded), the loyalty programme (members; an older email now and then,
 * national-format phone), the stores' point of sale (names in capitals, a formatted phone, often no
 * email; sometimes no phone either — those cannot be matched by the default rules). Now and then a
 * second web account with the same email in other case.
 */
function recordsOf(ind: Individual, index: number, seed: number, nowMs: number): SourceRecord[] {
  const rng = createRng(deriveSeed(seed, index, SOURCE_RECORDS_STREAM));
  const a = ind.attributes;
  const email = text(a['email']);
  const phone = text(a['phone']);
  const firstName = text(a['firstName']);
  const lastName = text(a['lastName']);
  const createdMs = parseIsoTime(String(a['createdAt'] ?? '')) ?? nowMs - 365 * DAY_MS;
  const updated = (): string =>
    isoOf(Math.min(nowMs, createdMs + rng.range(0, Math.max(1, (nowMs - createdMs) / DAY_MS)) * DAY_MS));
  const tier = text(a['loyaltyTier']);
  const out: SourceRecord[] = [];
  // 1. Web shop account.
  if (rng.chance(0.85)) {
    const shown =
      email === null ? null : rng.chance(0.15) ? capitalized(email) : rng.chance(0.05) ? ` ${email} ` : email;
    out.push({
      source: 'web',
      sourceId: `u${obscure(index, 104_729)}`,
      email: shown,
      phone: rng.chance(0.4) ? phone : null,
      // Some people sign up with a short form of their first name: a conflict for reconciliation.
      firstName: firstName !== null && firstName.length > 4 && rng.chance(0.05) ? firstName.slice(0, 3) : firstName,
      lastName,
      updatedAt: updated(),
      attributes: {
        ...(a['country'] !== undefined ? { country: a['country'] } : {}),
        ...(a['city'] !== undefined ? { city: a['city'] } : {}),
      },
    });
    if (rng.chance(0.05) && email !== null) {
      out.push({
        source: 'web',
        sourceId: `u${obscure(index, 55_555_555)}`,
        email: email.toUpperCase(),
        phone: null,
        firstName,
        lastName: null,
        updatedAt: updated(),
        attributes: {},
      });
    }
  }
  // 2. Loyalty programme (members, and a few lapsed non-members).
  if ((tier !== null && tier !== 'None' && rng.chance(0.95)) || rng.chance(0.08)) {
    const oldEmail = rng.chance(0.2);
    out.push({
      source: 'loyalty',
      sourceId: `L${obscure(index, 31_337)}`,
      email:
        oldEmail || email === null
          ? `${(firstName ?? 'member').toLowerCase()}${index + 1}@oldmail.example`
          : rng.chance(0.3)
            ? email.toUpperCase()
            : email,
      phone: phone === null ? null : formattedPhone(phone, rng),
      firstName: firstName !== null && rng.chance(0.1) ? firstName.toUpperCase() : firstName,
      lastName,
      updatedAt: updated(),
      // A tenth of members' records lag behind a tier change: a conflict for reconciliation.
      attributes: { loyaltyTier: tier !== null && tier !== 'None' && rng.chance(0.1) ? 'Silver' : (tier ?? 'None') },
    });
  }
  // 3. Point of sale.
  if (rng.chance(0.4)) {
    out.push({
      source: 'pos',
      sourceId: `P${rng.pick(STORES)}-${obscure(index, 7_777)}`,
      email: rng.chance(0.1) ? email : null,
      phone: phone !== null && rng.chance(0.85) ? formattedPhone(phone, rng) : null,
      firstName: firstName?.toUpperCase() ?? null,
      lastName: lastName?.toUpperCase() ?? null,
      updatedAt: rng.chance(0.7) ? updated() : null,
      attributes: a['city'] !== undefined ? { city: a['city'] } : {},
    });
  }
  return out;
}

/**
 * A believable set of raw source records for the retail sample: each individual appears in zero to
 * four records of the web, loyalty and pos sources, with the duplicates, case changes, formatted
 * phones and missing values real sources have. Deterministic for (individuals, seed, now); each
 * record carries the individual it came from, so a resolution can be scored against the truth.
 */
export function* sampleSourceRecords(opts: SampleSourceRecordOptions): IterableIterator<SampleSourceRecord> {
  const nowMs = parseIsoTime(opts.now);
  if (nowMs === undefined)
    throw new RangeError(`now must be an ISO-8601 timestamp with a time zone, got "${opts.now}"`);
  const seed = opts.seed ?? 1;
  let index = 0;
  for (const ind of opts.individuals) {
    for (const record of recordsOf(ind, index, seed, nowMs)) yield { record, individualId: ind.id };
    index++;
  }
}

/** A source record as one row of an import file: the columns, then the attributes. */
export function sourceRecordFileRow(r: SourceRecord): Record<string, Scalar> {
  return {
    sourceId: r.sourceId,
    source: r.source,
    email: r.email,
    phone: r.phone,
    firstName: r.firstName,
    lastName: r.lastName,
    updatedAt: r.updatedAt,
    ...r.attributes,
  };
}
