import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWorkspace } from '../../../engine/service/init.ts';
import { openService, type Service } from '../../../engine/service/service.ts';
import type { PersonalizationPoint } from '../../../engine/model/index.ts';

const NOW = '2026-11-29T00:00:00.000Z';
const AS_OF = '2026-11-28T12:00:00.000Z';
let dir: string;
let service: Service;
let banner: PersonalizationPoint;
let someone: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bpw-points-test-'));
  const file = join(dir, 'ws.sqlite');
  const init = await initWorkspace(file, { sample: 'retail', individuals: 300, items: 80, seed: 5, now: NOW });
  if (!init.ok) throw new Error(init.error.message);
  someone = init.data.exampleIndividualIds[0]!;
  const s = openService(file, { now: () => Date.parse(AS_OF) });
  if (!s.ok) throw new Error(s.error.message);
  service = s.data;
  const cfg = await service.call('config.get', {});
  if (!cfg.ok) throw new Error(cfg.error.message);
  banner = cfg.data.config.dataSpaces[0]!.personalizationPoints.find((p) => p.apiName === 'onboarding_banner')!;
});
afterAll(() => {
  service?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The banner without its experiment, every decision but one made inactive: a predictable draft. */
function draftServing(decisionId: string, rule: unknown): PersonalizationPoint {
  const d = structuredClone(banner);
  delete d.experiment;
  d.decisions = d.decisions.map((x) => ({
    ...x,
    active: x.id === decisionId,
    targetingRule: x.id === decisionId ? (rule as never) : x.targetingRule,
  }));
  return d;
}

describe('points.test', () => {
  it('decides with the draft, not the saved point, and returns the trace', async () => {
    const r = await service.call('points.test', {
      point: draftServing('tier_perks', { '==': [{ var: 'id' }, someone] }),
      individualId: someone,
      asOf: AS_OF,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.response.personalizations[0]!.contentId).toBe('tier_perks');
    const pt = r.data.trace.points[0]!;
    expect(pt.decisionId).toBe('tier_perks');
    expect(pt.decisions.find((d) => d.decisionId === 'tier_perks')!.explain!.value).toBe(true);
    expect(r.data.pointPath).toBe('$.dataSpaces[0].personalizationPoints[3]');
  });

  it('a rule that misses falls through to the fallback, with its why-not', async () => {
    const r = await service.call('points.test', {
      point: draftServing('tier_perks', { '==': [{ var: 'id' }, 'nobody'] }),
      individualId: someone,
      asOf: AS_OF,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.response.personalizations[0]!.contentId).toBe('onboarding_fallback');
    expect(r.data.trace.points[0]!.decisions.find((d) => d.decisionId === 'tier_perks')!.whyNot).toBeDefined();
  });

  it('agrees with decide for the saved point', async () => {
    const viaTest = await service.call('points.test', { point: banner, individualId: someone, asOf: AS_OF });
    const viaDecide = await service.call('decide', {
      individualId: someone,
      points: ['onboarding_banner'],
      asOf: AS_OF,
    });
    expect(viaTest.ok && viaDecide.ok).toBe(true);
    if (!viaTest.ok || !viaDecide.ok) return;
    expect(viaTest.data.response).toEqual(viaDecide.data.response);
  });

  it('an invalid draft is an error value with every problem at its config path, and nothing is saved', async () => {
    const before = await service.call('config.get', {});
    const bad = draftServing('tier_perks', { '==': [{ var: 'favouriteColour' }, 'red'] });
    bad.experiment = {
      key: 'x',
      label: 'X',
      active: true,
      trafficPercent: 100,
      variants: [
        { key: 'a', weight: 60, control: true },
        { key: 'b', weight: 30, decision: 'nope', control: false },
      ],
    };
    const r = await service.call('points.test', { point: bad, individualId: someone, asOf: AS_OF });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('InvalidInput');
    const paths = r.error.problems!.map((p) => p.path);
    expect(paths).toContain(
      '$.dataSpaces[0].personalizationPoints[3].decisions[1].targetingRule.==[0]'.replace('.==', '["=="]'),
    );
    expect(paths.some((p) => p!.startsWith('$.dataSpaces[0].personalizationPoints[3].experiment'))).toBe(true);
    const after = await service.call('config.get', {});
    expect(after.ok && before.ok && after.data.revision === before.data.revision).toBe(true);
  });

  it('a draft with a new apiName is tested as an added point', async () => {
    const d = { ...draftServing('welcome_new_customer', null), apiName: 'banner_copy', label: 'Banner copy' };
    const r = await service.call('points.test', { point: d, individualId: someone, asOf: AS_OF });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.data.pointPath).toBe('$.dataSpaces[0].personalizationPoints[4]');
  });

  it('an unknown individual and an unknown data space are error values', async () => {
    const r1 = await service.call('points.test', { point: banner, individualId: 'ind_nobody', asOf: AS_OF });
    expect(r1.ok === false && r1.error.code).toBe('IndividualNotFound');
    const r2 = await service.call('points.test', { point: banner, individualId: someone, dataSpace: 'elsewhere' });
    expect(r2.ok === false && r2.error.code).toBe('DataSpaceNotFound');
  });
});
