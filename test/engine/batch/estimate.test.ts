import { describe, expect, it } from 'vitest';
import { estimateCampaign, estimateCampaignRun, findCampaign } from '../../../engine/batch/estimate.ts';
import {
  calendarPeriod,
  cronOf,
  grownSize,
  localText,
  nextScheduled,
  parseGrowth,
  parsePeriod,
  periodEnd,
  scheduledRuns,
  type Period,
} from '../../../engine/batch/estimate-schedule.ts';
import { ensureDataGraphRefresh } from '../../../engine/batch/refresh.ts';
import { countSegmentAt } from '../../../engine/batch/segments.ts';
import { DAY_MS, parseIsoTime } from '../../../engine/model/time.ts';
import { SAMPLE_END, sampleWorkspace } from './refresh-fixture.ts';

const END_MS = parseIsoTime(SAMPLE_END)!;
/** The parts of a campaign (as written in config) the tests change. */
interface CampaignInputLike {
  points: string[];
  creditBudget?: { credits: number; period: 'run' | 'day' | 'week' | 'month' | 'year' };
  status?: 'Active' | 'Paused';
  schedule: { cron: string; timezone?: string };
}
const iso = (ms: number) => new Date(ms).toISOString();
const must = <T>(r: { ok: true; data: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
};
const period = (text: string): Period => must(parsePeriod(text));
const runsOf = (cron: string, tz: string, from: string, to: string) =>
  must(scheduledRuns(must(cronOf(cron, tz)), Date.parse(from), Date.parse(to))).map(iso);

describe('estimate options', () => {
  it.each([
    ['7d', { amount: 7, unit: 'd' }],
    ['30d', { amount: 30, unit: 'd' }],
    ['12w', { amount: 12, unit: 'w' }],
    ['6m', { amount: 6, unit: 'm' }],
    ['1y', { amount: 1, unit: 'y' }],
    [' 2D ', { amount: 2, unit: 'd' }],
  ])('accepts the period %j', (text, expected) => {
    expect(parsePeriod(text)).toMatchObject({ ok: true, data: expected });
  });

  it.each(['', '30', 'd', '0d', '-1d', '1.5d', '3x', '30 days', '6y', '300m'])(
    'refuses the period %j, naming --period',
    (text) => {
      const r = parsePeriod(text);
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'InvalidInput', field: 'period', message: expect.stringContaining(`--period "${text}"`) },
      });
    },
  );

  it.each([
    ['2', 2],
    ['-1.5', -1.5],
    ['2%', 2],
    ['0', 0],
    ['+.5', 0.5],
  ])('accepts the growth %j', (text, value) => {
    expect(parseGrowth(text)).toEqual({ ok: true, data: value });
  });

  it.each(['abc', '', '2 %x', '-100', '-250', '1001', 'NaN', '1e3x'])(
    'refuses the growth %j, naming --growth',
    (text) => {
      expect(parseGrowth(text)).toMatchObject({
        ok: false,
        error: { code: 'InvalidInput', field: 'growth', message: expect.stringContaining('--growth') },
      });
    },
  );

  it('ends calendar periods on the same day, clamped to the end of a shorter month', () => {
    expect(iso(periodEnd(Date.parse('2026-01-31T10:00:00Z'), period('1m')))).toBe('2026-02-28T10:00:00.000Z');
    expect(iso(periodEnd(Date.parse('2028-02-29T00:00:00Z'), period('1y')))).toBe('2029-02-28T00:00:00.000Z');
    expect(iso(periodEnd(Date.parse('2026-11-28T00:00:00Z'), period('2w')))).toBe('2026-12-12T00:00:00.000Z');
  });

  it('grows the segment by the monthly rate, compounding', () => {
    const base = Date.parse('2026-01-01T00:00:00Z');
    const month = (365.2425 / 12) * DAY_MS;
    expect(grownSize(1000, 2, base, base)).toBe(1000);
    expect(grownSize(1000, 2, base, base + month)).toBe(1020);
    expect(grownSize(1000, 2, base, base + 12 * month)).toBe(Math.round(1000 * 1.02 ** 12));
    expect(grownSize(1000, -10, base, base + 2 * month)).toBe(810);
    expect(grownSize(1000, 0, base, base + 50 * month)).toBe(1000);
  });
});

describe('scheduled runs from the cron schedule', () => {
  it('daily at 20:00 America/New_York keeps 20:00 local across the end of daylight saving time', () => {
    const runs = runsOf('0 20 * * *', 'America/New_York', '2026-10-29T00:00:00Z', '2026-11-05T00:00:00Z');
    expect(runs).toEqual([
      '2026-10-29T00:00:00.000Z',
      '2026-10-30T00:00:00.000Z',
      '2026-10-31T00:00:00.000Z',
      '2026-11-01T00:00:00.000Z', // Oct 31, 20:00 EDT
      '2026-11-02T01:00:00.000Z', // Nov 1, 20:00 EST (clocks went back that morning)
      '2026-11-03T01:00:00.000Z',
      '2026-11-04T01:00:00.000Z',
    ]);
    expect(runs.map((r) => localText(Date.parse(r), 'America/New_York').slice(11))).toEqual([
      '20:00 EDT',
      '20:00 EDT',
      '20:00 EDT',
      '20:00 EDT',
      '20:00 EST',
      '20:00 EST',
      '20:00 EST',
    ]);
    // And back across the start of daylight saving time in March: 30 days, 30 runs.
    const spring = runsOf('0 20 * * *', 'America/New_York', '2027-03-01T12:00:00Z', '2027-03-31T12:00:00Z');
    expect(spring).toHaveLength(30);
    expect(spring.slice(11, 14)).toEqual([
      '2027-03-13T01:00:00.000Z',
      '2027-03-14T01:00:00.000Z',
      '2027-03-15T00:00:00.000Z',
    ]);
  });

  it('Mondays 06:00', () => {
    expect(runsOf('0 6 * * 1', 'America/New_York', '2026-11-28T00:00:00Z', '2026-12-28T00:00:00Z')).toEqual([
      '2026-11-30T11:00:00.000Z',
      '2026-12-07T11:00:00.000Z',
      '2026-12-14T11:00:00.000Z',
      '2026-12-21T11:00:00.000Z',
    ]);
    expect(runsOf('0 6 * * 1', 'Europe/Paris', '2026-11-28T00:00:00Z', '2026-12-08T00:00:00Z')).toEqual([
      '2026-11-30T05:00:00.000Z',
      '2026-12-07T05:00:00.000Z',
    ]);
  });

  it('includes a run exactly at the start, not one exactly at the end, and finds the next run', () => {
    expect(runsOf('0 20 * * *', 'UTC', '2026-11-28T20:00:00Z', '2026-11-30T20:00:00Z')).toEqual([
      '2026-11-28T20:00:00.000Z',
      '2026-11-29T20:00:00.000Z',
    ]);
    const c = must(cronOf('0 20 * * *', 'UTC'));
    expect(iso(nextScheduled(c, Date.parse('2026-11-28T20:00:00Z'))!)).toBe('2026-11-28T20:00:00.000Z');
    expect(iso(nextScheduled(c, Date.parse('2026-11-28T20:00:00.001Z'))!)).toBe('2026-11-29T20:00:00.000Z');
    expect(nextScheduled(must(cronOf('0 0 30 2 *', 'UTC')), Date.parse('2026-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('refuses more runs than it lists', () => {
    expect(scheduledRuns(must(cronOf('* * * * *', 'UTC')), 0, 1000 * 60_000, 500)).toMatchObject({
      ok: false,
      error: { code: 'InvalidInput', field: 'period', message: expect.stringContaining('more than 500 times') },
    });
    expect(scheduledRuns(must(cronOf('* * * * *', 'UTC')), 0, 500 * 60_000, 500)).toMatchObject({
      ok: true,
      data: expect.any(Array),
    });
  });

  it('puts instants in calendar periods of the time zone, ISO weeks from Monday', () => {
    const tz = 'America/New_York';
    expect(calendarPeriod(Date.parse('2026-12-01T01:00:00Z'), 'month', tz)).toEqual({
      key: '2026-11',
      label: 'November 2026',
    });
    expect(calendarPeriod(Date.parse('2026-12-01T01:00:00Z'), 'day', tz).key).toBe('2026-11-30');
    expect(calendarPeriod(Date.parse('2027-01-01T04:59:59Z'), 'year', tz).key).toBe('2026');
    expect(calendarPeriod(Date.parse('2026-12-31T12:00:00Z'), 'week', 'UTC').key).toBe('2026-W53');
    expect(calendarPeriod(Date.parse('2027-01-03T12:00:00Z'), 'week', 'UTC').key).toBe('2026-W53');
    expect(calendarPeriod(Date.parse('2027-01-04T12:00:00Z'), 'week', 'UTC')).toEqual({
      key: '2027-W01',
      label: 'week of 2027-01-04 (2027-W01)',
    });
    expect(calendarPeriod(Date.parse('2026-11-30T04:00:00Z'), 'week', tz).key).toBe('2026-W48'); // still Sunday night in New York
  });
});

/** The sample with the nightly campaign's budget (and optionally schedule) changed. */
function workspaceWith(change: (c: CampaignInputLike) => void, individuals = 300) {
  return sampleWorkspace({
    individuals,
    configure: (config) => {
      const c = config.dataSpaces[0]!.campaigns!.find((x) => x.name === 'Nightly Email Recs')! as CampaignInputLike;
      change(c);
    },
  });
}

describe('campaign credit estimate', () => {
  it('segment size at the next run × points, for every run of the period (daily 20:00 New York across DST)', async () => {
    const ws = workspaceWith((c) => void (c.points = ['email_product_recs', 'onboarding_banner']));
    const rt = ws.runtime();
    const campaign = must(findCampaign(rt.config, 'Nightly Email Recs'));
    const asOfMs = Date.parse('2026-10-20T15:10:00Z');
    const e = must(await estimateCampaign(ws.store, rt, campaign, { asOfMs, period: period('30d') }));
    // Data as of the refresh at or before the as-of time, the rule evaluated at the next run.
    expect(e.refresh.refreshedAt).toBe('2026-10-20T15:00:00.000Z');
    expect(e.nextRunAt).toBe('2026-10-21T00:00:00.000Z');
    const size = must(countSegmentAt(ws.store, rt, e.refresh, 'Active_Shoppers', Date.parse(e.nextRunAt)));
    expect(size).toBeGreaterThan(0);
    expect(e.segmentSize).toBe(size);
    expect(e.creditsPerRun).toBe(2 * size);
    expect(e.totalRuns).toBe(30);
    expect(e.runs.every((r) => r.local.includes(' 20:00 '))).toBe(true);
    expect(e.runs.filter((r) => r.at.endsWith('T00:00:00.000Z'))).toHaveLength(12); // through Oct 31 (EDT)
    expect(e.runs.filter((r) => r.at.endsWith('T01:00:00.000Z'))).toHaveLength(18); // from Nov 1 (EST)
    expect(e.totalCredits).toBe(30 * 2 * size);
    expect(e.period).toEqual({
      text: '30d',
      label: '30 days',
      from: '2026-10-20T15:10:00.000Z',
      to: '2026-11-19T15:10:00.000Z',
    });
  });

  it('grows the size per run by the monthly rate', async () => {
    const ws = workspaceWith(() => {});
    const rt = ws.runtime();
    const campaign = must(findCampaign(rt.config, 'Nightly Email Recs'));
    const e = must(
      await estimateCampaign(ws.store, rt, campaign, { asOfMs: END_MS, period: period('3m'), growthPercent: 10 }),
    );
    const next = Date.parse(e.nextRunAt);
    for (const r of e.runs)
      expect(r.individuals).toBe(
        Math.round(e.segmentSize * 1.1 ** ((Date.parse(r.at) - next) / ((365.2425 / 12) * DAY_MS))),
      );
    expect(e.runs.at(-1)!.individuals).toBeGreaterThan(e.runs[0]!.individuals);
    expect(e.totalCredits).toBe(e.runs.reduce((s, r) => s + r.credits, 0));
  });

  it('compares whole calendar months with a monthly budget and warns for the one above it', async () => {
    // 30 runs a month of ~size credits: a budget between 30 and 31 runs' worth is exceeded by 31-day months only.
    const probe = workspaceWith(() => {});
    const rt0 = probe.runtime();
    const e0 = must(
      await estimateCampaign(probe.store, rt0, must(findCampaign(rt0.config, 'Nightly Email Recs')), {
        asOfMs: END_MS,
        period: period('30d'),
      }),
    );
    const budget = e0.creditsPerRun * 30 + Math.floor(e0.creditsPerRun / 2);
    const ws = workspaceWith((c) => void (c.creditBudget = { credits: budget, period: 'month' }));
    const rt = ws.runtime();
    const e = must(
      await estimateCampaign(ws.store, rt, must(findCampaign(rt.config, 'Nightly Email Recs')), {
        asOfMs: END_MS,
        period: period('30d'),
      }),
    );
    expect(e.periods.map((p) => [p.label, p.runs, p.exceedsBudget])).toEqual([
      ['November 2026', 30, false],
      ['December 2026', 31, true],
    ]);
    expect(e.periods[1]).toMatchObject({ credits: 31 * e.creditsPerRun, runsInWindow: 26, partial: true, budget });
    expect(e.warnings).toEqual([
      expect.stringMatching(
        /^December 2026: [\d,]+ credits over 31 run\(s\) exceed the monthly budget of [\d,]+ \(the whole calendar period/,
      ),
    ]);
  });

  it.each([
    ['day', 1, 'exceed the daily budget'],
    ['week', 7, 'exceed the weekly budget'],
    ['year', 365, 'exceed the yearly budget'],
  ] as const)('compares a %s budget with its calendar periods', async (budgetPeriod, runsPerPeriod, text) => {
    const probe = workspaceWith(() => {});
    const rt0 = probe.runtime();
    const perRun = must(
      await estimateCampaign(probe.store, rt0, must(findCampaign(rt0.config, 'Nightly Email Recs')), {
        asOfMs: END_MS,
        period: period('7d'),
      }),
    ).creditsPerRun;
    const ws = workspaceWith(
      (c) => void (c.creditBudget = { credits: perRun * runsPerPeriod - 1, period: budgetPeriod }),
    );
    const rt = ws.runtime();
    const e = must(
      await estimateCampaign(ws.store, rt, must(findCampaign(rt.config, 'Nightly Email Recs')), {
        asOfMs: END_MS,
        period: period('14d'),
      }),
    );
    expect(e.periods.every((p) => p.period === budgetPeriod)).toBe(true);
    const full = e.periods.filter((p) => p.runs === runsPerPeriod);
    expect(full.length).toBeGreaterThan(0);
    expect(full.every((p) => p.exceedsBudget)).toBe(true);
    expect(e.warnings.length).toBe(e.periods.filter((p) => p.exceedsBudget).length);
    expect(e.warnings[0]).toContain(text);
  });

  it('compares each run with a per-run budget, and says when the campaign is paused', async () => {
    const ws = workspaceWith((c) => {
      c.creditBudget = { credits: 10, period: 'run' };
      c.status = 'Paused';
    });
    const rt = ws.runtime();
    const e = must(
      await estimateCampaign(ws.store, rt, must(findCampaign(rt.config, 'Nightly Email Recs')), {
        asOfMs: END_MS,
        period: period('7d'),
      }),
    );
    expect(e.periods[0]!.period).toBe('month');
    expect(e.warnings).toEqual([
      expect.stringMatching(/^7 of 7 run\(s\) exceed the per-run budget of 10 credits \(first: 2026-11-27 20:00 EST/),
      'campaign "Nightly Email Recs" is Paused: it will not run until it is set Active',
    ]);
  });

  it('refuses a schedule that never runs', async () => {
    const ws = workspaceWith((c) => void (c.schedule = { cron: '0 0 30 2 *', timezone: 'UTC' }));
    const rt = ws.runtime();
    const r = await estimateCampaign(ws.store, rt, must(findCampaign(rt.config, 'Nightly Email Recs')), {
      asOfMs: END_MS,
      period: period('30d'),
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'InvalidInput', message: expect.stringContaining('never runs') },
    });
  });

  it('gives the runner the estimate of one run: members as of its time × points', async () => {
    const ws = workspaceWith((c) => void (c.points = ['email_product_recs', 'home_page_recs', 'onboarding_banner']));
    const rt = ws.runtime();
    const campaign = must(findCampaign(rt.config, 'Nightly Email Recs'));
    const asOfMs = Date.parse('2026-11-27T20:00:00Z');
    const r = must(await estimateCampaignRun(ws.store, rt, campaign, asOfMs));
    const refresh = must(await ensureDataGraphRefresh(ws.store, rt, 'Customer_Profile', asOfMs));
    expect(r.refresh.id).toBe(refresh.id);
    expect(r.individuals).toBe(ws.store.dataGraphs.countSegmentMembers(refresh.id, 'Active_Shoppers'));
    expect(r).toMatchObject({ points: 3, credits: 3 * r.individuals });
    expect(findCampaign(rt.config, 'Nightly Emails Recs')).toMatchObject({
      ok: false,
      error: { code: 'NotFound', message: expect.stringContaining('did you mean "Nightly Email Recs"') },
    });
  });
});
