import { DAY_MS, isoOf, MINUTE_MS } from '../model/time.ts';
import type { EngagementType } from '../model/data-graph.ts';
import type { EngagementEvent } from '../model/profile.ts';
import type { SampleContext } from './context.ts';
import { individualId } from './individuals.ts';
import { createRng, deriveSeed, type Rng } from './random.ts';
import { STREAM } from './streams.ts';
import { traitsOf, type ShopperTraits } from './traits.ts';

/** An event before it is stamped: time in ms and the item's index. */
interface RawEvent {
  ms: number;
  item: number;
  type: EngagementType;
  quantity: number;
}

const SECOND_MS = 1000;
const MAX_BROWSES_PER_SESSION = 20;
const MAX_SESSIONS = 600;
/** Order quantities: mostly one. */
const QUANTITY_WEIGHTS = [88, 9, 2, 1];
/** When a cart has several lines, the chance that one of them is left out of the order. */
const DROP_LINE_RATE = 0.08;

/**
 * Stable insertion sort by time: sessions come in order and events within one are nearly in
 * order (a cart row can land after the next view), so this is linear in practice.
 */
function sortByTime(events: RawEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    const e = events[i]!;
    let j = i - 1;
    while (j >= 0 && events[j]!.ms > e.ms) {
      events[j + 1] = events[j]!;
      j--;
    }
    events[j + 1] = e;
  }
}

/** A product of `category` that already existed at `ms` (popular ones more often), or -1. */
function drawItem(ctx: SampleContext, rng: Rng, category: number, ms: number): number {
  const cat = ctx.catalog.categories[category]!;
  for (let attempt = 0; attempt < 4; attempt++) {
    const rank = cat.drawRank(rng);
    if (rank < 0) return -1;
    const item = cat.itemsByPopularity[rank]!;
    if (ctx.catalog.createdMs[item]! <= ms) return item;
  }
  return -1;
}

function drawCategory(ctx: SampleContext, rng: Rng, t: ShopperTraits): number {
  if (t.preferred.length === 0 || rng.chance(t.exploreRate)) return ctx.catalog.drawCategory(rng);
  return t.preferred[rng.weightedIndex(t.preferredWeights)]!;
}

/**
 * One visit: a few product views in one category, some of them carted; the cart is then either
 * checked out (one order row per line, same timestamp) or abandoned.
 */
function session(ctx: SampleContext, rng: Rng, t: ShopperTraits, startMs: number, out: RawEvent[]): void {
  const category = drawCategory(ctx, rng, t);
  const views = 1 + Math.min(MAX_BROWSES_PER_SESSION - 1, rng.geometric(t.extraBrowses));
  const cart: { item: number; quantity: number }[] = [];
  let ms = startMs;
  for (let v = 0; v < views; v++) {
    const item = drawItem(ctx, rng, category, ms);
    if (item >= 0) {
      out.push({ ms, item, type: 'browse', quantity: 1 });
      if (rng.chance(t.cartRate) && !cart.some((l) => l.item === item)) {
        const quantity = 1 + rng.weightedIndex(QUANTITY_WEIGHTS);
        cart.push({ item, quantity });
        out.push({ ms: ms + Math.floor(rng.range(10, 90) * SECOND_MS), item, type: 'cart', quantity });
      }
    }
    ms += Math.floor(rng.range(20, 240) * SECOND_MS);
  }
  if (cart.length === 0 || !rng.chance(t.checkoutRate)) return;
  const orderMs = ms + Math.floor(rng.range(2, 8) * MINUTE_MS);
  const drop = cart.length > 1 && rng.chance(DROP_LINE_RATE) ? rng.int(cart.length) : -1;
  cart.forEach((line, i) => {
    if (i !== drop) out.push({ ms: orderMs, item: line.item, type: 'order', quantity: line.quantity });
  });
}

/**
 * The engagement events of individual `index`, oldest first. Depends only on (seed, index, now,
 * window, catalog), never on which other individuals were generated, or in which order.
 */
export function eventsOf(
  ctx: SampleContext,
  index: number,
  traits: ShopperTraits = traitsOf(ctx, index),
): EngagementEvent[] {
  if (traits.activity === 'none') return [];
  const rng = createRng(deriveSeed(ctx.seed, index, STREAM.events));
  // 1. The span of activity inside the window: from joining (or the window start) to the last visit.
  const fromMs = Math.max(ctx.windowStartMs + MINUTE_MS, traits.createdMs + 10 * MINUTE_MS);
  const toMs = traits.lastActiveMs;
  if (toMs <= fromMs) return [];
  // 2. How many visits: the shopper's rate over that span, at least one (the last visit).
  const expected = (traits.sessionRate * (toMs - fromMs)) / (30 * DAY_MS);
  const sessions = Math.min(MAX_SESSIONS, Math.max(1, Math.round(expected * rng.range(0.75, 1.25))));
  // 3. The visits: the last one at lastActiveMs, the others spread over the span, in time order.
  const starts = new Float64Array(sessions);
  starts[0] = toMs;
  for (let s = 1; s < sessions; s++) starts[s] = Math.floor(rng.range(fromMs, toMs));
  starts.sort();
  const raw: RawEvent[] = [];
  for (let s = 0; s < sessions; s++) session(ctx, rng, traits, starts[s]!, raw);
  // 4. Stamp them: chronological, canonical ISO timestamps, price from the catalog.
  sortByTime(raw);
  const id = individualId(index, ctx.individualCount);
  const items = ctx.catalog.items;
  const events: EngagementEvent[] = [];
  for (const e of raw) {
    if (e.ms > ctx.nowMs) continue;
    const item = items[e.item]!;
    events.push({
      individualId: id,
      itemId: item.id,
      type: e.type,
      timestamp: isoOf(e.ms),
      quantity: e.quantity,
      price: item.price,
    });
  }
  return events;
}
