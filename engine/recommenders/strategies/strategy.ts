import type { InsightTrace, RulesBasedRecommender } from '../../model/index.ts';
import type { InsightRows, StrategyData } from '../../model/sources.ts';
import type { RecommendRequest } from '../candidates.ts';
import { roundScore, type Scored } from '../order.ts';

/** What a strategy proposes for one request, and where it came from (for the trace). */
export interface StrategyOutput {
  /** What produced the scores, e.g. "calculated insight top_sellers_30d: Top Sellers (30 days)". */
  source: string;
  /** When that source was last refreshed as the request sees it; null when not applicable or never refreshed. */
  refreshedAt: string | null;
  /** Candidates, best first (score descending, ties by item id). */
  items: ReadonlyArray<Scored>;
  /**
   * When `items` holds only the best few (no trace asked, no boosts): the complete list, of which
   * `items` is the start; read only if filters and exclusions leave the list short.
   */
  complete?: () => ReadonlyArray<Scored>;
  /** The calculated insights read, with their refresh times. */
  insights?: InsightTrace[];
  /** Why the strategy yielded nothing or little. */
  note?: string;
  trainedAt?: string;
  /** Objective-based: why the model is not the training cycle's (pinned, or the cycle's model is missing). */
  modelNote?: string;
  unknownItems?: string[];
  /** Sources whose refresh times the trace's freshness section reports. */
  freshness: { source: string; refreshedAt: string | null }[];
}

/** One rules-based strategy: scored candidates for a request. */
export type Strategy = (rec: RulesBasedRecommender, data: StrategyData, req: RecommendRequest) => StrategyOutput;

const NO_INSIGHTS = 'this environment provides no calculated insights';

/** Reads an item CI (or the rows of one key of a two-key CI) as of the request, with what the trace shows of it. */
export function readInsight(
  data: StrategyData,
  name: string,
  asOfMs: number,
  key?: string,
): { rows: InsightRows; trace: InsightTrace; freshness: { source: string; refreshedAt: string | null } } {
  const read =
    key === undefined
      ? data.itemInsight?.bind(data)
      : data.insightRowsFor
        ? (n: string, t: number) => data.insightRowsFor!(n, key, t)
        : undefined;
  const rows: InsightRows = read
    ? read(name, asOfMs)
    : {
        insight: name,
        subject: key === undefined ? 'item' : 'item_pair',
        source: `calculated insight ${name}`,
        refreshedAt: null,
        rows: [],
        problem: NO_INSIGHTS,
      };
  const trace: InsightTrace = { name, subject: rows.subject, refreshedAt: rows.refreshedAt };
  if (rows.refreshKind) trace.refreshKind = rows.refreshKind;
  return { rows, trace, freshness: { source: `calculated insight ${name}`, refreshedAt: rows.refreshedAt } };
}

const asScored = new WeakMap<object, Scored[]>();

/** An item CI's rows as candidates (memoized per rows array: a refresh's rows are read once and shared). */
export function scoredItems(rows: InsightRows['rows']): ReadonlyArray<Scored> {
  let out = asScored.get(rows);
  if (!out) {
    out = rows.map((r) => ({ itemId: r.key, score: r.value }));
    asScored.set(rows, out);
  }
  return out;
}

/** Why a CI gave no rows: its problem (never refreshed…), or that it holds no values. */
export const emptyNote = (rows: InsightRows, what: string): string | undefined =>
  rows.problem ??
  (rows.rows.length === 0
    ? `calculated insight ${rows.insight} holds no ${what} as of ${rows.refreshedAt}`
    : undefined);

/** Recency in [0, 1]: 1 at the as-of time, 0 at the start of the window. */
export const recency = (ms: number, asOfMs: number, windowMs: number): number =>
  roundScore(1 - (asOfMs - ms) / windowMs);

/** An item CI ranking items: the strategy of top sellers (with a CI), trending and most viewed. */
export function itemInsightStrategy(what: string): Strategy {
  return (rec, data, req) => {
    const name = rec.calculatedInsight;
    if (name === undefined)
      return {
        source: what,
        refreshedAt: null,
        items: [],
        note: `recommender ${rec.apiName} names no calculated insight`,
        freshness: [],
      };
    const { rows, trace, freshness } = readInsight(data, name, req.asOfMs);
    const out: StrategyOutput = {
      source: rows.source,
      refreshedAt: rows.refreshedAt,
      items: scoredItems(rows.rows),
      insights: [trace],
      freshness: [freshness],
    };
    const note = emptyNote(rows, 'values');
    if (note) out.note = note;
    return out;
  };
}
