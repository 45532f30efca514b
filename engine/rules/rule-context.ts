import { formatTimestamp, parseTimestamp } from './timestamps.ts';

/** Everything a rule may read besides the profile: the as-of time and an optional log sink. */
export interface RuleContext {
  /** Canonical ISO UTC as-of time, e.g. 2026-11-29T20:00:00.000Z. */
  asOf: string;
  /** The same instant in epoch milliseconds. */
  asOfMs: number;
  /** Receives the argument of every `log` operator (rules never write to the console). */
  log?: (value: unknown) => void;
}

/** Builds a context from an ISO time; throws on a time that does not parse. */
export function ruleContext(asOf: string): RuleContext {
  const ms = parseTimestamp(asOf);
  const canonical = ms === ms ? formatTimestamp(ms) : null;
  if (canonical === null)
    throw new Error(
      `Invalid as-of time ${JSON.stringify(asOf)}: expected an ISO-8601 timestamp such as 2026-11-29T20:00:00.000Z`,
    );
  return { asOf: canonical, asOfMs: ms };
}
