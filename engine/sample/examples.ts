import { DAY_MS } from '../model/time.ts';
import type { EngagementEvent } from '../model/profile.ts';
import type { SampleContext } from './context.ts';
import { eventsOf } from './events.ts';
import { individualId } from './individuals.ts';
import { traitsOf, type ShopperTraits } from './traits.ts';

export type ExampleKind = 'loyal-member' | 'abandoned-cart' | 'new-customer' | 'no-engagement';

/** An individual worth looking at in a demo, and why. */
export interface SampleExample {
  kind: ExampleKind;
  id: string;
  description: string;
}

const KINDS: readonly ExampleKind[] = ['loyal-member', 'abandoned-cart', 'new-customer', 'no-engagement'];
/** Scan at most this many individuals (the kinds are common: each shows up within the first hundred or so). */
const SCAN_LIMIT = 20_000;

/** Items carted within `sinceMs` and not ordered at or after the cart. */
export function abandonedCartItems(events: readonly EngagementEvent[], sinceMs: number): string[] {
  const lastOrder = new Map<string, string>();
  for (const e of events) if (e.type === 'order') lastOrder.set(e.itemId, e.timestamp);
  const out = new Set<string>();
  for (const e of events) {
    if (e.type !== 'cart' || Date.parse(e.timestamp) < sinceMs) continue;
    const ordered = lastOrder.get(e.itemId);
    if (ordered === undefined || ordered < e.timestamp) out.add(e.itemId);
  }
  return [...out];
}

function classify(
  ctx: SampleContext,
  t: ShopperTraits,
  events: readonly EngagementEvent[],
  kind: ExampleKind,
): string | undefined {
  const recent = ctx.nowMs - 30 * DAY_MS;
  const browsedRecently = events.some((e) => e.type === 'browse' && Date.parse(e.timestamp) >= recent);
  const orders = events.filter((e) => e.type === 'order').length;
  switch (kind) {
    case 'loyal-member':
      return (t.tier === 'Gold' || t.tier === 'Platinum') && orders >= 5 && browsedRecently
        ? `${t.tier} loyalty member with ${orders} orders in the window, browsing in the last 30 days`
        : undefined;
    case 'abandoned-cart': {
      if (t.tier !== 'None' || !browsedRecently) return undefined;
      const abandoned = abandonedCartItems(events, recent);
      return abandoned.length > 0
        ? `active shopper (not a loyalty member) who left ${abandoned.length} item(s) in the cart in the last 30 days without ordering`
        : undefined;
    }
    case 'new-customer':
      return t.isNew && ctx.nowMs - t.createdMs <= 14 * DAY_MS && events.length > 0
        ? `new customer, joined ${Math.max(1, Math.round((ctx.nowMs - t.createdMs) / DAY_MS))} day(s) before now, ${events.length} events since`
        : undefined;
    case 'no-engagement':
      return !t.isNew && events.length === 0 ? 'long-standing customer with no engagement in the window' : undefined;
  }
}

/** Finds the first individual of each example kind (deterministic: scans from ind 1 upwards). */
export function findExamples(ctx: SampleContext): SampleExample[] {
  const found = new Map<ExampleKind, SampleExample>();
  const limit = Math.min(ctx.individualCount, SCAN_LIMIT);
  for (let i = 0; i < limit && found.size < KINDS.length; i++) {
    const traits = traitsOf(ctx, i);
    const events = eventsOf(ctx, i, traits);
    for (const kind of KINDS) {
      if (found.has(kind)) continue;
      const description = classify(ctx, traits, events, kind);
      if (description !== undefined) {
        found.set(kind, { kind, id: individualId(i, ctx.individualCount), description });
        break;
      }
    }
  }
  return KINDS.flatMap((k) => (found.has(k) ? [found.get(k)!] : []));
}
