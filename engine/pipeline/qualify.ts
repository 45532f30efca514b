import type { DecisionEvaluation, FaultCode, JsonValue, Outcome, ProfileData, ReasonCode } from '../model/index.ts';
import { explain, truthy, whyNot, type RuleContext } from '../rules/index.ts';
import type { Assignment } from '../experiments/index.ts';
import type { CompiledDecision, CompiledPoint } from './compile-space.ts';

/** The qualifying stage's result for one point. */
export interface Qualified {
  cp: CompiledPoint;
  outcome: Outcome;
  reason: ReasonCode;
  chosen?: CompiledDecision;
  assignment?: Assignment;
  evaluations: DecisionEvaluation[];
  fault?: { code: FaultCode; message: string };
}

/** Qualifying stage for one point: the experiment first, then decisions by priority, else the fallback. */
export function qualify(cp: CompiledPoint, data: ProfileData, ctx: RuleContext, tracing: boolean): Qualified {
  const evaluations: DecisionEvaluation[] = [];
  if (!cp.point.active) return { cp, outcome: 'none', reason: 'PointInactive', evaluations };
  // 3a. The experiment is the highest-priority object on the point.
  let assignment: Assignment | undefined;
  if (cp.experiment?.active) {
    assignment = cp.experiment.assign(data.id);
    if (assignment.inPool && !assignment.control) {
      const chosen = cp.experiment.variantDecision[assignment.variantIndex];
      if (!chosen)
        return {
          cp,
          outcome: 'error',
          reason: 'Fault',
          assignment,
          evaluations,
          fault: {
            code: 'ConfigurationMissing',
            message: `experiment variant ${assignment.variantKey} serves a decision that does not exist`,
          },
        };
      if (tracing) for (const d of cp.decisions) evaluations.push(evaluation(d, 'not-evaluated'));
      return { cp, outcome: 'decision', reason: 'ExperimentVariant', chosen, assignment, evaluations };
    }
  }
  // 3b. Decisions by priority: the first active one whose targeting rule holds.
  let chosen: CompiledDecision | undefined;
  let reason: ReasonCode = 'NoDecision';
  for (const d of cp.decisions) {
    if (chosen) {
      if (tracing) evaluations.push(evaluation(d, d.active ? 'not-evaluated' : 'inactive'));
      continue;
    }
    if (!d.active) {
      if (tracing) evaluations.push(evaluation(d, 'inactive'));
      continue;
    }
    if (d.rule === null) {
      chosen = d;
      reason = 'NoTargetingRule';
      if (tracing) evaluations.push(evaluation(d, 'matched'));
      continue;
    }
    try {
      if (tracing) {
        const tree = explain((d.decision as { targetingRule: unknown }).targetingRule, data, ctx);
        const matched = truthy(tree.value);
        const ev = evaluation(d, matched ? 'matched' : 'not-matched');
        ev.explain = tree;
        if (!matched) {
          const why = whyNot(tree);
          if (why) ev.whyNot = why;
        }
        evaluations.push(ev);
        if (matched) {
          chosen = d;
          reason = 'TargetingRuleMatched';
        }
      } else if (truthy(d.rule(data, ctx))) {
        chosen = d;
        reason = 'TargetingRuleMatched';
      }
    } catch (e) {
      const message = `targeting rule of decision ${d.decision.id} failed: ${(e as Error).message}`;
      if (tracing) evaluations.push({ ...evaluation(d, 'error'), error: message });
      return {
        cp,
        outcome: 'error',
        reason: 'Fault',
        assignment,
        evaluations,
        fault: { code: 'RuleEvaluationError', message },
      };
    }
  }
  if (chosen) return { cp, outcome: 'decision', reason, chosen, assignment, evaluations };
  // 3c. Nothing qualified: the fallback, else no decision.
  if (cp.fallback) return { cp, outcome: 'fallback', reason: 'Fallback', chosen: cp.fallback, assignment, evaluations };
  return { cp, outcome: 'none', reason: 'NoDecision', assignment, evaluations };
}

function evaluation(d: CompiledDecision, status: DecisionEvaluation['status']): DecisionEvaluation {
  const dec = d.decision as { id: string; label: string; priority?: number; targetingRule?: JsonValue | null };
  return {
    decisionId: dec.id,
    label: dec.label,
    priority: dec.priority ?? -1,
    active: d.active,
    status,
    rule: dec.targetingRule ?? null,
  };
}
