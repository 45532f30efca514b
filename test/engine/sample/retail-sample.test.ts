import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EngagementEvent, Individual } from '../../../engine/model/index.ts';
import { abandonedCartItems, generateRetailSample, type RetailSample } from '../../../engine/sample/index.ts';

const NOW = '2026-03-01T12:00:00.000Z';
const NOW_MS = Date.parse(NOW);
const DAY = 86_400_000;

/** SHA-256 of each stream, serialized one JSON document per line. */
function digest(sample: RetailSample): { individuals: string; items: string; events: string } {
  const hash = (rows: Iterable<unknown>) => {
    const h = createHash('sha256');
    for (const r of rows) h.update(`${JSON.stringify(r)}\n`);
    return h.digest('hex');
  };
  return { individuals: hash(sample.individuals()), items: hash(sample.items), events: hash(sample.events()) };
}

describe('determinism', () => {
  const opts = { individuals: 1_500, items: 400, seed: 7, now: NOW };

  it('gives identical streams for the same seed and now, and again on a second iteration', () => {
    const a = generateRetailSample(opts);
    const b = generateRetailSample(opts);
    const first = digest(a);
    expect(digest(b)).toEqual(first);
    expect(digest(a)).toEqual(first);
    expect(b.exampleIndividualIds).toEqual(a.exampleIndividualIds);
  });

  it('differs for another seed', () => {
    const a = digest(generateRetailSample(opts));
    const b = digest(generateRetailSample({ ...opts, seed: 8 }));
    expect(b.individuals).not.toBe(a.individuals);
    expect(b.items).not.toBe(a.items);
    expect(b.events).not.toBe(a.events);
  });

  it("derives individual k's data from (seed, k) alone, so chunks can be generated in any order", () => {
    const small = generateRetailSample({ ...opts, individuals: 300 });
    const large = generateRetailSample(opts);
    const smallIndividuals = [...small.individuals()];
    expect([...large.individuals()].slice(0, 300)).toEqual(smallIndividuals);
    const smallEvents = [...small.events()];
    expect([...large.events()].slice(0, smallEvents.length)).toEqual(smallEvents);
    for (const k of [299, 17, 0, 150]) {
      expect(large.individualAt(k)).toEqual(smallIndividuals[k]);
      expect(large.eventsOf(k)).toEqual(smallEvents.filter((e) => e.individualId === smallIndividuals[k]!.id));
    }
  });

  it('refuses bad options', () => {
    expect(() => generateRetailSample({ now: 'yesterday' })).toThrow(RangeError);
    expect(() => generateRetailSample({ now: NOW, individuals: -1 })).toThrow(RangeError);
    expect(() => generateRetailSample({ now: NOW, items: 0 })).toThrow(RangeError);
    expect(() => generateRetailSample({ now: NOW, individuals: 10 }).individualAt(10)).toThrow(RangeError);
  });
});

interface PersonStats {
  events: EngagementEvent[];
  orders: number;
}

describe('the default data set (10,000 individuals, 2,000 items, 180 days)', () => {
  let sample: RetailSample;
  let individuals: Individual[];
  const people = new Map<string, PersonStats>();
  let eventCount = 0;
  let generationMs = 0;

  beforeAll(() => {
    const t0 = performance.now();
    sample = generateRetailSample({ now: NOW });
    individuals = [...sample.individuals()];
    for (const e of sample.events()) {
      eventCount++;
      let p = people.get(e.individualId);
      if (!p) people.set(e.individualId, (p = { events: [], orders: 0 }));
      p.events.push(e);
      if (e.type === 'order') p.orders++;
    }
    generationMs = performance.now() - t0;
  });

  const itemsById = () => new Map(sample.items.map((i) => [i.id, i]));
  const attr = (ind: Individual, name: string) => ind.attributes[name];

  it('has the expected counts', () => {
    expect(individuals).toHaveLength(10_000);
    expect(sample.items).toHaveLength(2_000);
    expect(eventCount).toBeGreaterThan(220_000);
    expect(eventCount).toBeLessThan(380_000);
    expect(Math.abs(eventCount - sample.expectedEvents) / sample.expectedEvents).toBeLessThan(0.2);
    expect(new Set(sample.items.map((i) => i.category)).size).toBe(20);
    // A long tail: the median person has far fewer events than the busiest.
    const counts = [...people.values()].map((p) => p.events.length).sort((a, b) => a - b);
    expect(counts[counts.length - 1]!).toBeGreaterThan(10 * counts[counts.length >> 1]!);
  });

  it('generates well under a couple of seconds', () => {
    expect(generationMs).toBeLessThan(8_000); // generous: CI machines are shared
  });

  it('uses zero-padded, unique ids and unique e-mails and phones', () => {
    expect(individuals[0]!.id).toBe('ind_000001');
    expect(individuals[9_999]!.id).toBe('ind_010000');
    expect(sample.items[0]!.id).toBe('prod_00001');
    expect(new Set(individuals.map((i) => i.id)).size).toBe(10_000);
    expect(new Set(individuals.map((i) => attr(i, 'email'))).size).toBe(10_000);
    expect(new Set(individuals.map((i) => attr(i, 'phone'))).size).toBe(10_000);
    expect(new Set(sample.items.map((i) => i.url)).size).toBe(2_000);
  });

  it('gives individuals believable, typed attributes', () => {
    const countries = new Map<string, number>();
    const tiers = new Map<string, number>();
    const problems: string[] = [];
    const check = (ok: boolean, what: string, ind: Individual) => {
      if (!ok && problems.length < 10) problems.push(`${what}: ${JSON.stringify(ind)}`);
    };
    for (const ind of individuals) {
      const a = ind.attributes;
      check(typeof a['firstName'] === 'string' && typeof a['lastName'] === 'string', 'name', ind);
      check(/^[a-z]+\.[a-z]+\d+@example\.(com|net|org)$/.test(String(a['email'])), 'email', ind);
      check(/^\+\d{10,13}$/.test(String(a['phone'])), 'phone', ind);
      check(/^\d{4}-\d{2}-\d{2}$/.test(String(a['birthDate'])), 'birthDate', ind);
      check(
        new Date(a['createdAt'] as string).toISOString() === a['createdAt'] &&
          Date.parse(a['createdAt'] as string) <= NOW_MS,
        'createdAt',
        ind,
      );
      check(typeof a['emailOptIn'] === 'boolean', 'emailOptIn', ind);
      check(['female', 'male', 'nonbinary', undefined].includes(a['gender'] as string | undefined), 'gender', ind);
      countries.set(a['country'] as string, (countries.get(a['country'] as string) ?? 0) + 1);
      tiers.set(a['loyaltyTier'] as string, (tiers.get(a['loyaltyTier'] as string) ?? 0) + 1);
    }
    expect(problems).toEqual([]);
    const byShare = [...countries].sort((a, b) => b[1] - a[1]).map(([c]) => c);
    expect(byShare[0]).toBe('US');
    expect(byShare).toEqual(expect.arrayContaining(['GB', 'DE', 'FR', 'CA', 'AU']));
    expect(tiers.get('None')!).toBeGreaterThan(tiers.get('Silver')!);
    expect(tiers.get('Silver')!).toBeGreaterThan(tiers.get('Gold')!);
    expect(tiers.get('Gold')!).toBeGreaterThan(tiers.get('Platinum')!);
    expect(tiers.get('Platinum')!).toBeGreaterThan(0);
  });

  it('gives products believable attributes', () => {
    const inStock = sample.items.filter((i) => i.inStock).length / sample.items.length;
    expect(inStock).toBeGreaterThan(0.86);
    expect(inStock).toBeLessThan(0.97);
    const newArrivals = sample.items.filter((i) => Date.parse(i.createdAt) > NOW_MS - 14 * DAY);
    expect(newArrivals.length).toBeGreaterThan(20);
    for (const item of sample.items) {
      expect(item.imageUrl).toBe(`https://images.example.com/products/${item.id}.jpg`);
      expect(item.url).toMatch(/^\/products\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(item.name.startsWith(item.brand)).toBe(true);
      expect(item.price).toBeGreaterThan(0);
      expect(Math.round(item.price * 100) / 100).toBe(item.price);
      expect(Date.parse(item.createdAt)).toBeGreaterThan(NOW_MS - 731 * DAY);
      expect(Date.parse(item.createdAt)).toBeLessThanOrEqual(NOW_MS);
      const rating = item.attributes['rating'] as number;
      expect(rating >= 1 && rating <= 5 && Math.round(rating * 10) / 10 === rating).toBe(true);
      expect(typeof item.attributes['color']).toBe('string');
      expect(typeof item.attributes['material']).toBe('string');
    }
    // Prices follow the category: watches cost more than skincare.
    const median = (cat: string) => {
      const ps = sample.items
        .filter((i) => i.category === cat)
        .map((i) => i.price)
        .sort((a, b) => a - b);
      return ps[ps.length >> 1]!;
    };
    expect(median('Watches')).toBeGreaterThan(3 * median('Skincare'));
  });

  it('keeps every event inside the window, canonical, and referring to what existed then', () => {
    const items = itemsById();
    const created = new Map(individuals.map((i) => [i.id, Date.parse(i.attributes['createdAt'] as string)]));
    // One expect per check over all events (an expect per event would take most of a minute).
    const problems: string[] = [];
    const check = (ok: boolean, what: string, e: EngagementEvent) => {
      if (!ok && problems.length < 10) problems.push(`${what}: ${JSON.stringify(e)}`);
    };
    for (const [id, p] of people) {
      check(created.has(id), 'unknown individual', p.events[0]!);
      let previous = -Infinity;
      for (const e of p.events) {
        const t = Date.parse(e.timestamp);
        const item = items.get(e.itemId);
        check(new Date(t).toISOString() === e.timestamp, 'not canonical', e);
        check(t <= NOW_MS && t > NOW_MS - 180 * DAY, 'outside the window', e);
        check(t >= previous, 'out of order', e);
        check(t > created.get(id)!, 'before the individual was created', e);
        check(item !== undefined, 'unknown item', e);
        check(item !== undefined && Date.parse(item.createdAt) <= t, 'before the item was created', e);
        check(item !== undefined && e.price === item.price, 'price differs from the item', e);
        check(
          ['browse', 'cart', 'order'].includes(e.type) && Number.isInteger(e.quantity) && e.quantity >= 1,
          'bad type or quantity',
          e,
        );
        previous = t;
      }
    }
    expect(problems).toEqual([]);
  });

  it('follows a conversion funnel with mostly single-unit orders', () => {
    let browses = 0;
    let carts = 0;
    let orders = 0;
    let singles = 0;
    for (const p of people.values())
      for (const e of p.events) {
        if (e.type === 'browse') browses++;
        else if (e.type === 'cart') carts++;
        else {
          orders++;
          if (e.quantity === 1) singles++;
        }
      }
    expect(carts).toBeLessThan(browses / 4);
    expect(orders).toBeLessThan(carts);
    expect(orders).toBeGreaterThan(carts / 4);
    expect(singles / orders).toBeGreaterThan(0.8);
  });

  it('skews orders toward popular products', () => {
    const orders = new Map<string, number>();
    let total = 0;
    for (const p of people.values())
      for (const e of p.events)
        if (e.type === 'order') {
          orders.set(e.itemId, (orders.get(e.itemId) ?? 0) + 1);
          total++;
        }
    const top = [...orders.values()].sort((a, b) => b - a).slice(0, sample.items.length / 10);
    expect(top.reduce((s, n) => s + n, 0) / total).toBeGreaterThan(0.4);
  });

  it('gives each person a category affinity', () => {
    const items = itemsById();
    let share = 0;
    let n = 0;
    for (const p of people.values()) {
      if (p.events.length < 10) continue;
      const byCategory = new Map<string, number>();
      for (const e of p.events) {
        const c = items.get(e.itemId)!.category;
        byCategory.set(c, (byCategory.get(c) ?? 0) + 1);
      }
      share += Math.max(...byCategory.values()) / p.events.length;
      n++;
    }
    expect(n).toBeGreaterThan(1_000);
    expect(share / n).toBeGreaterThan(0.4); // vs 1/20 = 0.05 without affinity
  });

  it('has abandoned carts, new customers, silent and churned individuals, and active shoppers', () => {
    const recent = NOW_MS - 30 * DAY;
    let abandoners = 0;
    let active = 0;
    let churned = 0;
    for (const p of people.values()) {
      if (abandonedCartItems(p.events, NOW_MS - 180 * DAY).length > 0) abandoners++;
      const last = Date.parse(p.events[p.events.length - 1]!.timestamp);
      if (p.events.some((e) => e.type === 'browse' && Date.parse(e.timestamp) >= recent)) active++;
      if (last < NOW_MS - 60 * DAY) churned++;
    }
    const newCustomers = individuals.filter((i) => Date.parse(i.attributes['createdAt'] as string) >= recent).length;
    const silent = individuals.length - people.size;
    expect(abandoners).toBeGreaterThan(1_000);
    expect(newCustomers).toBeGreaterThan(200);
    expect(newCustomers).toBeLessThan(1_000);
    expect(silent).toBeGreaterThan(300);
    expect(silent).toBeLessThan(2_000);
    expect(churned).toBeGreaterThan(500);
    expect(active).toBeGreaterThan(4_000);
    expect(active).toBeLessThan(8_000);
  });

  it('correlates loyalty tier with orders', () => {
    const byTier = new Map<string, number[]>();
    for (const ind of individuals) {
      const tier = ind.attributes['loyaltyTier'] as string;
      if (!byTier.has(tier)) byTier.set(tier, []);
      byTier.get(tier)!.push(people.get(ind.id)?.orders ?? 0);
    }
    const mean = (tier: string) => {
      const xs = byTier.get(tier)!;
      return xs.reduce((s, n) => s + n, 0) / xs.length;
    };
    expect(mean('Silver')).toBeGreaterThan(mean('None'));
    expect(mean('Gold')).toBeGreaterThan(mean('Silver'));
    expect(mean('Platinum')).toBeGreaterThan(mean('Gold'));
    expect(mean('Platinum')).toBeGreaterThan(2 * mean('None'));
  });

  it('names example individuals that have the stated properties', () => {
    expect(sample.exampleIndividualIds).toHaveLength(4);
    expect(new Set(sample.exampleIndividualIds).size).toBe(4);
    expect(sample.examples.map((e) => e.kind)).toEqual([
      'loyal-member',
      'abandoned-cart',
      'new-customer',
      'no-engagement',
    ]);
    const byId = new Map(individuals.map((i) => [i.id, i]));
    const [loyal, abandoner, newcomer, silent] = sample.exampleIndividualIds.map((id) => {
      expect(byId.has(id)).toBe(true);
      return { ind: byId.get(id)!, events: people.get(id)?.events ?? [] };
    });
    const recent = NOW_MS - 30 * DAY;
    const browsedRecently = (events: EngagementEvent[]) =>
      events.some((e) => e.type === 'browse' && Date.parse(e.timestamp) >= recent);

    expect(['Gold', 'Platinum']).toContain(loyal!.ind.attributes['loyaltyTier']);
    expect(loyal!.events.filter((e) => e.type === 'order').length).toBeGreaterThanOrEqual(5);
    expect(browsedRecently(loyal!.events)).toBe(true);

    expect(browsedRecently(abandoner!.events)).toBe(true);
    expect(abandonedCartItems(abandoner!.events, recent).length).toBeGreaterThan(0);

    expect(Date.parse(newcomer!.ind.attributes['createdAt'] as string)).toBeGreaterThanOrEqual(NOW_MS - 14 * DAY);
    expect(newcomer!.events.length).toBeGreaterThan(0);

    expect(silent!.events).toHaveLength(0);
  });
});

describe('options', () => {
  it('honours a shorter window and fewer items', () => {
    const sample = generateRetailSample({ now: NOW, individuals: 500, items: 50, days: 45 });
    expect(sample.items).toHaveLength(50);
    for (const e of sample.events()) {
      const t = Date.parse(e.timestamp);
      expect(t).toBeGreaterThan(NOW_MS - 45 * DAY);
      expect(t).toBeLessThanOrEqual(NOW_MS);
    }
  });

  it('works with a catalog smaller than the category list and with no individuals', () => {
    const tiny = generateRetailSample({ now: NOW, individuals: 50, items: 5 });
    const ids = new Set(tiny.items.map((i) => i.id));
    for (const e of tiny.events()) expect(ids.has(e.itemId)).toBe(true);
    const empty = generateRetailSample({ now: NOW, individuals: 0 });
    expect([...empty.individuals()]).toEqual([]);
    expect([...empty.events()]).toEqual([]);
    expect(empty.exampleIndividualIds).toEqual([]);
  });

  it('pads ids to the size of the data set', () => {
    const sample = generateRetailSample({ now: NOW, individuals: 1_234_567, items: 123_456 });
    expect(sample.individualAt(0).id).toBe('ind_0000001');
    expect(sample.individualAt(1_234_566).id).toBe('ind_1234567');
    expect(sample.items[0]!.id).toBe('prod_000001');
  }, 30_000);
});
