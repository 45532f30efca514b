import type { Fault, OutputOf, Result } from '../api/client.ts';
import type { SliceCreator } from './store-types.ts';

export type WorkspaceInfo = OutputOf<'workspace.info'>;
export type ConfigState = OutputOf<'config.get'>;

/** What a run at the workspace clock would read: data-graph refreshes (with CI watermarks), models, segment counts. */
export interface Freshness {
  refreshes: Result<OutputOf<'refreshes.list'>>;
  models: Result<OutputOf<'models.status'>>;
  insights: Result<OutputOf<'insights.list'>>;
  segments: Result<OutputOf<'segments.list'>> | null;
}

export interface WorkspaceSlice {
  info: WorkspaceInfo | null;
  config: ConfigState | null;
  /** The data space the screens show. */
  dataSpace: string;
  workspaceLoading: boolean;
  workspaceError: Fault | null;
  freshness: Freshness | null;
  /** Loads the freshness watermarks; with `segments`, also the segment counts (reads only: nothing is materialized). */
  loadFreshness(opts?: { segments?: boolean }): Promise<void>;
  /** Starts a data-graph refresh at the workspace clock (a job; the freshness reloads when it ends). */
  refreshDataGraph(): Promise<Result<{ jobId: string }>>;
  /** Loads the workspace summary and its configuration (at start, after imports and saves). */
  loadWorkspace(): Promise<void>;
  /** Reloads the configuration only (after a save). */
  reloadConfig(): Promise<void>;
  selectDataSpace(apiName: string): void;
}

export const createWorkspaceSlice: SliceCreator<WorkspaceSlice> = (set, get) => ({
  info: null,
  config: null,
  dataSpace: 'default',
  workspaceLoading: false,
  workspaceError: null,
  freshness: null,
  async loadFreshness(opts = {}) {
    const dataSpace = get().dataSpace;
    // Segment counts read a materialized refresh when there is one, else count in memory: nothing is written.
    const segments = opts.segments
      ? await get().call('segments.list', { dataSpace })
      : (get().freshness?.segments ?? null);
    const [refreshes, models, insights] = await Promise.all([
      get().call('refreshes.list', { dataSpace }),
      get().call('models.status', { dataSpace }),
      get().call('insights.list', { dataSpace, history: 1 }),
    ]);
    set({ freshness: { refreshes, models, insights, segments } });
  },
  async refreshDataGraph() {
    const r = await get().call('refreshes.start', { dataSpace: get().dataSpace });
    return r.ok ? { ok: true, data: { jobId: r.data.jobId } } : r;
  },
  async loadWorkspace() {
    set({ workspaceLoading: true });
    // The clock too: an import can move the end of the data, which the default clock follows.
    const [info, config] = await Promise.all([
      get().call('workspace.info', {}),
      get().call('config.get', {}),
      get().loadClock(),
    ]);
    if (!info.ok) {
      set({ workspaceLoading: false, workspaceError: info.error });
      return;
    }
    const spaces = info.data.dataSpaces.map((s) => s.apiName);
    const dataSpace = spaces.includes(get().dataSpace) ? get().dataSpace : (spaces[0] ?? 'default');
    // A workspace without a configuration is still a workspace: the screens say what is missing.
    set({
      info: info.data,
      config: config.ok ? config.data : null,
      dataSpace,
      workspaceLoading: false,
      workspaceError: config.ok || config.error.code === 'ConfigurationMissing' ? null : config.error,
    });
  },
  async reloadConfig() {
    const config = await get().call('config.get', {});
    if (config.ok) set({ config: config.data });
  },
  selectDataSpace(apiName) {
    set({ dataSpace: apiName });
  },
});
