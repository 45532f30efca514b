import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { insightDefinitionHash, type InsightDefinition } from '../../../engine/store/index.ts';
import { event, individual, item, mustOpen, newWorkspace } from './workspace-fixture.ts';

const T = Date.parse('2026-11-28T00:00:00.000Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const TOP_SELLERS: InsightDefinition = {
  apiName: 'top_sellers',
  subject: 'item',
  sql: "SELECT item_id, sum(quantity) AS value FROM engagement WHERE type = 'order' AND ts_ms > :as_of_ms - 30 * 86400000 GROUP BY item_id",
};
const def = (sql: string, subject: InsightDefinition['subject'] = 'item', apiName = 'ci'): InsightDefinition => ({
  apiName,
  subject,
  sql,
});

/** A workspace: three individuals, four items (prod_4 created after T), orders around T, and a second data space. */
function world() {
  const w = newWorkspace();
  const { store, space } = w;
  store.insertIndividuals(space, [individual(1, { tier: 'Gold' }), individual(2, { tier: 'None' }), individual(3)]);
  store.insertItems(space, [item(1), item(2), item(3), item(4, { createdAt: iso(T + DAY) })]);
  store.insertEvents(space, [
    event('ind_1', 'prod_1', 'order', iso(T - DAY), 2, 10),
    event('ind_1', 'prod_2', 'order', iso(T - DAY), 1, 20),
    event('ind_1', 'prod_3', 'browse', iso(T - 3 * DAY)),
    event('ind_2', 'prod_1', 'order', iso(T - 2 * DAY), 1, 10),
    event('ind_2', 'prod_3', 'order', iso(T), 5, 13),
    event('ind_3', 'prod_2', 'order', iso(T + 1), 7, 20),
    event('ind_3', 'prod_1', 'order', iso(T - 40 * DAY), 9, 10),
  ]);
  const other = store.ensureDataSpace('other', 'Other');
  store.insertIndividuals(other, [individual(1)]);
  store.insertItems(other, [item(1)]);
  store.insertEvents(other, [event('ind_1', 'prod_1', 'order', iso(T - DAY), 100, 10)]);
  return w;
}

describe('computing a calculated insight over the views', () => {
  it('sees only its data space, and only data at or before the refresh time', () => {
    const { store, space } = world();
    const r = store.insights.compute(space, TOP_SELLERS, T);
    if (!r.ok) throw new Error(r.error.message);
    // prod_3's order at exactly T counts; prod_2's at T + 1 ms does not; the other space's 100 units do not.
    expect(r.data).toEqual([
      { key1: 'prod_3', key2: '', value: 5 },
      { key1: 'prod_1', key2: '', value: 3 },
      { key1: 'prod_2', key2: '', value: 1 },
    ]);
    const later = store.insights.compute(space, TOP_SELLERS, T + 1);
    expect(later.ok && later.data.find((x) => x.key1 === 'prod_2')?.value).toBe(8);
  });

  it('hides items created after the refresh time, and individuals of other data spaces', () => {
    const { store, space } = world();
    const items = store.insights.compute(space, def('SELECT item_id, price AS value FROM items'), T);
    expect(items.ok && items.data.map((x) => x.key1).sort()).toEqual(['prod_1', 'prod_2', 'prod_3']);
    const people = store.insights.compute(
      space,
      def(
        "SELECT individual_id, 1 AS value FROM individuals WHERE json_extract(attributes, '$.tier') = 'Gold'",
        'individual',
      ),
      T,
    );
    expect(people.ok && people.data).toEqual([{ key1: 'ind_1', key2: '', value: 1 }]);
  });

  it('gives every engagement column of the view', () => {
    const { store, space } = world();
    const r = store.insights.compute(
      space,
      def(
        "SELECT individual_id, item_id || ':' || category AS category, ts_ms AS value FROM engagement WHERE type = 'browse' AND quantity = 1 AND price IS NULL",
        'individual_category',
      ),
      T,
    );
    expect(r.ok && r.data).toEqual([{ key1: 'ind_1', key2: 'prod_3:Shirts', value: T - 3 * DAY }]);
  });

  it('leaves out rows whose value is NULL', () => {
    const { store, space } = world();
    const r = store.insights.compute(
      space,
      def("SELECT item_id, CASE WHEN item_id = 'prod_1' THEN NULL ELSE 1 END AS value FROM items"),
      T,
    );
    expect(r.ok && r.data.map((x) => x.key1)).toEqual(['prod_2', 'prod_3']);
  });

  it.each([
    [
      'a repeated key',
      "SELECT item_id, 1 AS value FROM engagement WHERE type = 'order'",
      /calculated insight ci: result row \d repeats item_id "prod_1"; each key may appear once/,
    ],
    [
      'a NULL key',
      'SELECT NULL AS item_id, 1 AS value',
      /result row 1: item_id is NULL; every row needs its key columns/,
    ],
    [
      'a value that is not a number',
      "SELECT item_id, 'many' AS value FROM items",
      /result row 1: value is "many", not a finite number/,
    ],
    [
      'SQL refused by the views',
      'SELECT item_id, 1 AS value FROM events',
      /calculated insight ci: SQLite: no such table: events/,
    ],
    [
      'a runtime error',
      "SELECT item_id, json_extract('not json', '$.x') AS value FROM items",
      /calculated insight ci: SQLite: malformed JSON/,
    ],
  ])('refuses %s (InvalidInput, naming the row)', (_, sql, message) => {
    const { store, space } = world();
    const r = store.insights.compute(space, def(sql), T);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('InvalidInput');
      expect(r.error.message).toMatch(message);
    }
  });
});

describe('refreshing (materializing) a calculated insight', () => {
  it('stores the refresh and its values, read back best first, per key, one by one', () => {
    const { store, space } = world();
    const r = store.insights.refresh(space, TOP_SELLERS, T, {
      kind: 'scheduled',
      createdAt: '2026-11-28T01:00:00.000Z',
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.data).toMatchObject({
      insight: 'top_sellers',
      subject: 'item',
      refreshedAt: iso(T),
      kind: 'scheduled',
      rows: 3,
      createdAt: '2026-11-28T01:00:00.000Z',
      definition: insightDefinitionHash(TOP_SELLERS),
    });
    expect(store.insights.rows(r.data.id).map((x) => [x.key1, x.value])).toEqual([
      ['prod_3', 5],
      ['prod_1', 3],
      ['prod_2', 1],
    ]);
    expect(store.insights.rows(r.data.id, 1)).toHaveLength(1);
    expect(store.insights.value(r.data.id, 'prod_1')).toBe(3);
    expect(store.insights.value(r.data.id, 'prod_9')).toBeUndefined();

    const pairs = store.insights.refresh(
      space,
      def(
        "SELECT a.item_id, b.item_id AS related_item_id, count(*) AS value FROM engagement a JOIN engagement b ON b.individual_id = a.individual_id AND b.ts_ms = a.ts_ms AND b.item_id <> a.item_id WHERE a.type = 'order' GROUP BY 1, 2",
        'item_pair',
        'pairs',
      ),
      T,
      { kind: 'manual', createdAt: 'x' },
    );
    if (!pairs.ok) throw new Error(pairs.error.message);
    expect(store.insights.rowsFor(pairs.data.id, 'prod_1')).toEqual([{ key1: 'prod_1', key2: 'prod_2', value: 1 }]);
  });

  it('stores nothing when a row is bad (all or nothing)', () => {
    const { store, space } = world();
    const r = store.insights.refresh(space, def("SELECT item_id, 1 AS value FROM engagement WHERE type = 'order'"), T, {
      kind: 'manual',
      createdAt: 'x',
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/result row \d repeats a key \(item_id\) of an earlier row/);
    expect(store.insights.list(space)).toEqual([]);
  });

  it('stores nothing when cancelled', () => {
    const { store, space } = world();
    const controller = new AbortController();
    controller.abort();
    const many = def(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) SELECT 'k' || i AS item_id, i AS value FROM n",
    );
    const r = store.insights.refresh(space, many, T, { kind: 'manual', createdAt: 'x', signal: controller.signal });
    expect(r).toMatchObject({ ok: false, error: { code: 'Cancelled' } });
    expect(store.insights.list(space)).toEqual([]);
    const done: number[] = [];
    const full = store.insights.refresh(space, many, T, {
      kind: 'manual',
      createdAt: 'x',
      onProgress: (n) => done.push(n),
    });
    expect(full.ok && full.data.rows).toBe(5000);
    expect(done.at(-1)).toBe(5000);
  });

  it('finds the latest refresh of a definition at or before a time, and scheduled ones by data version', () => {
    const { store, space } = world();
    const h = insightDefinitionHash(TOP_SELLERS);
    const at = (ms: number, kind: 'manual' | 'scheduled') => {
      const r = store.insights.refresh(space, TOP_SELLERS, ms, { kind, createdAt: 'x' });
      if (!r.ok) throw new Error(r.error.message);
      return r.data.id;
    };
    const m1 = at(T - DAY, 'manual');
    const s1 = at(T - 6 * 3_600_000, 'scheduled');
    const m2 = at(T - DAY, 'manual');
    expect(store.insights.latest(space, 'top_sellers', h, T, 'manual')?.id).toBe(m2);
    expect(store.insights.latest(space, 'top_sellers', h, T - DAY - 1, 'manual')).toBeUndefined();
    expect(store.insights.latest(space, 'top_sellers', 'another definition', T, 'manual')).toBeUndefined();
    expect(m1).toBeLessThan(m2);
    const version = store.insights.dataVersion(space);
    // Data version (one bump per write: individuals, items, events) and the row counts.
    expect(version).toBe('3:3:4:7');
    expect(store.insights.findScheduled(space, 'top_sellers', h, T - 6 * 3_600_000, version)?.id).toBe(s1);
    store.insertEvents(space, [event('ind_3', 'prod_3', 'browse', iso(T - DAY))]);
    expect(store.insights.dataVersion(space)).toBe('4:3:4:8');
    expect(
      store.insights.findScheduled(space, 'top_sellers', h, T - 6 * 3_600_000, store.insights.dataVersion(space)),
    ).toBeUndefined();
    // An update that changes no count is a new version too.
    const ind = store.getIndividual(space, 'ind_3')!;
    store.insertIndividuals(space, [{ ...ind, attributes: { ...ind.attributes, tier: 'Gold' } }]);
    expect(store.insights.dataVersion(space)).toBe('5:3:4:8');
    expect(store.insights.list(space, { insight: 'top_sellers' }).map((r) => r.id)).toEqual([s1, m2, m1]);
  });

  it('computes but does not store on a read-only workspace', () => {
    const { store, space, dir } = world();
    store.close();
    const ro = mustOpen(join(dir, 'ws.sqlite'), { readonly: true });
    expect(ro.insights.compute(space, TOP_SELLERS, T).ok).toBe(true);
    expect(ro.insights.refresh(space, TOP_SELLERS, T, { kind: 'manual', createdAt: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'InvalidRequest' },
    });
  });
});
