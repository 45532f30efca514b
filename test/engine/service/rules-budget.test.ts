import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insightWorld, iso, T0, type InsightWorld } from './insights-fixture.ts';

let w: InsightWorld;
beforeAll(async () => (w = await insightWorld()));
afterAll(() => w.remove());

const lit = Array.from({ length: 1000 }, (_, i) => i);
const RUNAWAY = { some: [lit, { some: [lit, { some: [lit, { some: [lit, { '==': [{ var: '' }, -1] }] }] }] }] };

function expectIntact(): void {
  const db = new Database(w.file, { readonly: true });
  try {
    expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(db.prepare('SELECT count(*) AS n FROM individuals').get()).toEqual({ n: 3 });
  } finally {
    db.close();
  }
}

describe("rule budgets through the rule builder's live audience preview", () => {
  it('refuses a rule of 10^12 steps at once, naming the limit and the JSON path', async () => {
    const r = await w.service.call('rules.audience', { rule: RUNAWAY, asOf: iso(T0) });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'InvalidInput',
        path: '$.rule.some[1]',
        message: expect.stringMatching(/about 3\.0e\+12 evaluation steps per individual; the limit is 10,000,000/),
      },
    });
    // The server answers the next request.
    expect(
      await w.service.call('rules.audience', { rule: { '==': [{ var: 'tier' }, 'Gold'] }, asOf: iso(T0) }),
    ).toMatchObject({
      ok: true,
    });
    expectIntact();
  });

  it.each([150, 10_000])('refuses a rule nested %i deep with a named depth limit', async (depth) => {
    let rule: unknown = true;
    for (let i = 0; i < depth; i++) rule = { '!': [rule] };
    const r = await w.service.call('rules.audience', { rule: rule as never, asOf: iso(T0) });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/nested more than (100|1,000) levels deep/);
    expect(!r.ok && r.error.code).not.toBe('Internal');
    expectIntact();
  });
});
