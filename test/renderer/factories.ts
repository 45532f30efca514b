// Factories for renderer tests: typed service answers built from the real sample config and the
// real decision pipeline (in memory), so the screens are tested on the shapes the service returns.
import {
  WorkspaceConfig,
  type DecisionTrace,
  type Individual,
  type Item,
  type ProfileDocument,
} from '../../engine/model/index.ts';
import { retailSampleConfig } from '../../engine/sample/config.ts';
import { compileSpace } from '../../engine/pipeline/compile-space.ts';
import { decide } from '../../engine/pipeline/decide.ts';
import {
  jobEvent,
  type JobEvent,
  type JobInfo,
  type JobInfoOf,
  type JobKind,
  type JobProgressOf,
  type JobResultOf,
  type JobState,
} from '../../engine/service/jobs.ts';
import type { OutputOf } from '../../renderer/src/api/client.ts';
import {
  createMockClient,
  type MockClient,
  type MockClientOptions,
  type MockHandlers,
} from '../../renderer/src/api/mock-client.ts';

export const SAMPLE_END = '2026-11-29T00:00:00.000Z';
export const AS_OF = '2026-11-28T12:00:00.000Z';
export const REFRESHED_AT = '2026-11-28T12:00:00.000Z';

/** The retail sample's configuration, defaults applied (what config.get returns). */
export function sampleConfig(): WorkspaceConfig {
  return WorkspaceConfig.parse(retailSampleConfig({ individuals: 2000 }));
}

/** The workspace clock at the sample's end (what clock.get returns on a fresh sample). */
export function workspaceClock(over: Partial<OutputOf<'clock.get'>> = {}): OutputOf<'clock.get'> {
  return { time: SAMPLE_END, timeMs: Date.parse(SAMPLE_END), source: 'data', endOfData: SAMPLE_END, ...over };
}

export function workspaceInfo(over: Partial<OutputOf<'workspace.info'>> = {}): OutputOf<'workspace.info'> {
  return {
    file: '/tmp/workspaces/sample.sqlite',
    createdAt: '2026-11-29T00:00:00.000Z',
    configRevision: 1,
    dataSpaces: [
      {
        apiName: 'default',
        label: 'Default',
        individuals: 12_345,
        items: 2_000,
        events: 58_637,
        eventsFrom: '2026-06-02T00:05:58.000Z',
        eventsTo: '2026-11-28T22:50:24.000Z',
      },
    ],
    sample: { kind: 'retail', seed: 1, exampleIndividualIds: ['ind_000018', 'ind_000019'] },
    ...over,
  };
}

export const individual = (n: number): Individual => ({
  id: `ind_${String(n).padStart(6, '0')}`,
  attributes: {
    firstName: `First${n}`,
    lastName: `Last${n}`,
    email: `person${n}@example.com`,
    loyaltyTier: n % 3 === 0 ? 'Gold' : 'None',
    country: 'US',
  },
});

export const item = (n: number, over: Partial<Item> = {}): Item => ({
  id: `prod_${String(n).padStart(5, '0')}`,
  name: `Product ${n}`,
  category: n % 2 === 0 ? 'Shoes' : 'Outerwear',
  price: 10 + n,
  imageUrl: `https://images.example.com/products/prod_${n}.jpg`,
  url: `/products/product-${n}`,
  brand: 'Acme',
  inStock: n % 5 !== 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  attributes: {},
  ...over,
});

/** A profile document of the sample's Customer_Profile graph. */
export function profileDoc(id = 'ind_000018', over: Partial<ProfileDocument['data']> = {}): ProfileDocument {
  return {
    individualId: id,
    refreshedAt: REFRESHED_AT,
    data: {
      id,
      firstName: 'Thomas',
      lastName: 'Lopez',
      loyaltyTier: 'Platinum',
      country: 'US',
      createdAt: '2026-06-27T04:46:39.000Z',
      engagement: {
        browse: [
          {
            itemId: 'prod_00003',
            type: 'browse',
            timestamp: '2026-11-20T10:00:00.000Z',
            quantity: 1,
            price: 13,
            category: 'Outerwear',
          },
        ],
        cart: [
          {
            itemId: 'prod_00008',
            type: 'cart',
            timestamp: '2026-11-27T10:00:00.000Z',
            quantity: 2,
            price: 18,
            category: 'Shoes',
          },
        ],
        order: [
          {
            itemId: 'prod_00011',
            type: 'order',
            timestamp: '2026-09-01T10:00:00.000Z',
            quantity: 1,
            price: 21,
            category: 'Outerwear',
          },
        ],
      },
      segments: ['Active_Shoppers', 'Loyalty_Members'],
      ci: { lifetime_value: 1250.5 },
      ...over,
    },
  };
}

/**
 * A real decision trace: the sample's points decided by the engine over in-memory data. Every
 * calculated insight ranks the same 12 items (item 5 and 10 are out of stock), so whichever strategy
 * a sample recommender uses, the trace has scored candidates and exclusion reasons.
 */
export function realTrace(
  points: string[] = ['onboarding_banner', 'home_page_recs'],
  doc: ProfileDocument = profileDoc(),
): DecisionTrace {
  const space = sampleConfig().dataSpaces[0]!;
  const catalog = new Map(Array.from({ length: 12 }, (_, i) => item(i + 1)).map((x) => [x.id, x]));
  const ranked = [...catalog.keys()].map((key, i) => ({ key, value: 100 - i }));
  const subjectOf = (name: string) => space.calculatedInsights.find((c) => c.apiName === name)?.subject ?? 'item';
  const rows = (name: string) => ({
    insight: name,
    subject: subjectOf(name),
    source: `calculated insight ${name}`,
    refreshedAt: REFRESHED_AT,
    refreshKind: 'scheduled' as const,
    rows:
      subjectOf(name) === 'individual_category'
        ? [
            { key: 'Shoes', value: 3 },
            { key: 'Outerwear', value: 1 },
          ]
        : ranked,
  });
  let t = 0;
  const r = decide(
    { individualId: doc.individualId, personalizationPoints: points, dataSpace: 'default', context: {}, asOf: AS_OF },
    {
      dataSpace: 'default',
      space: compileSpace(space),
      profiles: { getProfile: (id) => (id === doc.individualId ? doc : undefined) },
      catalog: { getItem: (id) => catalog.get(id), size: catalog.size },
      strategies: {
        topSellers: () => ({
          source: 'top sellers: units ordered in the 30 days before the refresh',
          refreshedAt: REFRESHED_AT,
          items: ranked.map((r) => ({ itemId: r.key, score: r.value })),
        }),
        itemInsight: (name) => rows(name),
        insightRowsFor: (name) => rows(name),
        catalogItems: () => [...catalog.values()],
      },
      clock: () => (t += 0.75),
    },
    { trace: true },
  );
  if (!r.ok || !r.trace) throw new Error(`factory: decide failed: ${r.ok ? 'no trace' : r.error.message}`);
  return r.trace;
}

export function runSummary(over: Partial<OutputOf<'runs.get'>> = {}): OutputOf<'runs.get'> {
  return {
    runId: 7,
    campaign: 'Nightly Email Recs',
    dataSpace: 'default',
    status: 'succeeded',
    asOf: AS_OF,
    configRevision: 1,
    segment: 'Active_Shoppers',
    points: ['email_product_recs', 'onboarding_banner'],
    chunkSize: 200,
    workers: 2,
    individuals: 10_000,
    totalIndividuals: 10_000,
    chunks: 50,
    requests: 20_000,
    decisions: 17_000,
    fallbacks: 2_500,
    none: 0,
    errors: 500,
    errorsByCode: [
      { code: 'ModelValidation', count: 400 },
      { code: 'IndividualNotFound', count: 100 },
    ],
    credits: { estimated: 20_000, actual: 19_500, erroredRequests: 500 },
    caps: [],
    watermarks: {
      refreshes: {
        Customer_Profile: {
          id: 3,
          refreshedAt: REFRESHED_AT,
          refreshedAtMs: Date.parse(REFRESHED_AT),
          individuals: 12_345,
        },
      },
      insightsRefreshedAt: { lifetime_value: '2026-11-28T11:00:00.000Z' },
      modelsTrainedAt: { email_model: null },
      stale: ['profile data as of the data-graph refresh'],
    },
    output: { kind: 'records', table: 'Personalized_Email_Content__c', rows: 19_500 },
    wallMs: 4_200,
    decisionsPerSecond: 4_761.9,
    attempts: 1,
    startedAt: AS_OF,
    endedAt: AS_OF,
    ...over,
  };
}

export function distribution(runId = 7): OutputOf<'runs.distribution'> {
  return {
    runId,
    points: [
      {
        point: 'email_product_recs',
        requests: 10_000,
        credits: 9_600,
        outcomes: { decision: 9_600, fallback: 0, none: 0, error: 400 },
        decisions: [{ decision: 'email_top_sellers', outcome: 'decision', count: 9_600 }],
        errorsByCode: { ModelValidation: 400 },
      },
      {
        point: 'onboarding_banner',
        requests: 10_000,
        credits: 9_900,
        outcomes: { decision: 7_400, fallback: 2_500, none: 0, error: 100 },
        decisions: [
          { decision: 'tier_perks', outcome: 'decision', count: 4_400 },
          { decision: 'free_shipping', outcome: 'decision', count: 3_000 },
          { decision: 'onboarding_fallback', outcome: 'fallback', count: 2_500 },
        ],
        errorsByCode: { IndividualNotFound: 100 },
      },
    ],
    outcomes: { decision: 17_000, fallback: 2_500, none: 0, error: 500 },
    errorsByCode: { ModelValidation: 400, IndividualNotFound: 100 },
  };
}

type LogRow = OutputOf<'runs.decisions'>['rows'][number];
/** Decision log row number `seq` of a run (outcomes cycle so every kind appears). */
export function logRow(seq: number, runId = 7): LogRow {
  const outcome = (['decision', 'decision', 'fallback', 'error'] as const)[seq % 4]!;
  return {
    runId,
    seq,
    decidedAt: AS_OF,
    individualId: `ind_${String(Math.floor(seq / 2)).padStart(6, '0')}`,
    point: seq % 2 === 0 ? 'email_product_recs' : 'onboarding_banner',
    decision: outcome === 'error' ? null : outcome === 'fallback' ? 'onboarding_fallback' : 'tier_perks',
    outcome,
    reason: outcome === 'error' ? 'Fault' : 'TargetingRuleMatched',
    experiment: null,
    variant: null,
    inPool: null,
    control: null,
    itemIds: outcome === 'decision' ? ['prod_00001', 'prod_00002'] : [],
    credits: outcome === 'error' ? 0 : 1,
    errorCode: outcome === 'error' ? 'ModelValidation' : null,
    errorMessage: outcome === 'error' ? 'recommender email_model has never been trained' : null,
    requestId: `req_${seq}`,
    personalizationId: outcome === 'error' ? null : `pz_${seq}`,
  };
}

export function campaignListing(name = 'Nightly Email Recs'): OutputOf<'campaigns.list'>[number] {
  const campaign = sampleConfig().dataSpaces[0]!.campaigns.find((c) => c.name === name)!;
  return {
    campaign,
    status: 'Active',
    statusReason: '',
    lastRun: runSummary(),
    lastSuccessfulRun: runSummary(),
    nextScheduledAt: '2026-11-30T01:00:00.000Z',
  };
}

/** A data-graph refresh record (RefreshInfo). */
export function refreshInfo(
  over: Partial<OutputOf<'refreshes.list'>[number]> = {},
): OutputOf<'refreshes.list'>[number] {
  return {
    id: 3,
    spaceId: 1,
    dataSpace: 'default',
    graph: 'Customer_Profile',
    refreshedAt: REFRESHED_AT,
    refreshedAtMs: Date.parse(REFRESHED_AT),
    individuals: 12_345,
    segmentCounts: { Active_Shoppers: 7_000, Loyalty_Members: 4_000 },
    insightsRefreshedAt: { lifetime_value: '2026-11-28T11:00:00.000Z' },
    definitionHash: 'h',
    dataStamp: 's',
    configRevision: 1,
    bytes: 1_000_000,
    builtAt: REFRESHED_AT,
    durationMs: 900,
    current: true,
    ...over,
  };
}

export function refreshListing(): OutputOf<'refreshes.list'> {
  return [refreshInfo()];
}

export function segmentsList(): OutputOf<'segments.list'> {
  const base = {
    profileDataGraph: 'Customer_Profile',
    individuals: 12_345,
    refreshId: 3,
    refreshedAt: REFRESHED_AT,
    description: '',
  };
  return {
    asOf: AS_OF,
    segments: [
      { apiName: 'Active_Shoppers', label: 'Active Shoppers', members: 7_000, ...base },
      { apiName: 'Loyalty_Members', label: 'Loyalty Members', members: 4_000, ...base },
    ],
    refreshes: [],
  };
}

/** Handlers for the calls every screen makes at start; tests add or replace the ones they exercise. */
export function baseHandlers(): MockHandlers {
  const config = sampleConfig();
  return {
    'workspace.info': () => workspaceInfo(),
    'clock.get': () => workspaceClock(),
    'config.get': () => ({ revision: 1, savedAt: SAMPLE_END, config }),
    'refreshes.list': () => refreshListing(),
    'models.status': () => ({ asOf: AS_OF, recommenders: [] }),
    'insights.list': () => ({
      insights: config.dataSpaces[0]!.calculatedInsights.map((ci, i) => ({
        apiName: ci.apiName,
        label: ci.label,
        description: ci.description,
        subject: ci.subject,
        columns: [],
        sql: ci.sql,
        schedule: ci.schedule,
        scheduleText:
          ci.schedule.kind === 'hourly' ? `every ${ci.schedule.everyHours} hours` : 'No Schedule (manual refresh)',
        refreshes:
          i === 0
            ? [
                {
                  id: 1,
                  refreshedAt: '2026-11-28T06:00:00.000Z',
                  kind: 'scheduled' as const,
                  rows: 300,
                  durationMs: 12,
                  createdAt: AS_OF,
                  current: true,
                },
              ]
            : [],
        refreshCount: i === 0 ? 1 : 0,
      })),
    }),
    'segments.list': () => segmentsList(),
    'campaigns.list': () => [campaignListing(), campaignListing('Weekly Loyalty Email')],
    'runs.list': () => ({ total: 1, rows: [runSummary()] }),
  };
}

/** A mock client with the base handlers plus overrides. */
export function mockClient(over: MockHandlers = {}, opts: MockClientOptions = {}): MockClient {
  return createMockClient({ ...baseHandlers(), ...over }, opts);
}

/** A job of a kind as the service reports it: running unless an ended state is given. */
export function jobOf<K extends JobKind>(
  kind: K,
  progress: JobProgressOf<K>,
  state: JobState<JobResultOf<K>> = { status: 'running' },
  id = 'job_1',
): JobInfoOf<K> {
  const endedAt = state.status === 'running' ? null : AS_OF;
  return { id, kind, label: `${kind} ${id}`, startedAt: AS_OF, endedAt, progress, ...state };
}

/** The server-sent events of a job. */
export const progressEvent = (job: JobInfo): JobEvent => jobEvent('progress', job);
export const endedEvent = (job: JobInfo): JobEvent => jobEvent('ended', job);

/** What a data-graph refresh job ends with. */
export const refreshOutcome = (): JobResultOf<'refresh'> => ({
  refresh: refreshInfo(),
  reused: false,
  freshness: { asOf: AS_OF, watermarks: [], stale: [] },
});

/** What an import job ends with. */
export const importReport = (over: Partial<JobResultOf<'import'>> = {}): JobResultOf<'import'> => ({
  kind: 'profiles',
  file: 'people.csv',
  format: 'csv',
  rowsRead: 250_000,
  inserted: 249_000,
  updated: 1_000,
  inferredFields: [],
  addedFields: [],
  configRevision: null,
  ...over,
});
