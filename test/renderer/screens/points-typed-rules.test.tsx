// @vitest-environment jsdom
import '../dom-setup.ts';
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from '../render-app.tsx';
import { AS_OF, mockClient, REFRESHED_AT } from '../factories.ts';
import { useWorkbench } from '../../../renderer/src/store/store.ts';
import type { OutputOf } from '../../../renderer/src/api/client.ts';

/** Opens loyalty_email_recs, whose first decision targets lifetime_value ≥ 1000. */
async function openLoyalty(over: Parameters<typeof mockClient>[0] = {}) {
  const client = mockClient({
    'config.validate': () => ({ valid: true, errors: [], warnings: [] }),
    'config.save': () => ({ revision: 3, warnings: [] }),
    ...over,
  });
  renderApp(client, '#/points?point=loyalty_email_recs');
  await screen.findByTestId('point-editor');
  const rule = screen.getByTestId('rule-high_value_member_recs');
  const input = within(rule).getByDisplayValue('1000') as HTMLInputElement;
  return { client, rule, input };
}

const firstRule = () => useWorkbench.getState().draft!.decisions[0]!.targetingRule;

/** The preview of loyalty_email_recs with the first decision catching `count` of 7,000. */
function audience(count: number): OutputOf<'points.audience'> {
  return {
    point: 'loyalty_email_recs',
    asOf: AS_OF,
    refresh: { id: 3, graph: 'Customer_Profile', refreshedAt: REFRESHED_AT },
    segment: null,
    total: 7_000,
    byDecision: [
      {
        decisionId: 'high_value_member_recs',
        label: 'Lifetime Value ≥ 1,000: Picked for You',
        count,
        viaExperiment: 0,
      },
      { decisionId: 'loyalty_member_recs', label: 'Loyalty Members: Recommended for You', count: 0, viaExperiment: 0 },
    ],
    experimentVariants: [],
    outOfPool: 0,
    fallback: { decisionId: 'loyalty_email_fallback', label: 'Fallback: Top Sellers', count: 7_000 - count },
    none: 0,
    errors: { count: 0, byCode: {}, examples: [] },
    warnings: [],
  };
}

describe('typed values in the rule builder', () => {
  it('a number field refuses text: the rule keeps what was typed, marked invalid inline, and Save is blocked', async () => {
    const { client, rule, input } = await openLoyalty();
    fireEvent.change(input, { target: { value: '' } });
    fireEvent.change(input, { target: { value: 'abc' } });
    // The rule holds the text as typed (never a silent ""), so the service's type check sees it too.
    await waitFor(() => expect(firstRule()).toEqual({ '>=': [{ ci: ['lifetime_value', 0] }, 'abc'] }));
    expect(input.value).toBe('abc');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const described = document.getElementById(input.getAttribute('aria-describedby')!);
    expect(described?.textContent).toBe('"abc" is not a number. Calculated insight: lifetime_value is a number.');
    expect(within(rule).getByTestId('value-problem')).toBe(described);
    expect(screen.getByTestId('invalid-values').textContent).toBe('1 invalid value');

    fireEvent.click(screen.getByText('Save', { selector: 'button' }));
    await waitFor(() => expect(screen.getByTestId('save-message').textContent).toMatch(/^Not saved: 1 value/));
    expect(client.callsOf('config.save')).toHaveLength(0);
    expect(useWorkbench.getState().saveState).toBe('invalid');

    // A number fixes it: no longer invalid, and Save goes through.
    fireEvent.change(input, { target: { value: '750' } });
    await waitFor(() => expect(firstRule()).toEqual({ '>=': [{ ci: ['lifetime_value', 0] }, 750] }));
    // The refusal was about the value before the edit: its message goes.
    expect(screen.queryByTestId('save-message')).toBeNull();
    expect(input.hasAttribute('aria-invalid')).toBe(false);
    expect(input.hasAttribute('aria-describedby')).toBe(false);
    expect(within(rule).queryByTestId('value-problem')).toBeNull();
    fireEvent.click(screen.getByText('Save', { selector: 'button' }));
    await waitFor(() => expect(screen.getByTestId('save-message').textContent).toContain('revision 3'));
    expect(client.callsOf('config.save')).toHaveLength(1);
  });

  it('an emptied number field is invalid too (not a threshold of "")', async () => {
    const { input } = await openLoyalty();
    fireEvent.change(input, { target: { value: '' } });
    await waitFor(() => expect(firstRule()).toEqual({ '>=': [{ ci: ['lifetime_value', 0] }, ''] }));
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toMatch(/^Enter a number\./);
    expect(useWorkbench.getState().invalidValues).toEqual({ 'decisions[0]': 1 });
  });

  it('removing the decision with the invalid value unblocks Save', async () => {
    const { input } = await openLoyalty();
    fireEvent.change(input, { target: { value: 'abc' } });
    await waitFor(() => expect(useWorkbench.getState().invalidValues).toEqual({ 'decisions[0]': 1 }));
    fireEvent.click(screen.getByLabelText('Remove Lifetime Value ≥ 1,000: Picked for You'));
    await waitFor(() => expect(useWorkbench.getState().invalidValues).toEqual({}));
    expect(screen.queryByTestId('invalid-values')).toBeNull();
  });
});

describe('0 % / 100 % audience warning', () => {
  it('warns before Save when an edit makes a decision catch everybody in the preview', async () => {
    let count = 1_250;
    const { input } = await openLoyalty({ 'points.audience': () => audience(count) });
    fireEvent.click(screen.getByText('Count', { selector: 'button' }));
    await screen.findByTestId('audience-result');
    expect(screen.queryByTestId('audience-warning')).toBeNull();

    count = 7_000;
    fireEvent.change(input, { target: { value: '0' } });
    // The preview re-counts the edited draft; its answer is for this very draft, so it warns.
    const warning = await screen.findByTestId('audience-warning', {}, { timeout: 3000 });
    expect(warning.getAttribute('role')).toBe('status');
    expect(warning.textContent).toContain(
      '“Lifetime Value ≥ 1,000: Picked for You” would be served to 100 % of the audience (7,000 of 7,000)',
    );
    expect(warning.textContent).toContain('no later decision or fallback is ever reached');
    // loyalty_member_recs counted 0 but its rule is unchanged and it is still reported: it is never reached.
    expect(warning.textContent).toContain('“Loyalty Members: Recommended for You” would be served to 0 %');
    // A warning, not an error: Save goes through.
    fireEvent.click(screen.getByText('Save', { selector: 'button' }));
    await waitFor(() => expect(screen.getByTestId('save-message').textContent).toContain('revision 3'));
  });

  it('warns when an edit makes a decision catch nobody, and not for a count of an older draft', async () => {
    let count = 1_250;
    const { input } = await openLoyalty({ 'points.audience': () => audience(count) });
    fireEvent.click(screen.getByText('Count', { selector: 'button' }));
    await screen.findByTestId('audience-result');
    count = 0;
    fireEvent.change(input, { target: { value: '1000000' } });
    // Until the re-count arrives, the count on screen is of the older draft: no warning from it.
    expect(screen.queryByTestId('audience-warning')).toBeNull();
    const warning = await screen.findByTestId('audience-warning', {}, { timeout: 3000 });
    expect(warning.textContent).toContain('would be served to 0 % of the audience (0 of 7,000): nobody gets it');
  });
});
