import type { WorkbenchState } from './store-types.ts';
import type { DataSpaceConfig, PersonalizationPoint, Problem } from '../../../engine/model/index.ts';
import { relativeToPoint } from './draft-placement.ts';

/** The configuration of the selected data space. */
export const selectSpaceConfig = (s: WorkbenchState): DataSpaceConfig | undefined =>
  s.config?.config.dataSpaces.find((d) => d.apiName === s.dataSpace);

/** The saved personalization points of the selected data space. */
const NO_POINTS: PersonalizationPoint[] = [];
export const selectPoints = (s: WorkbenchState): PersonalizationPoint[] =>
  selectSpaceConfig(s)?.personalizationPoints ?? NO_POINTS;

/** Sum of the draft experiment's variant weights (must be 100). */
export const selectWeightSum = (s: WorkbenchState): number | null =>
  s.draft?.experiment
    ? Math.round(
        s.draft.experiment.variants.reduce((a, v) => a + (Number.isFinite(v.weight) ? v.weight : 0), 0) * 1000,
      ) / 1000
    : null;

export type EditorProblem = Problem & { relPath?: string };

/** Problems of the draft with paths relative to the point (`$.decisions[0]…`); others keep only their absolute path. */
export function editorProblems(problems: readonly Problem[], pointPath: string | null): EditorProblem[] {
  return problems.map((p) => {
    const relPath = relativeToPoint(p.path, pointPath);
    return relPath === undefined ? { ...p } : { ...p, relPath };
  });
}
