import type { Item, ProfileDocument, Scalar } from '../model/index.ts';

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

/** A scored item list produced by a strategy's source (a calculated insight or a query). */
export interface ScoredItems {
  /** What produced the scores, for the trace (e.g. "orders, 30 days before 2026-11-29T19:30:00.000Z"). */
  source: string;
  /** When the source was last refreshed, as seen by a request at the as-of time. */
  refreshedAt: string | null;
  items: ReadonlyArray<{ itemId: string; score: number }>;
}

/** Data the rules-based strategies read. */
export interface StrategyData {
  /** Items ranked by units ordered in the `windowDays` before `asOfMs` (the data as of then). */
  topSellers(windowDays: number, asOfMs: number): ScoredItems;
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
