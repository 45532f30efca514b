// @vitest-environment jsdom
import '../dom-setup.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from '../render-app.tsx';
import { mockClient, profileDoc, realTrace } from '../factories.ts';

afterEach(() => performance.clearMarks());

describe('trace inspector', () => {
  it('shows a fresh decision trace: stages, rule trees, experiment bucket, candidates, response, channel preview', async () => {
    const trace = realTrace(['onboarding_banner', 'home_page_recs']);
    const client = mockClient({
      decide: () => ({ requestId: trace.requestId, response: trace.response, credits: trace.credits, trace }),
    });
    renderApp(client, '#/trace?individual=ind_000018');
    const content = await screen.findByTestId('trace-content');
    expect(client.callsOf('decide')[0]).toMatchObject({
      individualId: 'ind_000018',
      trace: true,
      points: ['home_page_recs', 'email_product_recs', 'loyalty_email_recs', 'onboarding_banner'],
    });
    // 1. The pipeline's stages as a timeline with timings.
    const stages = within(content).getByTestId('stage-timeline');
    expect([...stages.querySelectorAll('[data-stage]')].map((s) => s.getAttribute('data-stage'))).toEqual([
      'request',
      'augmenting',
      'qualifying',
      'personalizing',
      'response',
    ]);
    expect(stages.textContent).toContain('0.750 ms');
    // 2. Rule explain trees, node by node.
    const banner = within(content).getByTestId('trace-point-onboarding_banner');
    const served = trace.points.find((p) => p.personalizationPointId === 'onboarding_banner')!;
    for (const d of served.decisions)
      expect(within(banner).getByTestId(`trace-decision-${d.decisionId}`).textContent).toContain(d.status);
    const evaluated = served.decisions.filter((d) => d.explain).length;
    expect(evaluated).toBeGreaterThan(0);
    expect(
      banner.querySelectorAll('[data-path="$"][data-verdict="true"], [data-path="$"][data-verdict="false"]'),
    ).toHaveLength(evaluated);
    expect(banner.querySelectorAll('[data-verdict="value"]').length).toBeGreaterThan(evaluated);
    // 3. The experiment bucket.
    expect(within(banner).getByTestId('trace-experiment').textContent).toContain('onboarding_banner_copy');
    // 4. Candidates with scores and exclusion reasons (items 5 and 10 are out of stock in the factory).
    const recs = within(content).getByTestId('trace-point-home_page_recs');
    const candidates = within(recs).getByTestId('candidates');
    const traced = trace.points.find((p) => p.personalizationPointId === 'home_page_recs')!.personalizing!.recommender!
      .candidates;
    expect(candidates.querySelectorAll('tbody tr')).toHaveLength(traced.length);
    const dropped = traced.find((c) => c.excluded)!;
    expect(candidates.querySelector('.candidate-excluded')?.textContent).toContain(`${dropped.itemId}`);
    expect(candidates.querySelector('.candidate-excluded')?.textContent).toContain(dropped.excluded);
    // The calculated insights the strategy read, with their refresh times.
    const rec = trace.points.find((p) => p.personalizationPointId === 'home_page_recs')!.personalizing!.recommender!;
    expect(rec.insights?.length).toBeGreaterThan(0);
    for (const i of rec.insights!) expect(within(recs).getByTestId('trace-insights').textContent).toContain(i.name);
    // 5. The response JSON and the channel preview.
    expect(JSON.parse(within(content).getByTestId('response-json').textContent!)).toEqual(trace.response);
    const preview = within(content).getByTestId('channel-preview');
    const recommended = trace.response.personalizations.find((p) => p.personalizationPointId === 'home_page_recs')!.data
      .recommendations as unknown[];
    expect(within(preview).getAllByTestId('product-card')).toHaveLength(recommended.length);
    const bannerData = trace.response.personalizations.find(
      (p) => p.personalizationPointId === 'onboarding_banner',
    )!.data;
    expect(preview.textContent).toContain(String(bannerData.headline));
    // No remote image is fetched unless asked.
    expect(preview.querySelectorAll('img')).toHaveLength(0);
    fireEvent.click(within(preview).getByLabelText('Load remote images'));
    await waitFor(() => expect(preview.querySelectorAll('img').length).toBeGreaterThan(0));
  });

  it('marks the fallback in the channel preview', async () => {
    // Not a loyalty member, no lifetime value: no decision of loyalty_email_recs qualifies.
    const doc = profileDoc('ind_000777', {
      loyaltyTier: 'None',
      createdAt: '2020-01-01T00:00:00.000Z',
      engagement: { browse: [], cart: [], order: [] },
      segments: [],
      ci: {},
    });
    const trace = realTrace(['loyalty_email_recs'], doc);
    renderApp(
      mockClient({
        decide: () => ({ requestId: trace.requestId, response: trace.response, credits: trace.credits, trace }),
      }),
      '#/trace?individual=ind_000777&point=loyalty_email_recs',
    );
    const preview = await screen.findByTestId('channel-preview');
    expect(trace.points[0]!.outcome).toBe('fallback');
    expect(preview.textContent).toContain('Fallback content (loyalty_email_fallback)');
  });

  it("reproduces a run's decision and says whether it matches the log", async () => {
    const trace = realTrace(['onboarding_banner']);
    const client = mockClient({
      'runs.trace': () => ({
        runId: 7,
        campaign: 'Nightly Email Recs',
        individualId: 'ind_000018',
        asOf: trace.asOf,
        configRevision: 1,
        refreshes: {},
        trace,
        logged: [],
        reproduced: false,
        differences: ['onboarding_banner: logged tier_perks, reproduced free_shipping'],
      }),
    });
    renderApp(client, '#/trace?individual=ind_000018&run=7');
    const note = await screen.findByTestId('reproduction');
    expect(note.textContent).toContain('differs');
    expect(note.textContent).toContain('logged tier_perks, reproduced free_shipping');
  });

  it('emits the performance marks the UI benchmark measures', async () => {
    const trace = realTrace(['onboarding_banner']);
    renderApp(
      mockClient({
        decide: () => ({ requestId: trace.requestId, response: trace.response, credits: trace.credits, trace }),
      }),
      '#/trace?individual=ind_000018',
    );
    await screen.findByTestId('trace-content');
    await waitFor(() => expect(performance.getEntriesByName('trace-open-end', 'mark')).toHaveLength(1));
    const [start] = performance.getEntriesByName('trace-open-start', 'mark');
    const [end] = performance.getEntriesByName('trace-open-end', 'mark');
    expect(end!.startTime).toBeGreaterThanOrEqual(start!.startTime);
  });

  it('shows a fault of the request', async () => {
    renderApp(
      mockClient({
        decide: () => ({
          ok: false,
          error: {
            code: 'IndividualNotFound',
            message: 'individual "nobody" is not in profile data graph Customer_Profile',
          },
        }),
      }),
      '#/trace?individual=nobody',
    );
    expect((await screen.findByRole('alert')).textContent).toContain('"nobody"');
  });

  it('opens a trace from the form', async () => {
    const trace = realTrace(['onboarding_banner']);
    const client = mockClient({
      decide: () => ({ requestId: trace.requestId, response: trace.response, credits: trace.credits, trace }),
    });
    renderApp(client, '#/trace');
    fireEvent.change(await screen.findByLabelText('Trace individual'), { target: { value: 'ind_000018' } });
    fireEvent.click(screen.getByText('Open trace', { selector: 'button' }));
    await screen.findByTestId('trace-content');
    expect(client.callsOf('decide')[0]!.individualId).toBe('ind_000018');
  });
});
