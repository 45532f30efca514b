import type {
  DataSpaceConfig,
  Decision,
  FallbackDecision,
  PersonalizationPoint,
  ProfileDataGraph,
  Recommender,
  Scalar,
  Segment,
} from '../model/index.ts';
import { compile, type CompiledRule } from '../rules/index.ts';
import { compileExperiment, type Assigner } from '../experiments/index.ts';
import { parseTemplate, type TemplatePart } from './merge-fields.ts';

export type CompiledContent =
  | { type: 'manual'; fields: { name: string; value: Scalar; parts?: TemplatePart[] }[] }
  | {
      type: 'recommendations';
      recommender: Recommender | undefined;
      recommenderName: string;
      itemCount: number;
      /** The recommender's backfill chain in order (a name the config lacks ends it, with no recommender). */
      backfills: { name: string; recommender: Recommender | undefined }[];
    };

export interface CompiledDecision {
  decision: Decision | FallbackDecision;
  /** Priority order position; the fallback has none. */
  priority: number | null;
  active: boolean;
  rule: CompiledRule | null;
  content: CompiledContent;
}

export interface CompiledPoint {
  point: PersonalizationPoint;
  /** Decisions in evaluation order (priority, then position). */
  decisions: CompiledDecision[];
  byId: Map<string, CompiledDecision>;
  fallback?: CompiledDecision;
  experiment?: { assign: Assigner; active: boolean; variantDecision: (CompiledDecision | undefined)[] };
  /** Template fields a recommended item must have (required fields of the response template). */
  requiredItemFields: string[];
  itemFields: string[];
  /** The engagement the point's profile data graph's documents hold (lookbacks, row caps). */
  graphEngagement?: ProfileDataGraph['engagement'];
}

export interface CompiledSegment {
  segment: Segment;
  rule: CompiledRule;
}

/** A data space's config compiled once for many requests: rules to closures, experiments to assigners. */
export interface CompiledSpace {
  config: DataSpaceConfig;
  points: Map<string, CompiledPoint>;
  segments: CompiledSegment[];
}

function compileContent(content: Decision['content'], recommenders: Map<string, Recommender>): CompiledContent {
  if (content.type === 'manual') {
    return {
      type: 'manual',
      fields: Object.entries(content.values).map(([name, value]) =>
        typeof value === 'string' && value.includes('{{')
          ? { name, value, parts: parseTemplate(value) }
          : { name, value },
      ),
    };
  }
  const recommender = recommenders.get(content.recommender);
  return {
    type: 'recommendations',
    recommender,
    recommenderName: content.recommender,
    itemCount: content.itemCount,
    backfills: backfillChain(recommender, recommenders),
  };
}

/** Follows `backfill` names from a recommender; stops at a missing name or a cycle (validation refuses both). */
function backfillChain(
  rec: Recommender | undefined,
  recommenders: Map<string, Recommender>,
): { name: string; recommender: Recommender | undefined }[] {
  const chain: { name: string; recommender: Recommender | undefined }[] = [];
  const seen = new Set(rec ? [rec.apiName] : []);
  for (let name = rec?.backfill; name !== undefined && !seen.has(name);) {
    seen.add(name);
    const next = recommenders.get(name);
    chain.push({ name, recommender: next });
    name = next?.backfill;
  }
  return chain;
}

/** Compiles a validated data space config. Throws only on a config that skipped validation (a bug). */
export function compileSpace(config: DataSpaceConfig): CompiledSpace {
  const recommenders = new Map(config.recommenders.map((r) => [r.apiName, r]));
  const points = new Map<string, CompiledPoint>();
  for (const point of config.personalizationPoints) {
    const decisions = point.decisions
      .map((d, i) => ({ d, i }))
      .sort((a, b) => a.d.priority - b.d.priority || a.i - b.i)
      .map(({ d }): CompiledDecision => ({
        decision: d,
        priority: d.priority,
        active: d.active,
        rule: d.targetingRule === null ? null : compile(d.targetingRule),
        content: compileContent(d.content, recommenders),
      }));
    const byId = new Map(decisions.map((d) => [d.decision.id, d]));
    const fallback: CompiledDecision | undefined = point.fallback
      ? {
          decision: point.fallback,
          priority: null,
          active: true,
          rule: null,
          content: compileContent(point.fallback.content, recommenders),
        }
      : undefined;
    const ex = point.experiment;
    points.set(point.apiName, {
      point,
      decisions,
      byId,
      fallback,
      experiment: ex
        ? {
            assign: compileExperiment(ex),
            active: ex.active,
            variantDecision: ex.variants.map((v) => (v.decision ? byId.get(v.decision) : undefined)),
          }
        : undefined,
      requiredItemFields: point.responseTemplate.fields.filter((f) => f.required).map((f) => f.name),
      itemFields: point.responseTemplate.fields.map((f) => f.name),
      graphEngagement: config.profileDataGraphs.find((g) => g.apiName === point.profileDataGraph)?.engagement,
    });
  }
  return {
    config,
    points,
    segments: config.segments.map((segment) => ({ segment, rule: compile(segment.rule) })),
  };
}
