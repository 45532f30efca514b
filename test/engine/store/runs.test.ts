import { describe, expect, it } from 'vitest';
import type { LogEntry, NewRun, OutputEntry, RunCounters, WorkspaceStore } from '../../../engine/store/index.ts';
import { packLogEntry, type PackedLog } from '../../../engine/store/decision-log.ts';
import { packOutputEntry, type PackedOutput } from '../../../engine/store/outputs.ts';
import { newWorkspace } from './workspace-fixture.ts';

const AS_OF_MS = Date.parse('2026-11-28T00:00:00.000Z');

/** A new run's fields, with overrides. */
const newRun = (space: number, over: Partial<NewRun> = {}): NewRun => ({
  spaceId: space,
  campaign: 'Nightly Email Recs',
  asOfMs: AS_OF_MS,
  configRevision: 1,
  segment: 'Active_Shoppers',
  points: ['email_product_recs', 'onboarding_banner'],
  chunkSize: 2,
  workers: 2,
  output: { kind: 'records', table: 'Personalized_Email_Content__c' },
  startedAt: '2026-11-28T01:00:00.000Z',
  pid: 4242,
  host: 'test-host',
  heartbeatMs: 1,
  ...over,
});

/** A log entry factory (decision outcome by default). */
const entry = (individualId: string, point: string, over: Partial<LogEntry> = {}): LogEntry => ({
  individualId,
  point,
  decision: 'd1',
  outcome: 'decision',
  reason: 'TargetingRuleMatched',
  experiment: null,
  variant: null,
  inPool: null,
  control: null,
  itemIds: [],
  credits: 1,
  errorCode: null,
  errorMessage: null,
  requestId: `req_${individualId}`,
  personalizationId: `pz_${individualId}_${point}`,
  ...over,
});

const outputOf = (e: LogEntry): OutputEntry => ({
  individualId: e.individualId,
  point: e.point,
  personalizationId: e.personalizationId,
  contentId: e.decision,
  payload: e.outcome === 'error' ? null : JSON.stringify({ headline: `hi ${e.individualId}` }),
  status: e.outcome === 'error' ? 'error' : e.outcome === 'none' ? 'none' : 'ok',
  errorCode: e.errorCode,
  errorMessage: e.errorMessage,
});

const counters = (over: Partial<RunCounters> = {}): RunCounters => ({
  individuals: 0,
  requests: 0,
  decisions: 0,
  fallbacks: 0,
  nones: 0,
  errors: 0,
  credits: 0,
  errorsByCode: {},
  caps: {},
  ...over,
});

/** Commits chunk `index` of two individuals × two points. */
function commit(
  store: WorkspaceStore,
  runId: number,
  index: number,
  ids: [string, string],
  over: (id: string, point: string) => Partial<LogEntry> = () => ({}),
  output: 'records' | 'stream' = 'records',
) {
  const entries = ids.flatMap((id) =>
    ['email_product_recs', 'onboarding_banner'].map((p) => entry(id, p, over(id, p))),
  );
  const log: PackedLog = [];
  const rows: PackedOutput = [];
  for (const e of entries) {
    packLogEntry(log, e);
    packOutputEntry(rows, outputOf(e));
  }
  store.runs.commitChunk(runId, {
    index,
    firstId: ids[0],
    lastId: ids[1],
    individuals: 2,
    log,
    output:
      output === 'records'
        ? { kind: 'records', table: 'Personalized_Email_Content__c', rows }
        : { kind: 'stream', stream: 'email_events', rows },
    counters: counters({
      individuals: 2 * (index + 1),
      requests: 4 * (index + 1),
      decisions: 4 * (index + 1),
      credits: 4 * (index + 1),
    }),
    wallMs: 100 * (index + 1),
    committedMs: 1000 + index,
  });
}

describe('runs repository', () => {
  it('records a run as running with its plan, and lists runs newest first', () => {
    const { store, space } = newWorkspace();
    const a = store.runs.create(newRun(space));
    const b = store.runs.create(newRun(space, { campaign: 'Weekly Loyalty Email', segment: null }));
    store.runs.setPlan(a, {
      watermarks: { refreshes: { Customer_Profile: { id: 7 } } },
      totalIndividuals: 4,
      estimatedCredits: 8,
      outputBase: 0,
    });
    const run = store.runs.get(a)!;
    expect(run).toMatchObject({
      id: a,
      status: 'running',
      asOf: '2026-11-28T00:00:00.000Z',
      points: ['email_product_recs', 'onboarding_banner'],
      totalIndividuals: 4,
      estimatedCredits: 8,
      chunks: 0,
      attempts: 1,
    });
    expect(run.watermarks).toEqual({ refreshes: { Customer_Profile: { id: 7 } } });
    expect(store.runs.list({ offset: 0, limit: 10 }).rows.map((r) => r.id)).toEqual([b, a]);
    expect(store.runs.list({ campaign: 'Weekly Loyalty Email', offset: 0, limit: 10 })).toMatchObject({
      total: 1,
      rows: [{ id: b, segment: null }],
    });
  });

  it('commits chunks in order: log rows numbered across chunks, records rows, chunk records, counters', () => {
    const { store, space } = newWorkspace();
    const id = store.runs.create(newRun(space));
    commit(store, id, 0, ['ind_1', 'ind_2']);
    commit(store, id, 1, ['ind_3', 'ind_4']);
    const run = store.runs.get(id)!;
    expect(run).toMatchObject({ chunks: 2, outputRows: 8, wallMs: 200, heartbeatMs: 1001 });
    expect(run.counters).toMatchObject({ individuals: 4, requests: 8, credits: 8 });
    expect(store.runs.lastChunk(id)).toEqual({
      index: 1,
      firstId: 'ind_3',
      lastId: 'ind_4',
      individuals: 2,
      logEnd: 8,
      outputEnd: 8,
      committedMs: 1001,
    });
    const log = [...store.runs.iterateDecisions(id)];
    expect(log.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(log.map((r) => `${r.individualId}/${r.point}`)).toEqual([
      'ind_1/email_product_recs',
      'ind_1/onboarding_banner',
      'ind_2/email_product_recs',
      'ind_2/onboarding_banner',
      'ind_3/email_product_recs',
      'ind_3/onboarding_banner',
      'ind_4/email_product_recs',
      'ind_4/onboarding_banner',
    ]);
    expect(log[0]).toMatchObject({
      runId: id,
      decidedAt: '2026-11-28T00:00:00.000Z',
      requestId: 'req_ind_1',
      personalizationId: 'pz_ind_1_email_product_recs',
    });
    const records = store.runs.records('Personalized_Email_Content__c', { runId: id, offset: 0, limit: 100 });
    expect(records.total).toBe(8);
    expect(records.rows[5]).toEqual({
      runId: id,
      seq: 5,
      individualId: 'ind_3',
      point: 'onboarding_banner',
      personalizationId: 'pz_ind_3_onboarding_banner',
      contentId: 'd1',
      payload: { headline: 'hi ind_3' },
      status: 'ok',
      errorCode: null,
      errorMessage: null,
    });
    expect(store.runs.listOutputs()).toEqual([
      { kind: 'records', name: 'Personalized_Email_Content__c', rows: 8, runs: 1, lastRunId: id },
    ]);
  });

  it('refuses a chunk out of order or twice (a bug), leaving nothing of it', () => {
    const { store, space } = newWorkspace();
    const id = store.runs.create(newRun(space));
    expect(() => commit(store, id, 1, ['ind_3', 'ind_4'])).toThrow(/expects chunk 0, got 1/);
    commit(store, id, 0, ['ind_1', 'ind_2']);
    expect(() => commit(store, id, 0, ['ind_1', 'ind_2'])).toThrow(/expects chunk 1, got 0/);
    expect(store.runs.countDecisions(id)).toBe(4);
    expect(store.runs.records('Personalized_Email_Content__c', { runId: id, offset: 0, limit: 100 }).total).toBe(4);
  });

  it('numbers event-stream rows gaplessly across runs', () => {
    const { store, space } = newWorkspace();
    const a = store.runs.create(newRun(space, { output: { kind: 'stream', stream: 'email_events' } }));
    commit(store, a, 0, ['ind_1', 'ind_2'], undefined, 'stream');
    const b = store.runs.create(newRun(space, { output: { kind: 'stream', stream: 'email_events' } }));
    commit(store, b, 0, ['ind_1', 'ind_2'], undefined, 'stream');
    const page = store.runs.events('email_events', { offset: 0, limit: 100 });
    expect(page.rows.map((r) => [r.runId, r.seq])).toEqual([
      [a, 1],
      [a, 2],
      [a, 3],
      [a, 4],
      [b, 5],
      [b, 6],
      [b, 7],
      [b, 8],
    ]);
    expect(store.runs.events('email_events', { runId: b, offset: 0, limit: 2 }).rows.map((r) => r.seq)).toEqual([5, 6]);
    expect([...store.runs.iterateOutput('stream', 'email_events', b)].map((r) => r.seq)).toEqual([5, 6, 7, 8]);
  });

  it('pages the decision log with filters, and tells the distribution per point', () => {
    const { store, space } = newWorkspace();
    const id = store.runs.create(newRun(space));
    const fault = (who: string, point: string): Partial<LogEntry> =>
      who === 'ind_2' && point === 'email_product_recs'
        ? {
            outcome: 'error',
            reason: 'Fault',
            decision: null,
            credits: 0,
            errorCode: 'ModelValidation',
            errorMessage: 'untrained',
            personalizationId: null,
          }
        : point === 'onboarding_banner' && who !== 'ind_1'
          ? { outcome: 'fallback', reason: 'Fallback', decision: 'fb' }
          : { itemIds: ['prod_1', 'prod_2'] };
    commit(store, id, 0, ['ind_1', 'ind_2'], fault);
    commit(store, id, 1, ['ind_3', 'ind_10'], fault);
    expect(store.runs.decisions(id, { outcome: 'error', offset: 0, limit: 10 })).toMatchObject({
      total: 1,
      rows: [{ individualId: 'ind_2', errorCode: 'ModelValidation', itemIds: [] }],
    });
    expect(store.runs.decisions(id, { point: 'onboarding_banner', decision: 'fb', offset: 0, limit: 10 }).total).toBe(
      3,
    );
    expect(
      store.runs.decisions(id, { individual: 'd_1', offset: 0, limit: 10 }).rows.map((r) => r.individualId),
    ).toEqual(['ind_1', 'ind_1', 'ind_10', 'ind_10']);
    expect(store.runs.decisions(id, { individual: '%', offset: 0, limit: 10 }).total).toBe(0);
    expect(store.runs.decisions(id, { offset: 6, limit: 10 }).rows.map((r) => r.seq)).toEqual([6, 7]);
    expect(store.runs.decisionsOf(id, 'ind_1').map((r) => r.itemIds)).toEqual([
      ['prod_1', 'prod_2'],
      ['prod_1', 'prod_2'],
    ]);
    expect(store.runs.distribution(id)).toEqual([
      {
        point: 'email_product_recs',
        requests: 4,
        credits: 3,
        outcomes: { decision: 3, fallback: 0, none: 0, error: 1 },
        decisions: [{ decision: 'd1', outcome: 'decision', count: 3 }],
        errorsByCode: { ModelValidation: 1 },
      },
      {
        point: 'onboarding_banner',
        requests: 4,
        credits: 4,
        outcomes: { decision: 1, fallback: 3, none: 0, error: 0 },
        decisions: [
          { decision: 'd1', outcome: 'decision', count: 1 },
          { decision: 'fb', outcome: 'fallback', count: 3 },
        ],
        errorsByCode: {},
      },
    ]);
    expect(store.runs.outcomes(id)).toEqual({ decision: 4, fallback: 3, none: 0, error: 1 });
  });

  it('keeps an explicit individual list sorted and de-duplicated, paged by id', () => {
    const { store, space } = newWorkspace();
    const id = store.runs.create(newRun(space, { segment: null }));
    expect(store.runs.setIndividuals(id, ['ind_3', 'ind_1', 'ind_3', 'ind_2'])).toBe(3);
    expect(store.runs.countIndividuals(id)).toBe(3);
    expect(store.runs.individualIds(id, { limit: 2 })).toEqual(['ind_1', 'ind_2']);
    expect(store.runs.individualIds(id, { afterId: 'ind_2', limit: 2 })).toEqual(['ind_3']);
  });

  it('ends attempts and starts new ones', () => {
    const { store, space } = newWorkspace();
    const id = store.runs.create(newRun(space));
    store.runs.finish(id, {
      status: 'failed',
      endedAt: '2026-11-28T02:00:00.000Z',
      wallMs: 50,
      fault: { code: 'Internal', message: 'boom' },
    });
    expect(store.runs.get(id)).toMatchObject({
      status: 'failed',
      endedAt: '2026-11-28T02:00:00.000Z',
      fault: { code: 'Internal', message: 'boom' },
      heartbeatMs: null,
    });
    store.runs.beginAttempt(id, { pid: 99, host: 'h2', heartbeatMs: 5, workers: 1 });
    expect(store.runs.get(id)).toMatchObject({
      status: 'running',
      attempts: 2,
      pid: 99,
      host: 'h2',
      workers: 1,
      fault: null,
      endedAt: null,
    });
  });

  it('stores the campaign job status per data space and campaign', () => {
    const { store, space } = newWorkspace();
    expect(store.runs.campaignState(space, 'Nightly Email Recs')).toBeUndefined();
    store.runs.setCampaignState(space, {
      campaign: 'Nightly Email Recs',
      status: 'Error',
      statusReason: 'run 1 failed',
      lastRunId: 1,
      lastSuccessfulRunId: null,
      updatedAt: 't1',
    });
    store.runs.setCampaignState(space, {
      campaign: 'Nightly Email Recs',
      status: 'Active',
      statusReason: '',
      lastRunId: 2,
      lastSuccessfulRunId: 2,
      updatedAt: 't2',
    });
    expect(store.runs.campaignState(space, 'Nightly Email Recs')).toEqual({
      campaign: 'Nightly Email Recs',
      status: 'Active',
      statusReason: '',
      lastRunId: 2,
      lastSuccessfulRunId: 2,
      updatedAt: 't2',
    });
  });

  it('deletes a finished run with its log, outputs and chunk records, and refuses a running one', () => {
    const { store, space } = newWorkspace();
    const a = store.runs.create(newRun(space));
    commit(store, a, 0, ['ind_1', 'ind_2']);
    const b = store.runs.create(newRun(space));
    commit(store, b, 0, ['ind_1', 'ind_2']);
    expect(() => store.runs.delete(a)).toThrow(/run 1 is running/);
    store.runs.finish(a, { status: 'succeeded', endedAt: 't', wallMs: 1 });
    store.runs.setCampaignState(space, {
      campaign: 'Nightly Email Recs',
      status: 'Active',
      statusReason: '',
      lastRunId: a,
      lastSuccessfulRunId: a,
      updatedAt: 't',
    });
    expect(store.runs.delete(a)).toBe(4);
    expect(store.runs.get(a)).toBeUndefined();
    expect(store.runs.lastChunk(a)).toBeUndefined();
    expect(store.runs.countDecisions(a)).toBe(0);
    expect(
      store.runs.records('Personalized_Email_Content__c', { offset: 0, limit: 100 }).rows.map((r) => r.runId),
    ).toEqual([b, b, b, b]);
    expect(store.runs.campaignState(space, 'Nightly Email Recs')).toMatchObject({
      lastRunId: null,
      lastSuccessfulRunId: null,
    });
    expect(store.runs.delete(a)).toBe(0);
  });
});
