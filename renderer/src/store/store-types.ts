import type { StateCreator } from 'zustand';
import type { SessionSlice } from './session-slice.ts';
import type { NavigationSlice } from './navigation-slice.ts';
import type { WorkspaceSlice } from './workspace-slice.ts';
import type { DataGraphsSlice } from './data-graphs-slice.ts';
import type { PointsSlice } from './points-slice.ts';
import type { CampaignsSlice } from './campaigns-slice.ts';
import type { RunsSlice } from './runs-slice.ts';
import type { TraceSlice } from './trace-slice.ts';
import type { ClockSlice } from './clock-slice.ts';

/** The whole renderer state: one store built from typed slices. */
export type WorkbenchState = SessionSlice &
  NavigationSlice &
  WorkspaceSlice &
  DataGraphsSlice &
  PointsSlice &
  CampaignsSlice &
  RunsSlice &
  TraceSlice &
  ClockSlice;

/** A slice creator over the combined store (middleware is applied once, on the combined store). */
export type SliceCreator<S> = StateCreator<WorkbenchState, [['zustand/subscribeWithSelector', never]], [], S>;
