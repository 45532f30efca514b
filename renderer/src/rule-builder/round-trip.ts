import type { RuleGroupType } from 'react-querybuilder';
import { jsonLogicToQuery } from './parse-rule.ts';
import { queryToJsonLogic } from './format-rule.ts';
import { jsonEqual, type Json } from './json-values.ts';

/** Whether the visual builder can edit a rule without changing it. */
export type BuilderView =
  | { ok: true; query: RuleGroupType }
  | {
      ok: false;
      reason: string;
      /** What the builder would make of it (semantics may differ). */ approximation: Json | null;
    };

/**
 * Opens a rule in the builder only when writing the parsed query back gives the very same JSON;
 * otherwise the rule stays in the JSON view (nothing is silently rewritten).
 */
export function ruleToBuilder(rule: Json | null): BuilderView {
  const query = rule === null ? { combinator: 'and', rules: [] } : jsonLogicToQuery(rule);
  const back = queryToJsonLogic(query);
  if (jsonEqual(back, rule)) return { ok: true, query };
  return {
    ok: false,
    reason:
      'The visual builder cannot represent this rule exactly (operators or shapes it does not edit); edit it as JSON.',
    approximation: back,
  };
}
