import { DAY_MS, HOUR_MS } from '../model/time.ts';
import type { SampleContext } from './context.ts';
import { createRng, deriveSeed } from './random.ts';
import { STREAM } from './streams.ts';

export const LOYALTY_TIERS = ['None', 'Silver', 'Gold', 'Platinum'] as const;
export type LoyaltyTier = (typeof LOYALTY_TIERS)[number];

/**
 * How a shopper engages over the window: never (`none`), stopped more than 60 days ago
 * (`churned`), 30–60 days ago (`lapsing`), or browsed within the last 30 days (`active`).
 */
export type Activity = 'none' | 'churned' | 'lapsing' | 'active';

/** The hidden traits behind one shopper's profile and events. */
export interface ShopperTraits {
  tier: LoyaltyTier;
  /** Became a customer in the last 30 days. */
  isNew: boolean;
  createdMs: number;
  activity: Activity;
  /** Start of the shopper's last session (meaningless when activity is `none`). */
  lastActiveMs: number;
  /** Sessions per 30 days of activity. */
  sessionRate: number;
  /** Mean product views per session beyond the first. */
  extraBrowses: number;
  /** Chance that a viewed product goes into the cart. */
  cartRate: number;
  /** Chance that a session with a cart ends in an order (otherwise the cart is abandoned). */
  checkoutRate: number;
  /** Preferred category indices and their relative weights. */
  preferred: number[];
  preferredWeights: number[];
  /** Chance that a session is about any category (by general interest) rather than a preferred one. */
  exploreRate: number;
}

const NEW_CUSTOMER_SHARE = 0.05;
const TIER_WEIGHTS = [60, 24, 12, 4];
/** Loyalty goes with engagement: members visit more often and check out more. */
const TIER_SESSION_BOOST: Record<LoyaltyTier, number> = { None: 1, Silver: 1.3, Gold: 1.7, Platinum: 2.2 };
const TIER_CHECKOUT_BOOST: Record<LoyaltyTier, number> = { None: 1, Silver: 1.15, Gold: 1.3, Platinum: 1.45 };
const ACTIVITIES: readonly Activity[] = ['none', 'churned', 'lapsing', 'active'];
const ACTIVITY_WEIGHTS = { new: [25, 0, 0, 75], nonMember: [9, 24, 14, 53], member: [3, 14, 13, 70] };
/** log-normal parameters of sessions per 30 days (median ~0.8, long right tail). */
const SESSION_RATE_MU = -0.2;
const SESSION_RATE_SIGMA = 0.9;

/** The traits of shopper `index`; depends only on (seed, index, now, window, catalog). */
export function traitsOf(ctx: SampleContext, index: number): ShopperTraits {
  const rng = createRng(deriveSeed(ctx.seed, index, STREAM.traits));
  const { nowMs, days } = ctx;
  // 1. Who: new customer or not, loyalty tier (new customers have not earned a tier yet).
  const isNew = rng.chance(NEW_CUSTOMER_SHARE);
  const tier: LoyaltyTier = isNew ? 'None' : LOYALTY_TIERS[rng.weightedIndex(TIER_WEIGHTS)]!;
  // 2. When they were last active; someone whose last visit falls before the window has no events.
  const weights = isNew ? ACTIVITY_WEIGHTS.new : tier === 'None' ? ACTIVITY_WEIGHTS.nonMember : ACTIVITY_WEIGHTS.member;
  let activity = ACTIVITIES[rng.weightedIndex(weights)]!;
  const idleDays =
    activity === 'active'
      ? 2 / 24 + 20 * rng.next() ** 2
      : activity === 'lapsing'
        ? rng.range(30.5, 59.5)
        : activity === 'churned'
          ? rng.range(61, Math.max(61, days - 1))
          : 0;
  if (activity !== 'none' && idleDays > days - 1) activity = 'none';
  let lastActiveMs = nowMs - idleDays * DAY_MS;
  // 3. Customer since: new ones within 30 days (and active after that), others up to 6 years ago,
  //    members at least 90 days ago, and always well before their last visit.
  let createdMs: number;
  if (isNew) {
    createdMs = nowMs - rng.range(0.5, 30) * DAY_MS;
    if (activity === 'active') lastActiveMs = rng.range(createdMs + 0.1 * DAY_MS, nowMs - 2 * HOUR_MS);
  } else {
    const minDays = tier === 'None' ? 30 : 90;
    createdMs = nowMs - (minDays + (2190 - minDays) * rng.next() ** 1.3) * DAY_MS;
    if (activity !== 'none') createdMs = Math.min(createdMs, lastActiveMs - rng.range(14, 120) * DAY_MS);
  }
  createdMs = Math.floor(createdMs / 1000) * 1000;
  lastActiveMs = Math.floor(lastActiveMs);
  // 4. How they shop: visit rate, browsing depth, funnel rates.
  const sessionRate = rng.logNormal(SESSION_RATE_MU, SESSION_RATE_SIGMA) * TIER_SESSION_BOOST[tier];
  const extraBrowses = rng.range(1.5, 4.5);
  const cartRate = rng.range(0.05, 0.2);
  const checkoutRate = Math.min(0.92, rng.range(0.3, 0.6) * TIER_CHECKOUT_BOOST[tier]);
  // 5. What they like: 1–3 preferred categories, drawn by general interest.
  const wanted = 1 + rng.weightedIndex([35, 40, 25]);
  const preferred: number[] = [];
  for (let attempt = 0; preferred.length < wanted && attempt < 20; attempt++) {
    const c = ctx.catalog.drawCategory(rng);
    if (!preferred.includes(c)) preferred.push(c);
  }
  const preferredWeights = [[1], [0.65, 0.35], [0.5, 0.3, 0.2]][preferred.length - 1]!;
  return {
    tier,
    isNew,
    createdMs,
    activity,
    lastActiveMs,
    sessionRate,
    extraBrowses,
    cartRate,
    checkoutRate,
    preferred,
    preferredWeights,
    exploreRate: rng.range(0.08, 0.3),
  };
}
