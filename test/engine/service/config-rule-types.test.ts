import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWorkspace } from '../../../engine/service/init.ts';
import { openService, type Service } from '../../../engine/service/service.ts';
import type { PersonalizationPoint, WorkspaceConfig } from '../../../engine/model/index.ts';

const NOW = '2026-11-29T00:00:00.000Z';
let dir: string;
let service: Service;
let config: WorkspaceConfig;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bpw-rule-types-'));
  const file = join(dir, 'ws.sqlite');
  const init = await initWorkspace(file, { sample: 'retail', individuals: 120, items: 40, seed: 7, now: NOW });
  if (!init.ok) throw new Error(init.error.message);
  const s = openService(file, { now: () => Date.parse(NOW) });
  if (!s.ok) throw new Error(s.error.message);
  service = s.data;
  const cfg = await service.call('config.get', {});
  if (!cfg.ok) throw new Error(cfg.error.message);
  config = cfg.data.config;
});
afterAll(() => {
  service?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The saved config with the first decision of loyalty_email_recs targeting lifetime_value ≥ a threshold. */
function withThreshold(threshold: unknown): { config: WorkspaceConfig; point: PersonalizationPoint; index: number } {
  const c = structuredClone(config);
  const index = c.dataSpaces[0]!.personalizationPoints.findIndex((p) => p.apiName === 'loyalty_email_recs');
  const point = c.dataSpaces[0]!.personalizationPoints[index]!;
  point.decisions[0]!.targetingRule = { '>=': [{ ci: ['lifetime_value', 0] }, threshold] } as never;
  return { config: c, point, index };
}

describe('typed rules through the service', () => {
  it('config.save refuses a text threshold with an error value at the JSON path, and saves nothing', async () => {
    const { config: bad, index } = withThreshold('abc');
    const before = await service.call('config.get', {});
    const saved = await service.call('config.save', { config: bad });
    expect(saved.ok).toBe(false);
    if (saved.ok) return;
    expect(saved.error.code).toBe('InvalidInput');
    expect(saved.error.problems).toEqual([
      {
        path: `$.dataSpaces[0].personalizationPoints[${index}].decisions[0].targetingRule[">="][1]`,
        message: 'calculated insight "lifetime_value" is a number, compared with the string "abc"',
      },
    ]);
    const after = await service.call('config.get', {});
    expect(after.ok && after.data.revision).toBe(before.ok && before.data.revision);
    const check = await service.call('config.validate', { config: bad });
    expect(check.ok && check.data.valid).toBe(false);
  });

  it('the audience preview refuses the same draft instead of counting it', async () => {
    const { point } = withThreshold('');
    const r = await service.call('points.audience', { point: point as never, replaces: point.apiName });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('InvalidInput');
    expect(r.error.path).toBe('$.point.decisions[0].targetingRule[">="][1]');
  });

  it('a number threshold saves', async () => {
    const saved = await service.call('config.save', { config: withThreshold(750).config });
    expect(saved.ok).toBe(true);
  });
});
