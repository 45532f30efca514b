import type { JsonValue } from './json.ts';
import type { DecisionResponse } from './decision.ts';

/** Every node of a rule with its value for one individual (rules' explain mode). */
export interface ExplainNode {
  /** JSON path of the node inside the rule, e.g. $.and[1] */
  path: string;
  /** Operator name, or "literal" / "var" etc. */
  op: string;
  /** The node's value for this individual (truncated for large arrays). */
  value: JsonValue;
  /** Operand nodes that were evaluated (short-circuited operands are absent or marked). */
  args: ExplainNode[];
  /** True when this node was not evaluated because of short-circuiting. */
  skipped?: boolean;
  /** For `var`: the path read and whether it was missing. */
  varPath?: string;
  missing?: boolean;
}

export type Outcome = 'decision' | 'fallback' | 'none' | 'error';

/** Why a point ended as it did. */
export type ReasonCode =
  | 'ExperimentVariant'
  | 'TargetingRuleMatched'
  | 'NoTargetingRule'
  | 'Fallback'
  | 'NoDecision'
  | 'PointInactive'
  | 'Fault';

export type StageName = 'request' | 'augmenting' | 'qualifying' | 'personalizing' | 'response';

export interface StageTrace {
  stage: StageName;
  /** Milliseconds; the one part of a trace that varies between identical runs. */
  durationMs: number;
  summary: string;
}

/** The evaluation of one decision's targeting rule. */
export interface DecisionEvaluation {
  decisionId: string;
  label: string;
  priority: number;
  active: boolean;
  /** 'matched' | 'not-matched' | 'inactive' | 'not-evaluated' (a higher-priority decision matched) | 'error' */
  status: 'matched' | 'not-matched' | 'inactive' | 'not-evaluated' | 'error';
  rule: JsonValue | null;
  explain?: ExplainNode;
  /** The first condition that failed (the "why not"), when not matched. */
  whyNot?: { path: string; op: string; value: JsonValue; description: string };
  error?: string;
}

export interface ExperimentTrace {
  key: string;
  /** GrowthBook hash v2 value of (key, individual id) in [0, 1). */
  hashValue: number;
  /** true when the individual is in the experiment's traffic (pool). */
  inPool: boolean;
  variantKey: string | null;
  variantIndex: number;
  control: boolean;
  bucketRanges: [number, number][];
}

export interface CandidateTrace {
  itemId: string;
  score: number;
  rank: number | null;
  /** Why the candidate was dropped; absent when it was returned. */
  excluded?: string;
}

export interface MergeFieldTrace {
  field: string;
  template: string;
  value: JsonValue;
  /** Merge fields the profile did not have (rendered as the default or as empty). */
  missing: string[];
}

export interface PersonalizingTrace {
  kind: 'manual' | 'recommendations';
  mergeFields?: MergeFieldTrace[];
  recommender?: {
    apiName: string;
    type: string;
    strategy: string;
    source: string;
    sourceRefreshedAt: string | null;
    requested: number;
    returned: number;
    candidates: CandidateTrace[];
    /** Candidates not looked at because the list was already full. */
    notConsidered?: number;
  };
}

/** The trace of one point within a request. */
export interface PointTrace {
  personalizationPointId: string;
  outcome: Outcome;
  reason: ReasonCode;
  decisionId: string | null;
  experiment?: ExperimentTrace;
  decisions: DecisionEvaluation[];
  personalizing?: PersonalizingTrace;
  fault?: { code: string; message: string };
  credits: number;
}

/** Everything needed to answer "why did this individual get this?". */
export interface DecisionTrace {
  requestId: string;
  individualId: string;
  dataSpace: string;
  asOf: string;
  freshness: {
    profileRefreshedAt: string | null;
    stale: string[];
  };
  context: Record<string, JsonValue>;
  stages: StageTrace[];
  points: PointTrace[];
  response: DecisionResponse;
  credits: number;
}
