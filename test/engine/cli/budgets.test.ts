import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkspaceConfigInput } from '../../../engine/model/index.ts';
import { insightConfig, insightWorld, iso, T0, type InsightWorld } from '../service/insights-fixture.ts';
import { cli } from './cli-harness.ts';

const RUNAWAY =
  "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT 'prod_1' AS item_id, count(*) AS value FROM c";

let world: InsightWorld | undefined;
afterEach(() => {
  world?.remove();
  world = undefined;
});

/** A closed workspace whose manual_top CI never ends, with a 1 s time limit. */
async function runawayWorkspace(timeLimitSeconds = 1): Promise<InsightWorld> {
  const cfg: WorkspaceConfigInput = insightConfig();
  Object.assign(cfg.dataSpaces[0]!.calculatedInsights![1]!, { sql: RUNAWAY, timeLimitSeconds });
  world = await insightWorld(cfg);
  world.service.close();
  return world;
}

function refreshCount(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    return (db.prepare('SELECT count(*) AS n FROM insight_refreshes').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('budgets for user code in the CLI', () => {
  it('refresh-insight stops a runaway CI at its time limit: exit 2, the limit named, nothing stored', async () => {
    const w = await runawayWorkspace();
    const before = refreshCount(w.file);
    const r = await cli('refresh-insight', w.file, '--insight', 'manual_top', '--as-of', iso(T0));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /calculated insight manual_top: the SQL ran longer than its time limit of 1 s and was stopped; nothing was stored/,
    );
    expect(refreshCount(w.file)).toBe(before);
  });

  it('import config refuses a runaway targeting rule: exit 2, the limit and the JSON path named, nothing saved', async () => {
    world = await insightWorld();
    world.service.close();
    const cfg: WorkspaceConfigInput = insightConfig();
    const lit = Array.from({ length: 1000 }, (_, i) => i);
    cfg.dataSpaces[0]!.personalizationPoints![0]!.decisions![0]!.targetingRule = {
      some: [lit, { some: [lit, { some: [lit, { some: [lit, { '==': [{ var: '' }, -1] }] }] }] }],
    };
    const file = join(world.dir, 'runaway.json');
    writeFileSync(file, JSON.stringify(cfg));
    const r = await cli('import', world.file, 'config', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('$.dataSpaces[0].personalizationPoints[0].decisions[0].targetingRule.some[1]');
    expect(r.stderr).toMatch(/the limit is 10,000,000 steps per evaluation/);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s during refresh-insight cancels the job (the query is killed) and exits %i, storing nothing',
    async (signal, exit) => {
      const w = await runawayWorkspace(3600);
      const before = refreshCount(w.file);
      const listeners = process.listenerCount(signal);
      const running = cli('refresh-insight', w.file, '--insight', 'manual_top', '--as-of', iso(T0));
      // Wait until the command follows its job (its handlers are installed), then signal it.
      while (process.listenerCount(signal) === listeners) await new Promise((resolve) => setImmediate(resolve));
      process.emit(signal);
      const r = await running;
      expect(r.code).toBe(exit);
      expect(r.stderr).toMatch(/cancelled/);
      expect(refreshCount(w.file)).toBe(before);
    },
  );
});
