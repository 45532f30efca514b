import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkspaceConfigInput } from '../../../engine/model/index.ts';
import { HOUR, insightConfig, insightWorld, iso, T0, type InsightWorld } from './insights-fixture.ts';

/** A query that never ends and returns one row: one sqlite3_step that never returns. */
const RUNAWAY_COUNT =
  "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT 'ind_1' AS individual_id, count(*) AS value FROM c";
/** A query that never ends and returns rows forever. */
const RUNAWAY_ROWS =
  "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT 'prod_' || x AS item_id, x AS value FROM c";

let world: InsightWorld | undefined;
afterEach(() => {
  world?.remove();
  world = undefined;
});

/** The insight config with manual_top's SQL and budget replaced (and ltv's, when given). */
function configWith(manual: { sql: string; timeLimitSeconds?: number; maxRows?: number }, ltvSql?: string) {
  const cfg: WorkspaceConfigInput = insightConfig();
  const cis = cfg.dataSpaces[0]!.calculatedInsights!;
  Object.assign(cis[1]!, manual);
  if (ltvSql) Object.assign(cis[2]!, { sql: ltvSql, subject: 'individual', timeLimitSeconds: 1 });
  return cfg;
}

/** The workspace is intact: integrity_check passes, the data is all there and `insight` has no refresh. */
function expectIntact(w: InsightWorld, insight: string): void {
  const db = new Database(w.file, { readonly: true });
  try {
    expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(db.prepare('SELECT count(*) AS n FROM insight_refreshes WHERE insight = ?').get(insight)).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM individuals').get()).toEqual({ n: 3 });
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 5 });
  } finally {
    db.close();
  }
}

async function refreshJob(w: InsightWorld, insight: string) {
  const started = await w.service.call('insights.refresh', { insight, asOf: iso(T0) });
  if (!started.ok) throw new Error(started.error.message);
  return started.data.jobId;
}

describe('calculated-insight budgets', () => {
  it('stops a runaway refresh at its time limit with a clear error, stores nothing, and the server answers meanwhile', async () => {
    const w = (world = await insightWorld(
      configWith({
        sql: RUNAWAY_COUNT.replace('individual_id', 'item_id').replace("'ind_1'", "'prod_1'"),
        timeLimitSeconds: 1,
      }),
    ));
    const jobId = await refreshJob(w, 'manual_top');
    // Another operation while the refresh runs: answered before the refresh ends.
    const listed = await w.service.call('insights.list', {});
    const meanwhile = await w.service.call('jobs.get', { id: jobId });
    expect(listed.ok).toBe(true);
    expect(meanwhile.ok && meanwhile.data.status).toBe('running');
    const job = await w.service.call('jobs.wait', { id: jobId });
    expect(job.ok && job.data).toMatchObject({
      status: 'failed',
      error: {
        code: 'InvalidInput',
        message: expect.stringMatching(
          /calculated insight manual_top: the SQL ran longer than its time limit of 1 s and was stopped; nothing was stored/,
        ),
      },
    });
    expectIntact(w, 'manual_top');
  });

  it('stops a query returning rows forever at the row cap, before anything is written', async () => {
    const w = (world = await insightWorld(configWith({ sql: RUNAWAY_ROWS, maxRows: 1000, timeLimitSeconds: 600 })));
    const job = await w.service.call('jobs.wait', { id: await refreshJob(w, 'manual_top') });
    expect(job.ok && job.data).toMatchObject({
      status: 'failed',
      error: {
        message: expect.stringMatching(/more than 1,000 rows \(the row cap\) and was stopped; nothing was stored/),
      },
    });
    expectIntact(w, 'manual_top');
  });

  it('cancels a running refresh at once (the query process is killed)', async () => {
    const w = (world = await insightWorld(
      configWith({
        sql: RUNAWAY_COUNT.replace('individual_id', 'item_id').replace("'ind_1'", "'prod_1'"),
        timeLimitSeconds: 3600,
      }),
    ));
    const jobId = await refreshJob(w, 'manual_top');
    expect(await w.service.call('jobs.cancel', { id: jobId })).toMatchObject({ ok: true });
    const job = await w.service.call('jobs.wait', { id: jobId });
    expect(job.ok && job.data.status).toBe('cancelled');
    expectIntact(w, 'manual_top');
  });

  it("stops the SQL editor's runaway preview at its time limit while other operations are answered", async () => {
    const w = (world = await insightWorld());
    let previewDone = false;
    const preview = w.service
      .call('insights.validate', {
        sql: RUNAWAY_ROWS,
        subject: 'item',
        preview: true,
        asOf: iso(T0),
        timeLimitSeconds: 1,
      })
      .finally(() => (previewDone = true));
    const other = await w.service.call('insights.list', {});
    expect(other.ok).toBe(true);
    expect(previewDone).toBe(false);
    expect(await preview).toMatchObject({
      ok: true,
      data: { valid: false, problem: expect.stringMatching(/time limit of 1 s|row cap/) },
    });
    expectIntact(w, 'preview');
  });

  it('saving a runaway SQL only prepares it (returns at once), and a fixed one can be saved over it', async () => {
    const w = (world = await insightWorld());
    const runaway = configWith({ sql: RUNAWAY_ROWS });
    expect(await w.service.call('config.save', { config: runaway, note: 'runaway' })).toMatchObject({ ok: true });
    expect(await w.service.call('config.save', { config: insightConfig(), note: 'fixed' })).toMatchObject({ ok: true });
  });

  it('a runaway scheduled insight in a profile graph no longer hangs decide: the CI is missing and says why', async () => {
    const w = (world = await insightWorld(configWith({ sql: 'SELECT item_id, 1 AS value FROM items' }, RUNAWAY_COUNT)));
    const first = await w.service.call('decide', { individualId: 'ind_1', points: ['recs'], asOf: iso(T0 + HOUR) });
    expect(first.ok && first.data.response.personalizations.map((p) => p.contentId)).toEqual(['everyone']);
    const values = await w.service.call('insights.values', { insight: 'ltv', asOf: iso(T0 + HOUR) });
    expect(values).toMatchObject({
      ok: true,
      data: {
        refreshedAt: null,
        problem: expect.stringMatching(
          /calculated insight ltv could not be refreshed as of 2026-11-28T00:00:00.000Z: .*time limit of 1 s/,
        ),
      },
    });
    expect(
      await w.service.call('decide', { individualId: 'ind_2', points: ['recs'], asOf: iso(T0 + HOUR) }),
    ).toMatchObject({ ok: true });
    expectIntact(w, 'ltv');
  });

  it.each([
    ['sqlite_schema', 'SELECT name AS item_id, 1 AS value FROM sqlite_schema'],
    ['sqlite_master', 'SELECT name AS item_id, 1 AS value FROM sqlite_master'],
    ['dbstat', 'SELECT name AS item_id, pgsize AS value FROM dbstat'],
    ['pragma_table_list', 'SELECT name AS item_id, 1 AS value FROM pragma_table_list'],
  ])("refuses SQL reading SQLite's catalogue (%s)", async (name, sql) => {
    const w = (world = await insightWorld());
    const r = await w.service.call('insights.validate', { sql, subject: 'item', preview: true, asOf: iso(T0) });
    expect(r).toMatchObject({
      ok: true,
      data: { valid: false, problem: expect.stringContaining(`"${name}" is SQLite's own catalogue`) },
    });
  });
});
