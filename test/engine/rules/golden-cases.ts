import standardCases from './golden/standard-cases.json' with { type: 'json' };
import customCases from './golden/custom-cases.json' with { type: 'json' };

/** One golden case: a rule, the data it sees and the value it must produce. */
export interface GoldenCase {
  name: string;
  rule: unknown;
  data: unknown;
  result: unknown;
}

/** Comment strings in the JSON files are skipped. */
const casesOf = (list: unknown[]): GoldenCase[] =>
  list.filter((c): c is GoldenCase => typeof c === 'object' && c !== null);

export const STANDARD_CASES: GoldenCase[] = casesOf(standardCases as unknown[]);
export const CUSTOM_CASES: GoldenCase[] = casesOf(customCases as unknown[]);

/** The as-of time of every custom-operator golden case. */
export const GOLDEN_AS_OF = '2026-11-29T20:00:00.000Z';
