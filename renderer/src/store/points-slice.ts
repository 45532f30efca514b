import type { OutputOf, Result } from '../api/client.ts';
import type { PersonalizationPoint, Problem } from '../../../engine/model/index.ts';
import { decisionsInOrder, newPointDraft, placeDraft } from './draft-placement.ts';
import type { SliceCreator } from './store-types.ts';

export type PointTestOutput = OutputOf<'points.test'>;
export type PointAudience = OutputOf<'points.audience'>;
export type SaveState = 'idle' | 'validating' | 'invalid' | 'saving' | 'saved' | 'failed';

/** Live validation waits this long after the last edit. */
export const VALIDATE_DEBOUNCE_MS = 350;

export interface PointsSlice {
  /** The saved point the editor opened (null for a new, unsaved point). */
  editingPoint: string | null;
  draft: PersonalizationPoint | null;
  dirty: boolean;
  /** Problems and warnings of the config with the draft in place (absolute JSON paths). */
  problems: Problem[];
  warnings: Problem[];
  /** Where the draft sits in the config: the prefix of the problems that belong to the editor. */
  pointPath: string | null;
  saveState: SaveState;
  saveMessage: string | null;
  testIndividualId: string;
  testAsOf: string | null;
  testResult: Result<PointTestOutput> | null;
  testing: boolean;
  /** Audience preview: the segment counted (null = every individual of the refresh). */
  audienceSegment: string | null;
  audience: Result<PointAudience> | null;
  /** The draft the audience preview counted (a newer edit makes the count stale). */
  audienceFor: PersonalizationPoint | null;
  audienceLoading: boolean;
  /** Values of the rule builders (by decision) that do not fit their field; any blocks Save. */
  invalidValues: Record<string, number>;
  setInvalidValues(key: string, count: number): void;
  openPoint(apiName: string): void;
  newPoint(type: 'manual' | 'recommendations'): void;
  /** Applies an edit to a copy of the draft (the recipe mutates the copy). */
  updateDraft(recipe: (draft: PersonalizationPoint) => void): void;
  /** Moves a decision up (-1) or down (+1) in priority order; priorities are renumbered 0..n-1. */
  moveDecision(index: number, delta: -1 | 1): void;
  discardDraft(): void;
  validateDraft(): Promise<boolean>;
  /** config.validate, then config.save; every problem is shown at its field. */
  saveDraft(): Promise<boolean>;
  setTestIndividual(id: string): void;
  setTestAsOf(asOf: string | null): void;
  /** points.test: the draft's decision and trace for the test individual. */
  runTest(): Promise<void>;
  setAudienceSegment(segment: string | null): void;
  /** points.audience: how many individuals each decision of the draft would catch. */
  runAudience(): Promise<void>;
}

let audienceSeq = 0;

let validateTimer: ReturnType<typeof setTimeout> | undefined;
/** Forgets the pending live validation (store reset between tests). */
export function resetPointsInternals(): void {
  if (validateTimer) clearTimeout(validateTimer);
  validateTimer = undefined;
}

const normalized = (p: PersonalizationPoint): PersonalizationPoint => ({
  ...structuredClone(p),
  decisions: structuredClone(decisionsInOrder(p)),
});

export const createPointsSlice: SliceCreator<PointsSlice> = (set, get) => {
  const scheduleValidation = () => {
    resetPointsInternals();
    validateTimer = setTimeout(() => {
      validateTimer = undefined;
      void get().validateDraft();
    }, VALIDATE_DEBOUNCE_MS);
  };
  const placed = () => {
    const { config, draft, dataSpace, editingPoint } = get();
    if (!config || !draft) return undefined;
    return placeDraft(config.config, dataSpace, draft, editingPoint);
  };
  return {
    editingPoint: null,
    draft: null,
    dirty: false,
    problems: [],
    warnings: [],
    pointPath: null,
    saveState: 'idle',
    saveMessage: null,
    testIndividualId: '',
    testAsOf: null,
    testResult: null,
    testing: false,
    audienceSegment: null,
    audience: null,
    audienceFor: null,
    audienceLoading: false,
    invalidValues: {},
    setInvalidValues(key, count) {
      const current = get().invalidValues;
      if ((current[key] ?? 0) === count) return;
      const next = { ...current };
      if (count === 0) delete next[key];
      else next[key] = count;
      set({ invalidValues: next });
    },
    openPoint(apiName) {
      const space = get().config?.config.dataSpaces.find((s) => s.apiName === get().dataSpace);
      const point = space?.personalizationPoints.find((p) => p.apiName === apiName);
      resetPointsInternals();
      set({
        editingPoint: point ? apiName : null,
        draft: point ? normalized(point) : null,
        dirty: false,
        problems: [],
        warnings: [],
        pointPath: null,
        saveState: 'idle',
        saveMessage: null,
        testResult: null,
        audience: null,
      });
    },
    newPoint(type) {
      const config = get().config;
      if (!config) return;
      resetPointsInternals();
      set({
        editingPoint: null,
        draft: newPointDraft(type, config.config, get().dataSpace),
        dirty: true,
        problems: [],
        warnings: [],
        pointPath: null,
        saveState: 'idle',
        saveMessage: null,
        testResult: null,
        audience: null,
      });
      scheduleValidation();
    },
    updateDraft(recipe) {
      const draft = get().draft;
      if (!draft) return;
      const next = structuredClone(draft);
      recipe(next);
      // A refused Save's message is about the draft before this edit; live validation takes over.
      const state = get().saveState;
      set({
        draft: next,
        dirty: true,
        ...(state === 'saved' ? { saveState: 'idle' as const } : {}),
        ...(state === 'invalid' ? { saveState: 'idle' as const, saveMessage: null } : {}),
      });
      scheduleValidation();
    },
    moveDecision(index, delta) {
      get().updateDraft((d) => {
        const j = index + delta;
        if (j < 0 || j >= d.decisions.length) return;
        const [moved] = d.decisions.splice(index, 1);
        d.decisions.splice(j, 0, moved!);
        d.decisions.forEach((x, i) => (x.priority = i));
      });
    },
    discardDraft() {
      const name = get().editingPoint;
      if (name) get().openPoint(name);
      else {
        resetPointsInternals();
        set({
          draft: null,
          dirty: false,
          problems: [],
          warnings: [],
          pointPath: null,
          saveState: 'idle',
          saveMessage: null,
        });
      }
    },
    async validateDraft() {
      const p = placed();
      if (!p) return false;
      const draftAtCall = get().draft;
      const r = await get().call('config.validate', { config: p.config });
      if (get().draft !== draftAtCall) return false; // a newer edit will validate itself
      if (!r.ok) {
        set({ problems: [{ message: r.error.message }], warnings: [], pointPath: p.pointPath });
        return false;
      }
      set({ problems: r.data.errors, warnings: r.data.warnings, pointPath: p.pointPath });
      return r.data.valid;
    },
    async saveDraft() {
      resetPointsInternals();
      const p = placed();
      if (!p) return false;
      const invalid = Object.values(get().invalidValues).reduce((a, n) => a + n, 0);
      if (invalid > 0) {
        // The service's own check still runs, so its messages show at their fields beside ours.
        await get().validateDraft();
        set({
          saveState: 'invalid',
          saveMessage: `Not saved: ${invalid} value${invalid === 1 ? '' : 's'} of the targeting rules to fix (shown next to ${invalid === 1 ? 'it' : 'them'}).`,
        });
        return false;
      }
      set({ saveState: 'validating', saveMessage: null });
      const valid = await get().validateDraft();
      if (!valid) {
        const n = get().problems.length;
        set({
          saveState: 'invalid',
          saveMessage: `Not saved: ${n} problem${n === 1 ? '' : 's'} to fix (shown at their fields).`,
        });
        return false;
      }
      set({ saveState: 'saving' });
      const name = get().draft!.apiName;
      const r = await get().call('config.save', {
        config: p.config,
        note: `${get().editingPoint ? 'edited' : 'added'} personalization point ${name} in the workbench`,
      });
      if (!r.ok) {
        set({ saveState: 'failed', saveMessage: r.error.message, problems: r.error.problems ?? get().problems });
        return false;
      }
      await get().reloadConfig();
      set({
        editingPoint: name,
        dirty: false,
        saveState: 'saved',
        saveMessage: `Saved as configuration revision ${r.data.revision}.`,
        warnings: r.data.warnings,
      });
      return true;
    },
    setTestIndividual(id) {
      set({ testIndividualId: id });
    },
    setTestAsOf(asOf) {
      set({ testAsOf: asOf });
    },
    async runTest() {
      const { draft, testIndividualId, testAsOf, dataSpace, editingPoint } = get();
      if (!draft || testIndividualId.trim() === '') return;
      set({ testing: true });
      const r = await get().call('points.test', {
        dataSpace,
        point: draft,
        individualId: testIndividualId.trim(),
        ...(editingPoint ? { replaces: editingPoint } : {}),
        ...(testAsOf ? { asOf: testAsOf } : {}),
      });
      set({ testResult: r, testing: false });
    },
    setAudienceSegment(segment) {
      set({ audienceSegment: segment });
    },
    async runAudience() {
      const { draft, dataSpace, editingPoint, audienceSegment, testAsOf } = get();
      if (!draft) return;
      const seq = ++audienceSeq;
      set({ audienceLoading: true });
      const r = await get().call('points.audience', {
        dataSpace,
        point: draft as unknown as Record<string, unknown>,
        ...(editingPoint ? { replaces: editingPoint } : {}),
        ...(audienceSegment ? { segment: audienceSegment } : {}),
        ...(testAsOf ? { asOf: testAsOf } : {}),
      });
      // Only the answer to the latest request counts (edits re-run it).
      if (seq === audienceSeq) set({ audience: r, audienceFor: draft, audienceLoading: false });
    },
  };
};
