import type { OutputOf, Result } from '../api/client.ts';
import { confirmOverwrite } from './confirm-overwrite.ts';
import type { SliceCreator } from './store-types.ts';

export type RunSummary = OutputOf<'runs.get'>;
export type RunDistribution = OutputOf<'runs.distribution'>;
export type ExportReport = OutputOf<'runs.export'>;

export interface RunsSlice {
  runs: RunSummary[] | null;
  runsTotal: number;
  selectedRunId: number | null;
  runSummary: Result<RunSummary> | null;
  distribution: Result<RunDistribution> | null;
  exportResult: Result<ExportReport> | null;
  loadRuns(): Promise<void>;
  /** Selects a run and loads its summary and distribution. */
  openRun(runId: number): Promise<void>;
  exportRun(input: { runId: number; what: 'log' | 'output'; format: 'jsonl' | 'csv'; file: string }): Promise<void>;
}

export const createRunsSlice: SliceCreator<RunsSlice> = (set, get) => ({
  runs: null,
  runsTotal: 0,
  selectedRunId: null,
  runSummary: null,
  distribution: null,
  exportResult: null,
  async loadRuns() {
    const r = await get().call('runs.list', { dataSpace: get().dataSpace, limit: 200 });
    if (r.ok) set({ runs: r.data.rows, runsTotal: r.data.total });
  },
  async openRun(runId) {
    set({
      selectedRunId: runId,
      exportResult: null,
      ...(get().selectedRunId === runId ? {} : { runSummary: null, distribution: null }),
    });
    const [summary, distribution] = await Promise.all([
      get().call('runs.get', { runId }),
      get().call('runs.distribution', { runId }),
    ]);
    if (get().selectedRunId === runId) set({ runSummary: summary, distribution });
  },
  async exportRun(input) {
    set({ exportResult: null });
    let r = await get().call('runs.export', input);
    if (!r.ok && confirmOverwrite(r.error)) r = await get().call('runs.export', { ...input, overwrite: true });
    set({ exportResult: r });
  },
});
