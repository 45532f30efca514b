import type { WorkspaceConfigInput } from '../model/config.ts';
import type { Item } from '../model/item.ts';
import type { EngagementEvent, Individual } from '../model/profile.ts';
import { DAY_MS, parseIsoTime } from '../model/time.ts';
import { retailSampleConfig } from './config.ts';
import type { SampleContext } from './context.ts';
import { eventsOf } from './events.ts';
import { findExamples, type SampleExample } from './examples.ts';
import { shopperAt } from './individuals.ts';
import { generateCatalog } from './items.ts';

export { createRng, createSampler, deriveSeed, type Rng } from './random.ts';
export { retailSampleConfig } from './config.ts';
export { individualId } from './individuals.ts';
export { itemId } from './items.ts';
export { abandonedCartItems, type ExampleKind, type SampleExample } from './examples.ts';
export { CATEGORIES } from './categories.ts';

export interface RetailSampleOptions {
  /** Unified individuals to generate (default 10,000). */
  individuals?: number;
  /** Products in the catalog (default 2,000). */
  items?: number;
  /** Seed of every random draw (default 1). */
  seed?: number;
  /** ISO-8601 timestamp: the data set ends here. */
  now: string;
  /** Length of the engagement window in days (default 180). */
  days?: number;
}

export interface RetailSample {
  /** Unified individuals, streamed in id order; every call yields the same sequence. */
  individuals(): IterableIterator<Individual>;
  items: Item[];
  /** Engagement events, grouped by individual (id order) and chronological within each. */
  events(): IterableIterator<EngagementEvent>;
  /** The sample workspace config (see docs/sample.md). */
  config: WorkspaceConfigInput;
  /** A loyal member, an active shopper with an abandoned cart, a brand-new customer, someone with no engagement. */
  exampleIndividualIds: string[];
  /** The same individuals, with what makes each one interesting. */
  examples: SampleExample[];
  /** Approximate number of events `events()` yields, for progress. */
  expectedEvents: number;
  individualCount: number;
  /** Individual `index` (0-based) alone: lets a batch generator produce chunks, in any order. */
  individualAt(index: number): Individual;
  /** The events of individual `index` alone, chronological. */
  eventsOf(index: number): EngagementEvent[];
}

/** Mean events per individual with the default 180-day window (measured over 100,000 individuals). */
const MEAN_EVENTS_PER_INDIVIDUAL = 29.3;

function wholeNumber(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}

/**
 * The built-in retail data set: individuals, a product catalog, browse/cart/order events over
 * `days` days ending at `now`, and a workspace config using them. Deterministic for (options);
 * individuals and events are streamed, so a million individuals never sit in memory at once.
 */
export function generateRetailSample(opts: RetailSampleOptions): RetailSample {
  // 1. Options.
  const individualCount = wholeNumber('individuals', opts.individuals ?? 10_000, 0);
  const itemCount = wholeNumber('items', opts.items ?? 2_000, 1);
  const days = wholeNumber('days', opts.days ?? 180, 1);
  const seed = opts.seed ?? 1;
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const nowMs = parseIsoTime(opts.now);
  if (nowMs === undefined)
    throw new RangeError(`now must be an ISO-8601 timestamp with a time zone, got "${opts.now}"`);
  // 2. The catalog, once; everything else is derived per individual on demand.
  const ctx: SampleContext = {
    seed,
    nowMs,
    days,
    windowStartMs: nowMs - days * DAY_MS,
    individualCount,
    catalog: generateCatalog(seed, itemCount, nowMs),
  };
  const checkIndex = (index: number): number => {
    if (!Number.isInteger(index) || index < 0 || index >= individualCount)
      throw new RangeError(`individual index ${index} is outside 0..${individualCount - 1}`);
    return index;
  };
  // 3. Example individuals, found by scanning from the first one.
  const examples = findExamples(ctx);
  return {
    *individuals() {
      for (let i = 0; i < individualCount; i++) yield shopperAt(ctx, i).individual;
    },
    items: ctx.catalog.items,
    *events() {
      for (let i = 0; i < individualCount; i++) yield* eventsOf(ctx, i);
    },
    config: retailSampleConfig({ individuals: individualCount }),
    exampleIndividualIds: examples.map((e) => e.id),
    examples,
    expectedEvents: Math.round(individualCount * MEAN_EVENTS_PER_INDIVIDUAL * Math.min(1, days / 180)),
    individualCount,
    individualAt: (index) => shopperAt(ctx, checkIndex(index)).individual,
    eventsOf: (index) => eventsOf(ctx, checkIndex(index)),
  };
}
