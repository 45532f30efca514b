// The analyst edits a targeting rule visually and sees who it catches; the UI's counts and decisions
// agree with the service and the CLI on the same workspace.
import { describe, expect, it } from 'vitest';
import type { PersonalizationPoint, WorkspaceConfig } from '../../engine/model/index.ts';
import { useWorkbench } from './harness/workbench.ts';
import { E2E_AS_OF, E2E_AS_OF_INPUT, shown } from './ui-figures.ts';

const wb = useWorkbench();

async function savedBanner(): Promise<{ config: WorkspaceConfig; banner: PersonalizationPoint }> {
  const cfg = await wb.api.call('config.get', {});
  if (!cfg.ok) throw new Error(cfg.error.message);
  return {
    config: cfg.data.config,
    banner: cfg.data.config.dataSpaces[0]!.personalizationPoints.find((p) => p.apiName === 'onboarding_banner')!,
  };
}

describe('personalization point editor in the browser', () => {
  it('edit a rule and see the audience count change (and agree with the service)', async () => {
    await wb.open('/#/points?point=onboarding_banner');
    const page = wb.page;
    await page.getByTestId('point-editor').waitFor();
    await page.getByTestId('test-as-of').fill(E2E_AS_OF_INPUT);
    const audience = page.getByTestId('audience-panel');
    await audience.getByRole('button', { name: 'Count' }).click();
    const welcome = page.getByTestId('audience-count-welcome_new_customer');
    await welcome.waitFor();
    const before = await shown(welcome);

    // The same preview from the service, for the saved point.
    const { banner } = await savedBanner();
    const service = await wb.api.call('points.audience', { point: 'onboarding_banner', asOf: E2E_AS_OF });
    if (!service.ok) throw new Error(service.error.message);
    expect(before).toBe(service.data.byDecision.find((d) => d.decisionId === 'welcome_new_customer')!.count);

    // Widen "customer since within the last 30 days" to 120 days in the visual builder.
    const rule = page.getByTestId('rule-welcome_new_customer');
    await rule.getByLabel(/amount/).fill('120');
    await expect.poll(async () => shown(welcome)).toBeGreaterThan(before);
    await expect
      .poll(async () => (await audience.getByTestId('audience-result').getAttribute('data-loading')) === null)
      .toBe(true);
    const after = await shown(welcome);

    // The service agrees on the draft: the same rule, written as JSONLogic by the builder.
    const draft = structuredClone(banner);
    draft.decisions.find((d) => d.id === 'welcome_new_customer')!.targetingRule = {
      within_last: [{ var: 'createdAt' }, 120, 'days'],
    };
    const widened = await wb.api.call('points.audience', {
      point: draft as unknown as Record<string, unknown>,
      replaces: 'onboarding_banner',
      asOf: E2E_AS_OF,
    });
    if (!widened.ok) throw new Error(widened.error.message);
    expect(after).toBe(widened.data.byDecision.find((d) => d.decisionId === 'welcome_new_customer')!.count);
    // And the single rule, counted over everyone with rules.audience, catches at least the decision's share.
    const ruleCount = await wb.api.call('rules.audience', {
      rule: { within_last: [{ var: 'createdAt' }, 120, 'days'] },
      asOf: E2E_AS_OF,
    });
    expect(ruleCount.ok && ruleCount.data.matched).toBeGreaterThanOrEqual(after);
    await wb.screenshot('points-editor');
  });

  it('a number field refuses text and blocks Save; a threshold everybody passes is warned about', async () => {
    const page = wb.page;
    await wb.open('/#/points?point=loyalty_email_recs');
    await page.getByTestId('point-editor').waitFor();
    await page.getByTestId('test-as-of').fill(E2E_AS_OF_INPUT);
    const audience = page.getByTestId('audience-panel');
    await audience.getByRole('button', { name: 'Count' }).click();
    await page.getByTestId('audience-count-high_value_member_recs').waitFor();
    const before = await wb.api.call('config.get', {});
    if (!before.ok) throw new Error(before.error.message);

    // lifetime_value ≥ "abc": marked invalid where it is typed, explained for screen readers.
    const rule = page.getByTestId('rule-high_value_member_recs');
    const value = rule.locator('input[inputmode="decimal"]');
    await value.fill('abc');
    await expect.poll(async () => value.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await value.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain('"abc" is not a number.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(async () => page.getByTestId('save-message').textContent()).toContain('Not saved: 1 value');
    // The service's own check says the same, at the literal's JSON path, and nothing was saved.
    await expect
      .poll(async () => page.getByTestId('rule-high_value_member_recs').locator('..').textContent())
      .toContain('calculated insight "lifetime_value" is a number, compared with the string "abc"');
    await rule.scrollIntoViewIfNeeded();
    await wb.screenshot('rule-invalid-value');
    const after = await wb.api.call('config.get', {});
    expect(after.ok && after.data.revision).toBe(before.data.revision);

    // lifetime_value ≥ 0 holds for everybody (the CI defaults to 0): warned before Save.
    await value.fill('0');
    const warning = page.getByTestId('audience-warning');
    await expect.poll(async () => warning.textContent(), { timeout: 60_000 }).toContain('would be served to 100 %');
    expect(await page.getByTestId('audience-count-loyalty_member_recs').textContent()).toBe('0');
    await warning.scrollIntoViewIfNeeded();
    await wb.screenshot('audience-100-warning');
    expect(wb.browserErrors).toEqual([]);
  });

  it('tests the point against an individual, and the decision agrees with `workbench decide`', async () => {
    const page = wb.page;
    await wb.open('/#/points?point=onboarding_banner');
    await page.getByTestId('point-editor').waitFor();
    const info = await wb.api.call('workspace.info', {});
    const individual = info.ok ? info.data.sample!.exampleIndividualIds[0]! : '';
    await page.getByTestId('test-as-of').fill(E2E_AS_OF_INPUT);
    await page.getByLabel('Individual id').fill(individual);
    await page.getByTestId('test-panel').getByRole('button', { name: 'Test' }).click();
    const decision = page.getByTestId('test-decision');
    await decision.waitFor();
    const cli = await wb.cli(
      'decide',
      '--individual',
      individual,
      '--point',
      'onboarding_banner',
      '--as-of',
      E2E_AS_OF,
      '--json',
    );
    expect(cli.code).toBe(0);
    const response = cli.json<{ personalizations: { contentId: string }[] }>();
    expect(await decision.textContent()).toBe(response.personalizations[0]!.contentId);
    // The rule trees are coloured node by node.
    expect(
      await page.getByTestId('test-result').locator('[data-verdict="true"], [data-verdict="false"]').count(),
    ).toBeGreaterThan(0);
    await page.getByTestId('test-panel').scrollIntoViewIfNeeded();
    await wb.screenshot('point-test');
  });

  it('saves an edited rule; the CLI then decides with it', async () => {
    const page = wb.page;
    // Gold members the CLI serves "Gold and Platinum: Perks" before the edit.
    const gold = await wb.api.call('individuals.list', { search: 'Gold', limit: 40 });
    if (!gold.ok) throw new Error(gold.error.message);
    const contentOf = async (id: string) => {
      const r = await wb.cli(
        'decide',
        '--individual',
        id,
        '--point',
        'onboarding_banner',
        '--as-of',
        E2E_AS_OF,
        '--json',
      );
      expect(r.code).toBe(0);
      return r.json<{ personalizations: { contentId: string }[] }>().personalizations[0]?.contentId;
    };
    const goldIds = gold.data.rows.filter((r) => r.attributes.loyaltyTier === 'Gold').map((r) => r.id);
    const perksBefore: string[] = [];
    for (const id of goldIds) if ((await contentOf(id)) === 'tier_perks') perksBefore.push(id);
    expect(perksBefore.length).toBeGreaterThan(0);
    await wb.open('/#/points?point=onboarding_banner');
    await page.getByTestId('point-editor').waitFor();
    // Gold and Platinum perks: make it Platinum only, in the builder's "is one of" list.
    const rule = page.getByTestId('rule-tier_perks');
    const list = rule.getByLabel(/comma-separated/);
    await list.fill('Platinum');
    await list.blur();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(async () => page.getByTestId('save-message').textContent())
      .toContain('Saved as configuration revision');
    const { banner } = await savedBanner();
    expect(banner.decisions.find((d) => d.id === 'tier_perks')!.targetingRule).toEqual({
      in: [{ var: 'loyaltyTier' }, ['Platinum']],
    });
    // The CLI reads the same workspace file: Gold members no longer get the perks.
    for (const id of perksBefore) expect(await contentOf(id), id).not.toBe('tier_perks');
    expect(wb.browserErrors).toEqual([]);
  });
});
