import type {
  EngagementType,
  InsightSubject,
  Item,
  JsonValue,
  ObjectiveBasedRecommender,
  ProfileData,
  ProfileDocument,
  Scalar,
} from './index.ts';

/** Reads materialized profile documents (the augmenting stage's only data access). */
export interface ProfileSource {
  /**
   * The individual's document of profile data graph `graph` from the last data-graph refresh at or
   * before `asOfMs`, or undefined for an unknown individual.
   */
  getProfile(individualId: string, graph: string, asOfMs: number): ProfileDocument | undefined;
}

/** The item data graph of a data space. */
export interface ItemCatalog {
  getItem(id: string): Item | undefined;
  /** Number of items known; 0 means the item data graph is empty. */
  readonly size: number;
}

/** One engagement row of the event history: the item and the time (epoch ms). */
export interface TimedItem {
  itemId: string;
  tsMs: number;
}

/**
 * Individuals' engagement as the event history holds it — every row of a window, not capped by a
 * profile data graph's lookback or row cap. Exclusions and the objective-based fold-in read it when
 * the profile document does not cover their window (docs/caps.md).
 */
export interface EngagementHistory {
  /** One individual's rows of `type` with fromMs < ts ≤ toMs, newest first. */
  rows(individualId: string, type: EngagementType, fromMs: number, toMs: number): readonly TimedItem[];
}

/** An individual's engagement of one type within a window (fromMs, data-graph watermark], as item ids, newest first. */
export type EngagementReader = (type: EngagementType, fromMs: number) => readonly string[];

/** A scored item list produced by a strategy's source (a calculated insight or a query). */
export interface ScoredItems {
  /** What produced the scores, for the trace (e.g. "orders, 30 days before 2026-11-29T19:30:00.000Z"). */
  source: string;
  /** When the source was last refreshed, as seen by a request at the as-of time. */
  refreshedAt: string | null;
  items: ReadonlyArray<{ itemId: string; score: number }>;
}

/**
 * Values of a calculated insight as a request at some as-of time sees them: its last refresh at or
 * before that time. Rows are best first (value descending, then key ascending in BINARY order).
 */
export interface InsightRows {
  insight: string;
  subject: InsightSubject;
  /** What the values measure, for the trace (the CI's label and description). */
  source: string;
  /** The refresh read; null when the CI was never refreshed by then (rows are then empty). */
  refreshedAt: string | null;
  refreshKind?: 'scheduled' | 'manual';
  /** item: key = item id. item_pair (one item's): key = related item id. individual_category (one individual's): key = category. */
  rows: ReadonlyArray<{ key: string; value: number }>;
  /** Why there are no values: never refreshed, an unknown CI, a CI whose refresh failed. */
  problem?: string;
}

/** Scores of an objective-based recommender's model for one request (the objective-based recommender's data). */
export type ObjectiveScores =
  | {
      ok: true;
      /** What produced the scores, for the trace (model, objective). */
      source: string;
      /** When the model used was trained (its training cycle at or before the as-of time, or the pinned model). */
      trainedAt: string;
      /** Why this model and not the training cycle's: pinned in the config, or the cycle's model is missing. */
      modelNote?: string;
      /** Candidates, best first, scored over the catalogue the model knows. */
      items: ReadonlyArray<{ itemId: string; score: number }>;
      /** Items created after the training: unknown to the model, only reachable through the backfill. */
      unknownItems: string[];
    }
  | { ok: false; code: 'ModelValidation'; message: string };

/**
 * Data the recommenders' strategies read. Only `topSellers` is required: an environment (a test)
 * may leave out what its recommenders never read; a strategy whose data is absent yields nothing,
 * and its trace says why (an objective-based recommender without scores is a ModelValidation fault).
 */
export interface StrategyData {
  /** Items ranked by units ordered in the `windowDays` before `asOfMs` (the data as of then). */
  topSellers(windowDays: number, asOfMs: number): ScoredItems;
  /** An item calculated insight as of `asOfMs` (item id → value). */
  itemInsight?(name: string, asOfMs: number): InsightRows;
  /** The rows of one key of a two-key calculated insight: an item's related items, an individual's categories. */
  insightRowsFor?(name: string, key: string, asOfMs: number): InsightRows;
  /** Every item of the item data graph, newest first (createdAt descending, then id). */
  catalogItems?(): readonly Item[];
  /**
   * The objective-based recommender's candidates for one request, from the model of its training
   * cycle at `asOfMs` (or its pinned model). `engagement` reads the individual's interactions in the
   * model's window beyond the document's caps; without it the document's rows are folded in.
   */
  objectiveScores?(
    rec: ObjectiveBasedRecommender,
    profile: ProfileData,
    context: Record<string, JsonValue>,
    asOfMs: number,
    engagement?: EngagementReader,
  ): ObjectiveScores;
  /** The event history, for exclusions and fold-in windows the profile document does not cover. */
  history?: EngagementHistory;
}

/** Per-individual calculated-insight values as a data-graph refresh sees them. */
export interface InsightValues {
  /** The values of the requested CIs for one individual (absent CIs are left out). */
  forIndividual(individualId: string): Record<string, Scalar>;
  /** Each requested CI's last refresh at or before the time asked for (null: never refreshed). */
  refreshedAt: Record<string, string | null>;
}

/** Reads calculated-insight values as of a time (their last refresh at or before it). */
export interface InsightSource {
  at(names: readonly string[], asOfMs: number): InsightValues;
}
