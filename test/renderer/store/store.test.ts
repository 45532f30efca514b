// @vitest-environment jsdom
import '../dom-setup.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetWorkbenchStore, useWorkbench } from '../../../renderer/src/store/store.ts';
import { PROGRESS_FLUSH_MS } from '../../../renderer/src/store/session-slice.ts';
import { hashToRoute, routeToHash } from '../../../renderer/src/store/navigation-slice.ts';
import { decisionsInOrder, placeDraft, relativeToPoint } from '../../../renderer/src/store/draft-placement.ts';
import { selectWeightSum } from '../../../renderer/src/store/selectors.ts';
import { endedEvent, jobOf, mockClient, progressEvent, runSummary, sampleConfig } from '../factories.ts';

async function connected(over: Parameters<typeof mockClient>[0] = {}) {
  const client = mockClient(over);
  useWorkbench.getState().connect(client);
  await useWorkbench.getState().loadWorkspace();
  return client;
}

describe('the store', () => {
  it('resets to its initial state and drops its subscription', async () => {
    const initial = useWorkbench.getState();
    const client = await connected();
    useWorkbench.getState().navigate('runs', { run: '3' });
    useWorkbench.getState().openPoint('onboarding_banner');
    expect(useWorkbench.getState().draft).not.toBeNull();
    expect(client.subscriberCount).toBe(1);
    resetWorkbenchStore();
    const s = useWorkbench.getState();
    expect(s.route).toEqual({ screen: 'workspace', params: {} });
    expect(s.draft).toBeNull();
    expect(s.info).toBeNull();
    expect(s.client).toBeNull();
    expect(s).toEqual(initial);
    expect(client.subscriberCount).toBe(0);
  });

  it('starts each test from the initial state (the previous test changed it)', () => {
    expect(useWorkbench.getState().info).toBeNull();
    expect(useWorkbench.getState().route.screen).toBe('workspace');
  });

  it('answers a fault, not a throw, when no client is connected', async () => {
    const r = await useWorkbench.getState().call('workspace.info', {});
    expect(r.ok).toBe(false);
  });
});

describe('session slice: job events', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('batches progress events and shows an ended job at once', async () => {
    const client = mockClient();
    useWorkbench.getState().connect(client);
    for (let i = 1; i <= 50; i++) client.emit(progressEvent(jobOf('run', { done: i, total: 100 })));
    // Fifty events, no render yet: progress reaches the screens at most every PROGRESS_FLUSH_MS.
    expect(useWorkbench.getState().jobs.job_1).toBeUndefined();
    vi.advanceTimersByTime(PROGRESS_FLUSH_MS);
    expect(useWorkbench.getState().jobs.job_1?.progress.done).toBe(50);
    client.emit(progressEvent(jobOf('run', { done: 60, total: 100 })));
    const counters = { runId: 1, requests: 100, decisions: 100, errors: 0, credits: 100 };
    client.emit(
      endedEvent(
        jobOf('run', { done: 100, total: 100, counters }, { status: 'succeeded', result: runSummary({ runId: 1 }) }),
      ),
    );
    expect(useWorkbench.getState().jobs.job_1?.status).toBe('succeeded');
  });

  it('reloads campaigns and runs when a run ends', async () => {
    const client = mockClient();
    useWorkbench.getState().connect(client);
    client.emit(
      endedEvent(
        jobOf(
          'run',
          { done: 0, total: 100 },
          { status: 'cancelled', error: { code: 'Cancelled', message: 'cancelled' } },
        ),
      ),
    );
    expect(client.callsOf('campaigns.list')).toHaveLength(1);
    expect(client.callsOf('runs.list')).toHaveLength(1);
  });

  it('follows the connection state of the event stream', () => {
    const client = mockClient();
    useWorkbench.getState().connect(client);
    client.emitState('open');
    expect(useWorkbench.getState().streamState).toBe('open');
    client.emitState('closed');
    expect(useWorkbench.getState().streamState).toBe('closed');
  });
});

describe('navigation', () => {
  it.each([
    [{ screen: 'workspace', params: {} }, '#/workspace'],
    [{ screen: 'points', params: { point: 'onboarding_banner' } }, '#/points?point=onboarding_banner'],
    [{ screen: 'trace', params: { run: '7', individual: 'ind_000001' } }, '#/trace?run=7&individual=ind_000001'],
  ] as const)('keeps %j in the hash %s', (route, hash) => {
    expect(routeToHash({ screen: route.screen, params: { ...route.params } })).toBe(hash);
    expect(hashToRoute(hash)).toEqual(route);
  });

  it('falls back to the workspace for an unknown screen', () => {
    expect(hashToRoute('#/nowhere?x=1').screen).toBe('workspace');
  });
});

describe('points slice', () => {
  it('opens a point with its decisions in priority order', async () => {
    const config = sampleConfig();
    const banner = config.dataSpaces[0]!.personalizationPoints.find((p) => p.apiName === 'onboarding_banner')!;
    // Stored out of order: the editor shows (and keeps) priority order.
    banner.decisions.reverse();
    await connected({ 'config.get': () => ({ revision: 4, savedAt: '', config }) });
    useWorkbench.getState().openPoint('onboarding_banner');
    expect(useWorkbench.getState().draft!.decisions.map((d) => d.id)).toEqual([
      'welcome_new_customer',
      'tier_perks',
      'free_shipping',
    ]);
    expect(useWorkbench.getState().dirty).toBe(false);
  });

  it('reorders decisions and renumbers their priorities', async () => {
    await connected({ 'config.validate': () => ({ valid: true, errors: [], warnings: [] }) });
    useWorkbench.getState().openPoint('onboarding_banner');
    useWorkbench.getState().moveDecision(2, -1);
    const d = useWorkbench.getState().draft!;
    expect(d.decisions.map((x) => [x.id, x.priority])).toEqual([
      ['welcome_new_customer', 0],
      ['free_shipping', 1],
      ['tier_perks', 2],
    ]);
    expect(decisionsInOrder(d).map((x) => x.id)).toEqual(['welcome_new_customer', 'free_shipping', 'tier_perks']);
    expect(useWorkbench.getState().dirty).toBe(true);
    // Moving past either end changes nothing.
    useWorkbench.getState().moveDecision(0, -1);
    expect(useWorkbench.getState().draft!.decisions[0]!.id).toBe('welcome_new_customer');
  });

  it('the experiment weights sum is derived in a selector', async () => {
    await connected();
    useWorkbench.getState().openPoint('onboarding_banner');
    expect(selectWeightSum(useWorkbench.getState())).toBe(100);
    useWorkbench.getState().updateDraft((d) => void (d.experiment!.variants[0]!.weight = 30));
    expect(selectWeightSum(useWorkbench.getState())).toBe(80);
  });

  it('does not save an invalid draft: config.validate problems are kept, config.save is not called', async () => {
    const problem = {
      path: '$.dataSpaces[0].personalizationPoints[3].decisions[1].targetingRule',
      message: 'unknown field "tierr"',
    };
    const client = await connected({
      'config.validate': () => ({ valid: false, errors: [problem], warnings: [] }),
      'config.save': () => ({ revision: 2, warnings: [] }),
    });
    useWorkbench.getState().openPoint('onboarding_banner');
    useWorkbench
      .getState()
      .updateDraft((d) => void (d.decisions[1]!.targetingRule = { '==': [{ var: 'tierr' }, 'Gold'] }));
    expect(await useWorkbench.getState().saveDraft()).toBe(false);
    const s = useWorkbench.getState();
    expect(s.saveState).toBe('invalid');
    expect(s.problems).toEqual([problem]);
    expect(s.pointPath).toBe('$.dataSpaces[0].personalizationPoints[3]');
    expect(client.callsOf('config.save')).toHaveLength(0);
    expect(s.dirty).toBe(true);
  });

  it('saves a valid draft in place of the saved point, then reloads the config', async () => {
    const client = await connected({
      'config.validate': () => ({ valid: true, errors: [], warnings: [] }),
      'config.save': () => ({ revision: 2, warnings: [] }),
    });
    useWorkbench.getState().openPoint('onboarding_banner');
    useWorkbench.getState().updateDraft((d) => void (d.label = 'Onboarding Banner v2'));
    expect(await useWorkbench.getState().saveDraft()).toBe(true);
    const saved = client.callsOf('config.save')[0]!.config as ReturnType<typeof sampleConfig>;
    const points = saved.dataSpaces[0]!.personalizationPoints;
    expect(points).toHaveLength(4);
    expect(points[3]!.label).toBe('Onboarding Banner v2');
    expect(useWorkbench.getState().saveState).toBe('saved');
    expect(useWorkbench.getState().dirty).toBe(false);
    expect(client.callsOf('config.get').length).toBeGreaterThanOrEqual(2);
  });

  it('tests the draft (not the saved point) against an individual', async () => {
    const client = await connected({
      'points.test': () => ({ ok: false, error: { code: 'IndividualNotFound', message: 'no such individual' } }),
    });
    useWorkbench.getState().openPoint('onboarding_banner');
    useWorkbench.getState().updateDraft((d) => void (d.decisions[0]!.active = false));
    useWorkbench.getState().setTestIndividual(' ind_000042 ');
    useWorkbench.getState().setTestAsOf('2026-11-28T12:00:00.000Z');
    await useWorkbench.getState().runTest();
    const input = client.callsOf('points.test')[0]!;
    expect(input).toMatchObject({
      individualId: 'ind_000042',
      replaces: 'onboarding_banner',
      asOf: '2026-11-28T12:00:00.000Z',
    });
    expect((input.point as { decisions: { active: boolean }[] }).decisions[0]!.active).toBe(false);
    expect(useWorkbench.getState().testResult?.ok).toBe(false);
  });
});

describe('draft placement', () => {
  it('places a draft at its saved position, or appends a new one', () => {
    const config = sampleConfig();
    const draft = structuredClone(config.dataSpaces[0]!.personalizationPoints[1]!);
    expect(placeDraft(config, 'default', draft, 'email_product_recs')!.pointPath).toBe(
      '$.dataSpaces[0].personalizationPoints[1]',
    );
    const added = placeDraft(config, 'default', { ...draft, apiName: 'fresh' }, null)!;
    expect(added.pointPath).toBe('$.dataSpaces[0].personalizationPoints[4]');
    expect(added.config.dataSpaces[0]!.personalizationPoints).toHaveLength(5);
    expect(config.dataSpaces[0]!.personalizationPoints).toHaveLength(4);
    expect(placeDraft(config, 'nowhere', draft, null)).toBeUndefined();
  });

  it.each([
    ['$.dataSpaces[0].personalizationPoints[3].decisions[1].targetingRule', '$.decisions[1].targetingRule'],
    ['$.dataSpaces[0].personalizationPoints[3]', '$'],
    ['$.dataSpaces[0].personalizationPoints[3].experiment.variants', '$.experiment.variants'],
    ['$.dataSpaces[0].personalizationPoints[31].label', undefined],
    ['$.dataSpaces[0].campaigns[0].points[0]', undefined],
  ])('maps %s onto the editor as %s', (path, rel) => {
    expect(relativeToPoint(path, '$.dataSpaces[0].personalizationPoints[3]')).toBe(rel);
  });
});
