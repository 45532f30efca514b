import type {
  DecisionResponse,
  DecisionTrace,
  Fault,
  FaultCode,
  Outcome,
  Personalization,
  ReasonCode,
} from '../model/index.ts';
import type { ItemCatalog, ProfileSource, StrategyData } from '../model/sources.ts';
import type { CompiledSpace } from './compile-space.ts';
import type { EngagementRead } from '../recommenders/engagement-window.ts';

/** What the pipeline reads; everything comes in here, nothing from globals. */
export interface DecideEnv {
  dataSpace: string;
  space: CompiledSpace;
  profiles: ProfileSource;
  catalog: ItemCatalog;
  strategies: StrategyData;
  /** Monotonic milliseconds for stage timings (e.g. performance.now); without it timings are 0. */
  clock?: () => number;
}

export interface DecideOptions {
  trace?: boolean;
  /** Id of the request; derived from its content when absent (deterministic). */
  requestId?: string;
}

/** The outcome of one point of a request: what the decision log records. */
export interface PointOutcome {
  personalizationPointId: string;
  outcome: Outcome;
  reason: ReasonCode;
  decisionId: string | null;
  experimentKey: string | null;
  variantKey: string | null;
  inPool: boolean;
  control: boolean;
  itemIds: string[];
  credits: number;
  fault?: { code: FaultCode; message: string };
  personalization?: Personalization;
  /** Windows of the individual's engagement read beyond the profile document, or capped by it (docs/caps.md). */
  caps?: EngagementRead[];
}

export type DecideResult =
  | {
      ok: true;
      requestId: string;
      response: DecisionResponse;
      points: PointOutcome[];
      credits: number;
      /** Labels of the caps that applied to this individual (documents at a row cap, reads beyond them), for a run's counts. */
      caps?: string[];
      trace?: DecisionTrace;
    }
  | { ok: false; error: Fault };
