// The analyst looks at the data graphs: individuals and their profile graph, items, and imports a
// file — a refused one with every bad row located, then a good one that changes the counts.
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/workbench.ts';
import { num } from './ui-figures.ts';

const wb = useWorkbench();

describe('data graphs in the browser', () => {
  it('opens the sample workspace: counts, freshness watermarks and segment counts as the service has them', async () => {
    const page = wb.page;
    await wb.open('/');
    const info = await wb.api.call('workspace.info', {});
    if (!info.ok) throw new Error(info.error.message);
    const space = info.data.dataSpaces[0]!;
    await expect
      .poll(async () => num(await page.getByTestId('count-individuals').locator('.stat-value').textContent()))
      .toBe(space.individuals);
    expect(num(await page.getByTestId('count-items').locator('.stat-value').textContent())).toBe(space.items);
    expect(num(await page.getByTestId('count-events').locator('.stat-value').textContent())).toBe(space.events);
    const counts = page.getByTestId('segment-counts');
    await counts.waitFor();
    const segments = await wb.api.call('segments.list', {});
    if (!segments.ok) throw new Error(segments.error.message);
    for (const s of segments.data.segments)
      expect(await counts.locator('tr', { hasText: s.label }).locator('td').nth(1).textContent()).toBe(
        s.members.toLocaleString('en-US'),
      );
    // Opening writes nothing: a data graph shows its last refresh, or says it was never refreshed.
    await expect.poll(async () => page.getByTestId('watermarks').textContent()).toMatch(/documents|never refreshed/);
    await wb.screenshot('workspace-overview');
  });

  it("lists individuals page by page and shows one's profile graph as the service has it", async () => {
    const info = await wb.api.call('workspace.info', {});
    if (!info.ok) throw new Error(info.error.message);
    const individuals = info.data.dataSpaces[0]!.individuals;
    const example = info.data.sample!.exampleIndividualIds[0]!;
    const page = wb.page;
    await wb.open('/#/data?tab=individuals');
    await expect.poll(async () => num(await page.getByTestId('individuals-total').textContent())).toBe(individuals);
    // Virtualized: far fewer rows in the page than individuals.
    const rows = page.getByTestId('individuals-table').locator('[role="row"][aria-rowindex]');
    await rows.first().waitFor();
    expect(await rows.count()).toBeLessThan(100);
    await page.getByLabel('Search individuals').fill(example);
    await expect.poll(async () => page.getByTestId('individuals-total').textContent()).toBe('1 matching');
    await page.getByTestId('individuals-table').getByText(example, { exact: true }).click();
    const panel = page.getByTestId('profile-panel');
    await panel.getByTestId('profile-segments').waitFor();
    const profile = await wb.api.call('individuals.profile', { individualId: example });
    if (!profile.ok) throw new Error(profile.error.message);
    for (const s of profile.data.data.segments)
      expect(await panel.getByTestId('profile-segments').textContent()).toContain(s);
    const events =
      profile.data.data.engagement.browse.length +
      profile.data.data.engagement.cart.length +
      profile.data.data.engagement.order.length;
    expect(await panel.getByTestId('profile-engagement').locator('tbody tr').count()).toBe(Math.min(events, 200));
    await wb.screenshot('data-graphs');
  });

  it('refuses a bad file with every bad row located, imports a good one', async () => {
    const page = wb.page;
    await wb.open('/#/data?tab=import');
    const wizard = page.getByTestId('import-wizard');
    await wizard.getByText('Engagement events', { exact: true }).click();
    const bad =
      'individualId,itemId,type,timestamp,quantity,price\nind_000001,prod_00001,browse,2026-11-20T10:00:00Z,1,10\nind_000001,prod_00001,view,2026-11-20T10:00:00Z,1,10\nind_000002,prod_00002,cart,yesterday,1,10\n';
    await wizard
      .getByLabel('File to import')
      .setInputFiles({ name: 'events-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    const before = await wb.api.call('workspace.info', {});
    await wizard.getByRole('button', { name: /^Import engagement events/ }).click();
    const problems = page.getByTestId('import-problems');
    await problems.waitFor();
    const cells = await problems.locator('tbody tr td:first-child').allTextContents();
    expect(cells.some((c) => /:3 field "type"/.test(c))).toBe(true);
    expect(cells.some((c) => /:4 field "timestamp"/.test(c))).toBe(true);
    await wb.screenshot('import-wizard');
    const after = await wb.api.call('workspace.info', {});
    expect(after.ok && before.ok && after.data.dataSpaces[0]!.events).toBe(
      before.ok && before.data.dataSpaces[0]!.events,
    );

    await wizard.getByText('Profiles (Unified Individuals)', { exact: true }).click();
    const good = 'id,firstName,loyaltyTier,favouriteColour\nind_900001,Ada,Gold,green\nind_900002,Grace,None,blue\n';
    await wizard
      .getByLabel('File to import')
      .setInputFiles({ name: 'new-profiles.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await wizard.getByRole('button', { name: /^Import profiles/ }).click();
    await expect
      .poll(async () => page.getByTestId('import-report').textContent())
      .toContain('Imported new-profiles.csv: 2 rows.');
    expect(await page.getByTestId('import-report').textContent()).toContain('favouriteColour (string)');
    const now = await wb.api.call('workspace.info', {});
    expect(now.ok && now.data.dataSpaces[0]!.individuals).toBe(
      before.ok ? before.data.dataSpaces[0]!.individuals + 2 : -1,
    );
    expect(wb.browserErrors).toEqual([]);
  });
});
