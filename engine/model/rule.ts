import { z } from 'zod';

/**
 * A targeting rule or segment rule: JSONLogic (jsonlogic.com semantics) plus the custom
 * operators documented in engine/rules/README.md. Structure is checked by the rule compiler,
 * which names the JSON path of any offending node.
 */
export const Rule = z.json().describe('JSONLogic rule (see docs/rules.md)');
export type Rule = z.infer<typeof Rule>;
