// Reading figures the UI shows, for comparing them with the service's and the CLI's answers.
import type { Locator } from 'playwright-core';

/** "12,345" → 12345 (the UI formats counts en-US). */
export const num = (text: string | null): number => Number((text ?? '').replace(/[^\d.-]/g, ''));

/** The number a locator shows. */
export async function shown(locator: Locator): Promise<number> {
  return num(await locator.first().textContent());
}

/** A fixed as-of time for every e2e comparison (the e2e sample's history ends here). */
export const E2E_AS_OF = '2026-11-28T00:00:00.000Z';
/** The same time as a datetime-local input value (the UI reads it as UTC). */
export const E2E_AS_OF_INPUT = '2026-11-28T00:00';
