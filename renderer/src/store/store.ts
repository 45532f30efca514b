import { create } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import type { WorkbenchState } from './store-types.ts';
import { createSessionSlice, resetSessionInternals } from './session-slice.ts';
import { createNavigationSlice } from './navigation-slice.ts';
import { createWorkspaceSlice } from './workspace-slice.ts';
import { createDataGraphsSlice } from './data-graphs-slice.ts';
import { createPointsSlice, resetPointsInternals } from './points-slice.ts';
import { createCampaignsSlice } from './campaigns-slice.ts';
import { createRunsSlice } from './runs-slice.ts';
import { createTraceSlice } from './trace-slice.ts';
import { createClockSlice } from './clock-slice.ts';

export type { WorkbenchState } from './store-types.ts';

/** The renderer's one store, combined from typed slices; middleware is applied here only. */
export const useWorkbench = create<WorkbenchState>()(
  subscribeWithSelector((...a) => {
    const state: WorkbenchState = {
      ...createSessionSlice(...a),
      ...createNavigationSlice(...a),
      ...createWorkspaceSlice(...a),
      ...createDataGraphsSlice(...a),
      ...createPointsSlice(...a),
      ...createCampaignsSlice(...a),
      ...createRunsSlice(...a),
      ...createTraceSlice(...a),
      ...createClockSlice(...a),
    };
    // Reactions to ended jobs, across slices, by kind (each kind's job is typed).
    state.jobEnded = (job) => {
      const get = a[1];
      switch (job.kind) {
        case 'import':
          get().importEnded(job);
          // Counts, fields added to the data graph and the config revision changed.
          if (job.status === 'succeeded') void get().loadWorkspace();
          return;
        case 'refresh':
        case 'insight-refresh':
        case 'train':
          void get().loadFreshness({ segments: true });
          return;
        case 'run': {
          // A run ended: the campaign's status, the runs list and the open run's figures changed.
          void get().loadCampaigns();
          void get().loadRuns();
          const runId = job.progress.counters?.runId;
          if (runId !== undefined && get().selectedRunId === runId) void get().openRun(runId);
          return;
        }
        case 'identity.resolve':
        case 'evaluate':
          return;
      }
    };
    return state;
  }),
);

const initialState = useWorkbench.getState();

/** Puts the store back to its initial state (tests call it between cases). */
export function resetWorkbenchStore(): void {
  resetSessionInternals();
  resetPointsInternals();
  useWorkbench.setState(initialState, true);
}
