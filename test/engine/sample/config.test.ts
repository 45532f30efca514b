import { describe, expect, it } from 'vitest';
import { WorkspaceConfig, type EngagementEvent, type Individual } from '../../../engine/model/index.ts';
import { generateRetailSample, retailSampleConfig } from '../../../engine/sample/index.ts';

const NOW = '2026-03-01T12:00:00.000Z';

// Modules written alongside this one; their checks run once they load.
const validation = await import('../../../engine/config/validate.ts').catch(() => undefined);
const rules = await import('../../../engine/rules/index.ts').catch(() => undefined);

describe('the retail sample config', () => {
  const config = WorkspaceConfig.parse(retailSampleConfig());
  const space = config.dataSpaces[0]!;

  it('parses with WorkspaceConfig as one data space "default"', () => {
    expect(config.version).toBe(1);
    expect(config.dataSpaces).toHaveLength(1);
    expect(space.apiName).toBe('default');
    expect(space.label).toBe('Default');
  });

  it('uses the names of the source document', () => {
    expect(space.profileDataGraphs.map((g) => g.apiName)).toEqual(['Customer_Profile']);
    expect(space.itemDataGraphs.map((g) => g.apiName)).toEqual(['Goods_Product']);
    expect(space.segments.map((s) => [s.apiName, s.label])).toEqual([
      ['Active_Shoppers', 'Active Shoppers'],
      ['Loyalty_Members', 'Loyalty Members'],
    ]);
    expect(space.personalizationPoints.map((p) => p.apiName)).toEqual([
      'home_page_recs',
      'email_product_recs',
      'loyalty_email_recs',
      'onboarding_banner',
    ]);
    expect(space.campaigns.map((c) => [c.name, c.segment, c.points, c.schedule.cron, c.schedule.timezone])).toEqual([
      ['Nightly Email Recs', 'Active_Shoppers', ['email_product_recs'], '0 20 * * *', 'America/New_York'],
      ['Weekly Loyalty Email', 'Loyalty_Members', ['loyalty_email_recs'], '0 6 * * 1', 'America/New_York'],
    ]);
    expect(space.campaigns[0]!.output).toEqual({ kind: 'records', table: 'Personalized_Email_Content__c' });
    expect(space.campaigns[0]!.creditBudget?.period).toBe('month');
    expect(space.campaigns[1]!.output).toEqual({ kind: 'file', format: 'jsonl' });
  });

  it('declares the engagement the source document describes', () => {
    const graph = space.profileDataGraphs[0]!;
    expect(graph.engagement.browse).toEqual({ include: true, lookbackDays: 90, maxRows: 200 });
    expect(graph.engagement.cart).toEqual({ include: true, lookbackDays: 30, maxRows: 50 });
    expect(graph.engagement.order).toEqual({ include: true, lookbackDays: 365, maxRows: 200 });
    expect(graph.engagement.itemFields).toEqual(['category']);
  });

  it('types every attribute the generator writes, and only those', () => {
    const graph = space.profileDataGraphs[0]!;
    const sample = generateRetailSample({ now: NOW, individuals: 300, items: 100 });
    const written = new Set<string>();
    for (const ind of sample.individuals()) for (const k of Object.keys(ind.attributes)) written.add(k);
    expect([...written].sort()).toEqual(graph.fields.map((f) => f.name).sort());
    const types = new Map(graph.fields.map((f) => [f.name, f.type]));
    expect(types.get('birthDate')).toBe('date');
    expect(types.get('createdAt')).toBe('datetime');
    expect(types.get('emailOptIn')).toBe('boolean');
    const extra = space.itemDataGraphs[0]!.fields.map((f) => f.name).sort();
    expect(Object.keys(sample.items[0]!.attributes).sort()).toEqual(extra);
  });

  it('has experiment weights that sum to 100, with a control cohort', () => {
    const ex = space.personalizationPoints.find((p) => p.apiName === 'onboarding_banner')!.experiment!;
    expect(ex.key).toBe('onboarding_banner_copy');
    expect(ex.trafficPercent).toBe(100);
    expect(ex.variants.reduce((s, v) => s + v.weight, 0)).toBe(100);
    expect(ex.variants.filter((v) => v.control).map((v) => v.key)).toEqual(['control']);
    const decisions = space.personalizationPoints
      .find((p) => p.apiName === 'onboarding_banner')!
      .decisions.map((d) => d.id);
    for (const v of ex.variants) if (v.decision) expect(decisions).toContain(v.decision);
  });

  it('gives every recommendations point a decision everyone qualifies for, or a fallback', () => {
    for (const p of space.personalizationPoints) {
      expect(p.fallback !== undefined || p.decisions.some((d) => d.targetingRule === null)).toBe(true);
    }
  });

  it('scales the nightly credit budget with the data set', () => {
    const budget = (n: number) =>
      WorkspaceConfig.parse(retailSampleConfig({ individuals: n })).dataSpaces[0]!.campaigns[0]!.creditBudget!.credits;
    expect(budget(10_000)).toBe(200_000);
    expect(budget(1_000_000)).toBe(20_000_000);
    expect(budget(100)).toBe(10_000);
  });

  it.skipIf(!validation)('passes the save-time checks (references, fields, limits, cron)', () => {
    const check = validation!.validateConfig(retailSampleConfig(), { individualsBySpace: { default: 10_000 } });
    expect(check.errors).toEqual([]);
    expect(check.warnings).toEqual([]);
  });
});

describe.skipIf(!rules)('the sample segments and targeting rules over the sample data', () => {
  /** A minimal profile document: root attributes plus engagement rows with their category. */
  function profileOf(ind: Individual, events: EngagementEvent[], category: Map<string, string>) {
    const rows = (type: string) =>
      events.filter((e) => e.type === type).map((e) => ({ ...e, category: category.get(e.itemId) ?? null }));
    return {
      id: ind.id,
      ...ind.attributes,
      engagement: { browse: rows('browse'), cart: rows('cart'), order: rows('order') },
      segments: [],
      ci: {},
    };
  }

  it('select who the generator meant: active shoppers, loyalty members, new customers', () => {
    const sample = generateRetailSample({ now: NOW, individuals: 2_000, items: 300 });
    const space = WorkspaceConfig.parse(sample.config).dataSpaces[0]!;
    const ctx = rules!.ruleContext(NOW);
    const active = rules!.compile(space.segments[0]!.rule);
    const loyal = rules!.compile(space.segments[1]!.rule);
    const newCustomer = rules!.compile(space.personalizationPoints[3]!.decisions[0]!.targetingRule);
    const category = new Map(sample.items.map((i) => [i.id, i.category]));
    const recent = Date.parse(NOW) - 30 * 86_400_000;
    let actives = 0;
    let members = 0;
    let newcomers = 0;
    for (let k = 0; k < sample.individualCount; k++) {
      const ind = sample.individualAt(k);
      const events = sample.eventsOf(k);
      const doc = profileOf(ind, events, category);
      const browsedRecently = events.some((e) => e.type === 'browse' && Date.parse(e.timestamp) >= recent);
      expect(rules!.truthy(active(doc, ctx))).toBe(browsedRecently);
      expect(rules!.truthy(loyal(doc, ctx))).toBe(ind.attributes['loyaltyTier'] !== 'None');
      expect(rules!.truthy(newCustomer(doc, ctx))).toBe(Date.parse(ind.attributes['createdAt'] as string) >= recent);
      if (browsedRecently) actives++;
      if (ind.attributes['loyaltyTier'] !== 'None') members++;
      if (Date.parse(ind.attributes['createdAt'] as string) >= recent) newcomers++;
    }
    expect(actives).toBeGreaterThan(800);
    expect(members).toBeGreaterThan(400);
    expect(newcomers).toBeGreaterThan(30);
  });
});
