// @vitest-environment jsdom
import '../dom-setup.ts';
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from '../render-app.tsx';
import { AS_OF, mockClient, realTrace, REFRESHED_AT } from '../factories.ts';
import { useWorkbench } from '../../../renderer/src/store/store.ts';
import type { OutputOf } from '../../../renderer/src/api/client.ts';
import { editorFieldPaths } from '../../../renderer/src/screens/points/field-paths.ts';
import { sampleConfig } from '../factories.ts';

const POINT = '$.dataSpaces[0].personalizationPoints[3]';

async function openBanner(over: Parameters<typeof mockClient>[0] = {}) {
  const client = mockClient({ 'config.validate': () => ({ valid: true, errors: [], warnings: [] }), ...over });
  renderApp(client, '#/points?point=onboarding_banner');
  await screen.findByTestId('point-editor');
  return client;
}

describe('personalization points screen', () => {
  it('lists the points and edits the one the route names, decisions in priority order', async () => {
    await openBanner();
    const list = screen.getByTestId('point-list');
    expect([...list.querySelectorAll('button')].map((b) => b.querySelector('.item-title')?.textContent)).toEqual([
      'Home Page Recs',
      'Email Product Recs',
      'Loyalty Email Recs',
      'Onboarding Banner',
    ]);
    const labels = screen.getAllByLabelText('Decision label').map((i) => (i as HTMLInputElement).value);
    expect(labels).toEqual(['New Customers: Welcome', 'Gold and Platinum: Perks', 'Free Shipping']);
    // The sample's targeting rules open in the visual builder, custom operators included.
    const first = screen.getByTestId('rule-welcome_new_customer');
    expect(within(first).getByText('Builder', { selector: 'button' }).getAttribute('aria-selected')).toBe('true');
    expect((within(first).getByLabelText(/amount/) as HTMLInputElement).value).toBe('30');
    // The experiment: weights and their sum.
    expect(screen.getByTestId('weights-sum').textContent).toContain('= 100 %');
  });

  it('reorders decisions with the arrows', async () => {
    await openBanner();
    fireEvent.click(screen.getByLabelText('Move Free Shipping up'));
    const labels = screen.getAllByLabelText('Decision label').map((i) => (i as HTMLInputElement).value);
    expect(labels).toEqual(['New Customers: Welcome', 'Free Shipping', 'Gold and Platinum: Perks']);
    expect(useWorkbench.getState().draft!.decisions.map((d) => d.priority)).toEqual([0, 1, 2]);
    expect(screen.getByText('unsaved')).toBeTruthy();
  });

  it('editing a rule in the builder writes JSONLogic into the draft', async () => {
    await openBanner();
    const rule = screen.getByTestId('rule-welcome_new_customer');
    fireEvent.change(within(rule).getByLabelText(/amount/), { target: { value: '14' } });
    await waitFor(() =>
      expect(useWorkbench.getState().draft!.decisions[0]!.targetingRule).toEqual({
        within_last: [{ var: 'createdAt' }, 14, 'days'],
      }),
    );
    fireEvent.change(within(rule).getByLabelText(/unit/), { target: { value: 'weeks' } });
    await waitFor(() =>
      expect(useWorkbench.getState().draft!.decisions[0]!.targetingRule).toEqual({
        within_last: [{ var: 'createdAt' }, 14, 'weeks'],
      }),
    );
  });

  it('a rule the builder cannot represent opens in the JSON view, unchanged', async () => {
    await openBanner();
    useWorkbench
      .getState()
      .updateDraft(
        (d) => void (d.decisions[1]!.targetingRule = { '>': [{ time_since: [{ var: 'createdAt' }, 'days'] }, 30] }),
      );
    const rule = await screen.findByTestId('rule-tier_perks');
    await waitFor(() =>
      expect(within(rule).getByText('JSON', { selector: 'button' }).getAttribute('aria-selected')).toBe('true'),
    );
    expect(within(rule).getByText(/cannot represent this rule exactly/)).toBeTruthy();
    const textarea = within(rule).getByLabelText(/JSONLogic/) as HTMLTextAreaElement;
    expect(JSON.parse(textarea.value)).toEqual({ '>': [{ time_since: [{ var: 'createdAt' }, 'days'] }, 30] });
    // Typing JSON edits the rule; invalid JSON is not applied.
    fireEvent.change(textarea, { target: { value: '{"in_segment": "Loyalty_Members"' } });
    expect(within(rule).getByText(/Not valid JSON yet/)).toBeTruthy();
    fireEvent.change(textarea, { target: { value: '{"in_segment": "Loyalty_Members"}' } });
    expect(useWorkbench.getState().draft!.decisions[1]!.targetingRule).toEqual({ in_segment: 'Loyalty_Members' });
  });

  it('shows each validation problem at its field, and the rest in a summary', async () => {
    const errors = [
      { path: `${POINT}.decisions[1].targetingRule.in[0]`, message: 'unknown field "tier"' },
      { path: `${POINT}.experiment.variants`, message: 'variant weights sum to 80; they must sum to 100' },
      {
        path: `${POINT}.decisions[0].content.values.headline`,
        message: 'merge field {{firstNme}}: unknown field "firstNme"',
      },
      { path: `${POINT}.fallback.id`, message: 'duplicate decision id "tier_perks"' },
      {
        path: '$.dataSpaces[0].campaigns[0].points[0]',
        message: 'unknown personalization point "onboarding_banner_old"',
      },
    ];
    const client = await openBanner({
      'config.validate': () => ({ valid: false, errors, warnings: [] }),
      'config.save': () => ({ revision: 9, warnings: [] }),
    });
    useWorkbench.getState().updateDraft((d) => void (d.label = 'Changed'));
    const save = screen.getByText('Save', { selector: 'button' }) as HTMLButtonElement;
    await waitFor(() => expect(save.disabled).toBe(false));
    fireEvent.click(save);
    await waitFor(() => expect(screen.getByTestId('save-message').textContent).toContain('5 problems'));
    expect(client.callsOf('config.save')).toHaveLength(0);
    const at = (path: string) => document.querySelector(`[data-problems-for="${path}"]`)?.textContent ?? '';
    expect(at('$.decisions[1].targetingRule')).toContain('unknown field "tier"');
    expect(at('$.experiment.variants')).toContain('sum to 80');
    expect(at('$.decisions[0].content.values.headline')).toContain('firstNme');
    expect(at('$.fallback.id')).toContain('duplicate decision id');
    // The problem of the targeting rule is inside that decision's card.
    expect(within(screen.getByTestId('decision-tier_perks')).getByText(/unknown field "tier"/)).toBeTruthy();
    expect(screen.getByTestId('unassigned-problems').textContent).toContain('onboarding_banner_old');
  });

  it.each(sampleConfig().dataSpaces[0]!.personalizationPoints.map((p, i) => [p.apiName, i] as const))(
    'every field of %s can show its problems',
    async (name, index) => {
      const base = `$.dataSpaces[0].personalizationPoints[${index}]`;
      let paths: string[] = [];
      renderApp(
        mockClient({
          'config.validate': () => ({
            valid: false,
            errors: paths.map((p) => ({ path: base + p.slice(1), message: `problem at ${p}` })),
            warnings: [],
          }),
        }),
        `#/points?point=${name}`,
      );
      await screen.findByTestId('point-editor');
      paths = editorFieldPaths(useWorkbench.getState().draft!);
      useWorkbench.getState().updateDraft((d) => void (d.label = `${d.label}!`));
      await useWorkbench.getState().saveDraft();
      await waitFor(() => expect(document.querySelectorAll('[data-problems-for]').length).toBeGreaterThan(0));
      for (const p of paths)
        expect(document.querySelector(`[data-problems-for="${p}"]`)?.textContent, p).toContain(`problem at ${p}`);
      expect(screen.queryByTestId('unassigned-problems')).toBeNull();
    },
  );

  it('saves through config.validate then config.save', async () => {
    const client = await openBanner({ 'config.save': () => ({ revision: 2, warnings: [] }) });
    fireEvent.change(screen.getByLabelText('Point label'), { target: { value: 'Welcome banner' } });
    fireEvent.click(screen.getByText('Save', { selector: 'button' }));
    await waitFor(() => expect(screen.getByTestId('save-message').textContent).toContain('revision 2'));
    expect(client.calls.map((c) => c.name).filter((n) => n.startsWith('config.'))).toEqual(
      expect.arrayContaining(['config.validate', 'config.save']),
    );
    const saved = client.callsOf('config.save')[0]!.config as {
      dataSpaces: { personalizationPoints: { label: string }[] }[];
    };
    expect(saved.dataSpaces[0]!.personalizationPoints[3]!.label).toBe('Welcome banner');
  });

  it('the experiment weights sum is shown and flagged when it is not 100', async () => {
    await openBanner();
    fireEvent.change(screen.getByLabelText('Variant 2 weight'), { target: { value: '30' } });
    expect(screen.getByTestId('weights-sum').textContent).toContain('= 80 %');
    expect(screen.getByTestId('weights-sum').className).toContain('bad');
    fireEvent.click(screen.getByText('Split evenly', { selector: 'button' }));
    expect(screen.getByTestId('weights-sum').textContent).toContain('= 100 %');
  });

  it('tests the draft against an individual and colours the rule tree node by node', async () => {
    const trace = realTrace(['onboarding_banner']);
    const test: OutputOf<'points.test'> = {
      requestId: trace.requestId,
      response: trace.response,
      credits: trace.credits,
      trace,
      warnings: [],
      pointPath: POINT,
    };
    const client = await openBanner({ 'points.test': () => test });
    fireEvent.change(screen.getByLabelText('Individual id'), { target: { value: 'ind_000018' } });
    fireEvent.click(screen.getByText('Test', { selector: 'button' }));
    const result = await screen.findByTestId('test-result');
    expect(client.callsOf('points.test')[0]!.individualId).toBe('ind_000018');
    const served = trace.points[0]!;
    expect(within(result).getByTestId('test-decision').textContent).toBe(served.decisionId);
    // Each evaluated rule's tree: the root's verdict, then its operands.
    for (const d of served.decisions.filter((x) => x.explain)) {
      const tree = within(result).getByTestId(`explain-${d.decisionId}`);
      const root = tree.querySelector('[data-path="$"]')!;
      expect(root.getAttribute('data-verdict')).toBe(d.status === 'matched' ? 'true' : 'false');
    }
    expect(result.querySelectorAll('[data-verdict="value"]').length).toBeGreaterThan(0);
    // The merge fields of the served decision, resolved for this individual, under its content.
    if (served.personalizing?.mergeFields?.some((m) => m.template.includes('{{')))
      expect(screen.getAllByTestId('merge-preview').some((p) => p.textContent!.includes('For ind_000018'))).toBe(true);
  });

  it('an invalid draft tested shows the problems instead of a decision', async () => {
    await openBanner({
      'points.test': () => ({
        ok: false,
        error: {
          code: 'InvalidInput',
          message: 'the draft has 1 problem(s)',
          path: POINT,
          problems: [{ path: `${POINT}.decisions[0].targetingRule`, message: 'Unknown operator "equals" at $' }],
        },
      }),
    });
    fireEvent.change(screen.getByLabelText('Individual id'), { target: { value: 'ind_1' } });
    fireEvent.click(screen.getByText('Test', { selector: 'button' }));
    const panel = screen.getByTestId('test-panel');
    await waitFor(() => expect(panel.textContent).toContain('The draft is not valid yet'));
    expect(panel.textContent).toContain('$.decisions[0].targetingRule');
  });

  it('previews the audience of each decision of the draft', async () => {
    const audience: OutputOf<'points.audience'> = {
      point: 'onboarding_banner',
      asOf: AS_OF,
      refresh: { id: 3, graph: 'Customer_Profile', refreshedAt: REFRESHED_AT },
      segment: 'Active_Shoppers',
      total: 7_000,
      byDecision: [
        { decisionId: 'welcome_new_customer', label: 'New Customers: Welcome', count: 120, viaExperiment: 0 },
        { decisionId: 'tier_perks', label: 'Gold and Platinum: Perks', count: 900, viaExperiment: 0 },
        { decisionId: 'free_shipping', label: 'Free Shipping', count: 3_400, viaExperiment: 3_000 },
      ],
      experimentVariants: [
        { key: 'control', label: 'Control', decisionId: null, control: true, count: 3_500 },
        {
          key: 'free_shipping',
          label: 'Free shipping copy',
          decisionId: 'free_shipping',
          control: false,
          count: 3_500,
        },
      ],
      outOfPool: 0,
      fallback: { decisionId: 'onboarding_fallback', label: 'Fallback: New Season', count: 2_580 },
      none: 0,
      errors: { count: 0, byCode: {}, examples: [] },
      warnings: [],
    };
    const client = await openBanner({ 'points.audience': () => audience });
    fireEvent.change(screen.getByLabelText('Audience segment'), { target: { value: 'Active_Shoppers' } });
    fireEvent.click(screen.getByText('Count', { selector: 'button' }));
    await screen.findByTestId('audience-result');
    expect(screen.getByTestId('audience-count-tier_perks').textContent).toBe('900');
    expect(screen.getByTestId('audience-count-fallback').textContent).toBe('2,580');
    const input = client.callsOf('points.audience')[0]!;
    expect(input).toMatchObject({ segment: 'Active_Shoppers', replaces: 'onboarding_banner' });
    expect(typeof input.point).toBe('object');
  });

  it('creates a new manual point with a first decision', async () => {
    await openBanner();
    fireEvent.click(screen.getByText('+ Manual point', { selector: 'button' }));
    await waitFor(() =>
      expect((screen.getByLabelText('Point API name') as HTMLInputElement).value).toBe('new_point_1'),
    );
    expect(screen.getByText('new, not saved yet')).toBeTruthy();
    expect(screen.getAllByLabelText('Decision label')).toHaveLength(1);
  });
});
