import { describe, expect, it } from 'vitest';
import { ProfileDataGraph, type EngagementRow, type ProfileData } from '../../../engine/model/index.ts';
import { DAY_MS, isoOf } from '../../../engine/model/time.ts';
import type { EngagementHistory, ObjectiveScores, TimedItem } from '../../../engine/model/sources.ts';
import { documentGap, historyNeeds } from '../../../engine/recommenders/engagement-window.ts';
import { recommend } from '../../../engine/recommenders/index.ts';
import { AS_OF_MS, catalog, item, objective, rules, strategyData } from './factories.ts';

/** The default profile data graph's engagement: orders of 365 days capped at 200 rows, carts of 30 days at 50. */
const GRAPH = ProfileDataGraph.parse({ apiName: 'Customer_Profile', label: 'Customer Profile' }).engagement;

/**
 * A long history: 250 orders within the year, one a day. The newest 200 (days 1–200) are of items
 * o000–o039, the oldest 50 (days 201–250) of items o040–o049 — beyond the document's 200-row cap.
 */
function longHistory(): { profile: ProfileData; history: EngagementHistory; all: TimedItem[] } {
  const all: TimedItem[] = [];
  for (let d = 1; d <= 250; d++) {
    const id = d <= 200 ? `o${String(d % 40).padStart(3, '0')}` : `o${String(40 + (d % 10)).padStart(3, '0')}`;
    all.push({ itemId: id, tsMs: AS_OF_MS - d * DAY_MS });
  }
  const rowOf = (t: TimedItem): EngagementRow => ({
    itemId: t.itemId,
    type: 'order',
    timestamp: isoOf(t.tsMs),
    quantity: 1,
    price: 10,
  });
  const profile: ProfileData = {
    id: 'ind_long',
    engagement: { browse: [], cart: [], order: all.slice(0, 200).map(rowOf) },
    segments: [],
    ci: {},
  };
  const history: EngagementHistory = {
    rows: (id, type, fromMs, toMs) =>
      id === 'ind_long' && type === 'order' ? all.filter((t) => t.tsMs > fromMs && t.tsMs <= toMs) : [],
  };
  return { profile, history, all };
}

const ITEMS = Array.from({ length: 60 }, (_, n) => item(`o${String(n).padStart(3, '0')}`));
/** Scores that rank the long-ago purchases (o040–o049) first, then the rest. */
const SCORES = ITEMS.map((it, n) => ({ itemId: it.id, score: n >= 40 && n < 50 ? 100 - n : 10 - n / 100 }));

const objectiveScores = (): ObjectiveScores => ({
  ok: true,
  source: 'model',
  trainedAt: isoOf(AS_OF_MS),
  items: SCORES,
  unknownItems: [],
});

describe('exclusions read the individual’s own window, not the profile document’s row cap', () => {
  const rec = objective('picks', { exclusions: { purchasedWithinDays: 365, inCart: false, anchor: true } });

  it('without the event history, the cap applies and says so: items ordered 201–250 days ago come back', () => {
    const { profile } = longHistory();
    const r = recommend(rec, strategyData({ items: ITEMS, objective: objectiveScores }), {
      profile,
      context: {},
      count: 5,
      asOfMs: AS_OF_MS,
      catalog: catalog(ITEMS),
      requiredFields: ['itemId'],
      trace: true,
      graph: GRAPH,
    });
    // The finding: recommended although ordered within the year.
    expect(r.items.map((i) => i.id)).toEqual(['o040', 'o041', 'o042', 'o043', 'o044']);
    expect(r.reads).toHaveLength(1);
    expect(r.reads![0]).toMatchObject({ read: 'capped', purpose: 'exclusion: purchased within 365 days', rows: 200 });
    expect(r.trace!.engagementReads![0]!.note).toContain('holds the newest 200 Product Order rows only (the graph');
  });

  it('with the event history, every order of the 365 days is excluded, and the trace says where it was read', () => {
    const { profile, history } = longHistory();
    const data = { ...strategyData({ items: ITEMS, objective: objectiveScores }), history };
    const r = recommend(rec, data, {
      profile,
      context: {},
      count: 5,
      asOfMs: AS_OF_MS,
      catalog: catalog(ITEMS),
      requiredFields: ['itemId'],
      trace: true,
      graph: GRAPH,
    });
    const ids = r.items.map((i) => i.id);
    expect(ids).toEqual(['o050', 'o051', 'o052', 'o053', 'o054']);
    for (let n = 40; n < 50; n++)
      expect(r.trace!.candidates.find((c) => c.itemId === `o0${n}`)!.excluded).toBe(
        'exclusion: purchased within 365 days',
      );
    expect(r.trace!.engagementReads).toEqual([
      expect.objectContaining({ read: 'history', rows: 250, documentRows: 200, object: 'Product Order' }),
    ]);
  });

  it('a document under its cap covers the window: no history read, no cap', () => {
    const { profile, history } = longHistory();
    const short: ProfileData = {
      ...profile,
      engagement: { ...profile.engagement, order: profile.engagement.order.slice(0, 120) },
    };
    let reads = 0;
    const counting: EngagementHistory = { rows: (...a) => (reads++, history.rows(...a)) };
    const r = recommend(
      rec,
      { ...strategyData({ items: ITEMS, objective: objectiveScores }), history: counting },
      {
        profile: short,
        context: {},
        count: 5,
        asOfMs: AS_OF_MS,
        catalog: catalog(ITEMS),
        requiredFields: ['itemId'],
        trace: true,
        graph: GRAPH,
      },
    );
    expect(reads).toBe(0);
    expect(r.reads).toBeUndefined();
  });

  it('the in-cart exclusion reads every cart line of the graph’s cart lookback beyond its 50-row cap', () => {
    const carts: TimedItem[] = Array.from({ length: 60 }, (_, n) => ({
      itemId: `o${String(n).padStart(3, '0')}`,
      tsMs: AS_OF_MS - (n + 1) * 3600_000,
    }));
    const profile: ProfileData = {
      id: 'ind_cart',
      engagement: {
        browse: [],
        order: [],
        cart: carts
          .slice(0, 50)
          .map((t) => ({ itemId: t.itemId, type: 'cart', timestamp: isoOf(t.tsMs), quantity: 1, price: 1 })),
      },
      segments: [],
      ci: {},
    };
    const history: EngagementHistory = {
      rows: (_id, type, from) => (type === 'cart' ? carts.filter((t) => t.tsMs > from) : []),
    };
    const cartRec = rules({
      apiName: 'nc',
      strategy: 'new-arrivals',
      windowDays: 3650,
      exclusions: { purchasedWithinDays: null, inCart: true, anchor: true },
    });
    const r = recommend(
      cartRec,
      { ...strategyData({ items: ITEMS }), history },
      {
        profile,
        context: {},
        count: 5,
        asOfMs: AS_OF_MS,
        catalog: catalog(ITEMS),
        requiredFields: ['itemId'],
        trace: true,
        graph: GRAPH,
      },
    );
    for (const it of r.items) expect(Number(it.id.slice(1))).toBeGreaterThanOrEqual(60);
    expect(r.items).toHaveLength(0);
    expect(r.reads![0]).toMatchObject({ purpose: 'exclusion: in cart', read: 'history', rows: 60, documentRows: 50 });
  });
});

describe('the objective-based fold-in reads the model’s window', () => {
  it('folds in interactions beyond the document: the engagement reader hands the history’s rows', () => {
    const { profile, history } = longHistory();
    const seen: string[][] = [];
    const data = {
      ...strategyData({ items: ITEMS }),
      history,
      objectiveScores: (
        _r: unknown,
        _p: unknown,
        _c: unknown,
        _t: number,
        read?: (type: 'order' | 'cart' | 'browse', fromMs: number) => readonly string[],
      ): ObjectiveScores => {
        seen.push([...read!('order', AS_OF_MS - 365 * DAY_MS)]);
        return objectiveScores();
      },
    };
    const rec = objective('picks', {
      trainingWindowDays: 365,
      exclusions: { purchasedWithinDays: null, inCart: false, anchor: true },
    });
    const r = recommend(rec, data, {
      profile,
      context: {},
      count: 3,
      asOfMs: AS_OF_MS,
      catalog: catalog(ITEMS),
      requiredFields: ['itemId'],
      trace: true,
      graph: GRAPH,
    });
    expect(seen[0]).toHaveLength(250);
    expect(r.reads![0]).toMatchObject({ purpose: 'fold-in of picks (365-day training window)', read: 'history' });
  });
});

describe('documentGap and historyNeeds', () => {
  it('names the lookback, the row cap, or a left-out object', () => {
    const refresh = AS_OF_MS;
    expect(documentGap([], GRAPH.browse, 'browse', refresh, refresh - 180 * DAY_MS)).toContain('last 90 days only');
    expect(documentGap([], { ...GRAPH.cart, include: false }, 'cart', refresh, refresh - DAY_MS)).toContain(
      'holds no Shopping Cart rows',
    );
    expect(documentGap([], GRAPH.order, 'order', refresh, refresh - 365 * DAY_MS)).toBeUndefined();
  });

  it('lists the earliest window start per type the recommenders can ask for', () => {
    const needs = historyNeeds(
      [
        rules({
          apiName: 't',
          strategy: 'top-sellers',
          exclusions: { purchasedWithinDays: 30, inCart: true, anchor: true },
        }),
        objective('o', { trainingWindowDays: 180 }),
      ],
      GRAPH,
      AS_OF_MS,
    );
    expect(needs).toEqual({
      order: AS_OF_MS - 365 * DAY_MS,
      cart: AS_OF_MS - 180 * DAY_MS,
      browse: AS_OF_MS - 180 * DAY_MS,
    });
  });
});
