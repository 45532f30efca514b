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
  /** The strategy's score before boosts, when a boost applied (score = baseScore × boost). */
  baseScore?: number;
  /** Product of the multipliers of the boosts that matched the item, when any did. */
  boost?: number;
  /** The backfill recommender that proposed it; absent for the recommender's own candidates. */
  from?: string;
}

/** A calculated insight a strategy read, as the request saw it. */
export interface InsightTrace {
  name: string;
  subject: string;
  /** Its last refresh at or before the as-of time; null when it was never refreshed by then. */
  refreshedAt: string | null;
  /** The refresh that was read: on the schedule (materialized on demand) or by hand. */
  refreshKind?: 'scheduled' | 'manual';
}

/** What one recommender of a backfill chain contributed. */
export interface BackfillTrace {
  apiName: string;
  type: string;
  strategy: string;
  source: string;
  sourceRefreshedAt: string | null;
  insights?: InsightTrace[];
  /** Why the strategy yielded nothing or little (no anchor, never refreshed…). */
  note?: string;
  /** Items it added to the list. */
  contributed: number;
  notConsidered?: number;
}

/** One window of an individual's engagement read beyond the profile document, or capped by it (docs/caps.md). */
export interface EngagementReadTrace {
  purpose: string;
  object: string;
  read: 'history' | 'capped';
  rows: number;
  documentRows: number;
  note: string;
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
    /** The calculated insights the strategy read, with their refresh times. */
    insights?: InsightTrace[];
    /** Why the strategy yielded nothing or little (no anchor item in the context, never refreshed…). */
    note?: string;
    /** Objective-based: when the model used was trained. */
    trainedAt?: string;
    /** Objective-based: hours between that training and the as-of time. */
    modelAgeHours?: number;
    /** Objective-based: why the model is not the one of the 24-hour cycle at the as-of time (pinned, or not trained). */
    modelNote?: string;
    /** Windows of the individual's engagement (exclusions, fold-in) the profile document did not cover: read from the event history, or capped. */
    engagementReads?: EngagementReadTrace[];
    /** Objective-based: items created after that training, unknown to the model (reachable only through the backfill). */
    unknownItems?: string[];
    /** Items the recommender's own strategy returned; the rest came from its backfill chain. */
    contributed?: number;
    /** The backfill chain, in the order it was asked, when the strategy yielded too few items. */
    backfill?: BackfillTrace[];
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
    /** Caps that applied to this individual: documents at a row cap, windows read beyond or capped by the document (docs/caps.md). */
    caps?: string[];
  };
  context: Record<string, JsonValue>;
  stages: StageTrace[];
  points: PointTrace[];
  response: DecisionResponse;
  credits: number;
}
