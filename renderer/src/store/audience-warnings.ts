import type { PersonalizationPoint } from '../../../engine/model/index.ts';
import type { PointAudience } from './points-slice.ts';

/** A decision the audience preview says catches nobody (0 %) or everybody (100 %). */
export interface AudienceExtreme {
  decisionId: string;
  label: string;
  count: number;
  total: number;
  share: 0 | 100;
}

/**
 * Active decisions with a targeting rule that the preview of this very draft counts at 0 % or
 * 100 % of its audience: a rule that holds for nobody, or for everybody, is most often a mistake
 * (a threshold typed wrong, a condition inverted), so the editor warns before it is saved. Only
 * an edited draft is looked at, and only a count of the current draft (an older one is stale).
 */
export function audienceExtremes(
  draft: PersonalizationPoint | null,
  dirty: boolean,
  audience: PointAudience | null,
  countedFor: PersonalizationPoint | null,
): AudienceExtreme[] {
  if (!draft || !dirty || !audience || countedFor !== draft || audience.total === 0) return [];
  const out: AudienceExtreme[] = [];
  for (const d of audience.byDecision) {
    const decision = draft.decisions.find((x) => x.id === d.decisionId);
    if (!decision || !decision.active || decision.targetingRule === null) continue;
    if (d.count !== 0 && d.count !== audience.total) continue;
    out.push({
      decisionId: d.decisionId,
      label: d.label,
      count: d.count,
      total: audience.total,
      share: d.count === 0 ? 0 : 100,
    });
  }
  return out;
}
