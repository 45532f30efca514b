import {
  ENGAGEMENT_OBJECTS,
  type EngagementInclude,
  type EngagementRow,
  type EngagementType,
  type ProfileDataGraph,
  type Recommender,
} from '../model/index.ts';
import { DAY_MS, dataGraphWatermark, hasCanonicalShape, isoOf, parseIsoTime } from '../model/time.ts';
import type { StrategyData } from '../model/sources.ts';
import { eventWeights } from './objective/objective-weights.ts';

/** The engagement a profile data graph's documents hold: per object, lookback and row cap. */
export type GraphEngagement = ProfileDataGraph['engagement'];

/** How one window of an individual's engagement was read, for the trace and the run's cap counts. */
export interface EngagementRead {
  /** What read it, e.g. "exclusion: purchased within 365 days". */
  purpose: string;
  object: string;
  /** `history`: the document did not cover the window, the event history was read; `capped`: it did not, and no history was available. */
  read: 'history' | 'capped';
  /** Rows in the window read from where they were read. */
  rows: number;
  /** Rows of the window the profile document holds. */
  documentRows: number;
  /** The sentence the trace shows. */
  note: string;
  /** The run summary's label for individuals counted under this read (constant per purpose and cap). */
  label: string;
}

/** 0000-01-01T00:00:00.000Z: the earliest time whose ISO form has the canonical (string-ordered) shape. */
const CANONICAL_MIN_MS = -62167219200000;

/** Item ids of document rows with fromMs < ts (the document holds only rows at or before its watermark), newest first. */
function documentItems(rows: readonly EngagementRow[], fromMs: number): string[] {
  const out: string[] = [];
  if (fromMs === -Infinity) {
    for (const r of rows) out.push(r.itemId);
    return out;
  }
  // Documents carry canonical timestamps: compared as strings, without parsing each one (years 0–9999).
  const fromIso = fromMs >= CANONICAL_MIN_MS ? isoOf(fromMs) : undefined;
  for (const r of rows) {
    const inside =
      fromIso !== undefined && hasCanonicalShape(r.timestamp)
        ? r.timestamp > fromIso
        : (parseIsoTime(r.timestamp) ?? -Infinity) > fromMs;
    if (inside) out.push(r.itemId);
  }
  return out;
}

/**
 * Why a document of a graph does not hold every row of (fromMs, watermark], or undefined when it
 * does: the object is left out, its lookback is shorter than the window, or the individual's rows
 * reached the row cap before reaching back to the window's start.
 */
export function documentGap(
  rows: readonly EngagementRow[],
  inc: EngagementInclude,
  type: EngagementType,
  refreshMs: number,
  fromMs: number,
): string | undefined {
  const object = ENGAGEMENT_OBJECTS[type];
  if (!inc.include) return `holds no ${object} rows (the graph leaves them out)`;
  if (refreshMs - inc.lookbackDays * DAY_MS > fromMs)
    return `holds ${object} rows of the last ${inc.lookbackDays} days only (the graph's lookback)`;
  if (rows.length >= inc.maxRows) {
    const oldest = parseIsoTime(rows[rows.length - 1]!.timestamp) ?? -Infinity;
    // The oldest row kept at or before the window's start: every row inside the window is newer, hence kept.
    if (oldest > fromMs)
      return `holds the newest ${inc.maxRows} ${object} rows only (the graph's row cap), back to ${isoOf(oldest)}`;
  }
  return undefined;
}

/**
 * An individual's engagement of one type within (fromMs, watermark] as item ids, newest first: the
 * profile document's rows when they cover the window, otherwise the event history's (recorded in
 * `reads`); without a history the document's rows are used and the cap is recorded as applied.
 * Without the graph's definition (`graph` absent) the document is taken as complete.
 */
export function engagementWithin(
  env: {
    individualId: string;
    engagement: Readonly<Record<EngagementType, readonly EngagementRow[]>>;
    graph?: GraphEngagement | undefined;
    asOfMs: number;
    history?: StrategyData['history'];
  },
  type: EngagementType,
  fromMs: number,
  purpose: string,
  reads: EngagementRead[] | undefined,
): readonly string[] {
  const rows = env.engagement[type] ?? [];
  const inc = env.graph?.[type];
  const refreshMs = dataGraphWatermark(env.asOfMs);
  const gap = inc === undefined ? undefined : documentGap(rows, inc, type, refreshMs, fromMs);
  if (gap === undefined) return documentItems(rows, fromMs);
  const object = ENGAGEMENT_OBJECTS[type];
  const window = `${fromMs === -Infinity ? 'all time' : isoOf(fromMs)} – ${isoOf(refreshMs)}`;
  const documentRows = documentItems(rows, fromMs);
  if (env.history) {
    const read = env.history.rows(env.individualId, type, fromMs, refreshMs).map((r) => r.itemId);
    reads?.push({
      purpose,
      object,
      read: 'history',
      rows: read.length,
      documentRows: documentRows.length,
      note: `${purpose}: read ${read.length} ${object} row(s) of ${window} from the event history; the profile document ${gap}`,
      label: `${purpose}: ${object} read from the event history (the profile document does not cover the window)`,
    });
    return read;
  }
  reads?.push({
    purpose,
    object,
    read: 'capped',
    rows: documentRows.length,
    documentRows: documentRows.length,
    note: `${purpose}: cap applied — the profile document ${gap}; older ${object} rows of ${window} are not seen`,
    label: `${purpose}: ${object} capped by the profile document (no event history)`,
  });
  return documentRows;
}

/** The purpose of the "purchased within N days" exclusion, as traces and run summaries name it. */
export const purchasedPurpose = (days: number): string => `exclusion: purchased within ${days} days`;
export const IN_CART_PURPOSE = 'exclusion: in cart';
export const foldInPurpose = (rec: string, windowDays: number): string =>
  `fold-in of ${rec} (${windowDays}-day training window)`;

/**
 * The earliest window start per engagement type that the recommenders' exclusions and fold-ins can
 * ask for at `asOfMs`: what a batch worker reads from the event history, per chunk, for the
 * individuals whose documents do not cover it.
 */
export function historyNeeds(
  recommenders: readonly Recommender[],
  graph: GraphEngagement,
  asOfMs: number,
): Partial<Record<EngagementType, number>> {
  const needs: Partial<Record<EngagementType, number>> = {};
  const need = (type: EngagementType, fromMs: number) => {
    if (needs[type] === undefined || fromMs < needs[type]!) needs[type] = fromMs;
  };
  for (const r of recommenders) {
    if (r.exclusions.purchasedWithinDays !== null) need('order', asOfMs - r.exclusions.purchasedWithinDays * DAY_MS);
    if (r.exclusions.inCart) need('cart', dataGraphWatermark(asOfMs) - graph.cart.lookbackDays * DAY_MS);
    if (r.type === 'objective-based') {
      const w = eventWeights(r.objective, r.hyperparameters);
      for (const type of ['browse', 'cart', 'order'] as const)
        if (w[type] > 0) need(type, asOfMs - r.trainingWindowDays * DAY_MS);
    }
  }
  return needs;
}
