import type { Fault, JobId, JobInfo, JobResultOf, OutputOf, Result, UploadKind } from '../api/client.ts';
import type { SliceCreator } from './store-types.ts';

export type ProfileDocument = OutputOf<'individuals.profile'>;
/** What an import job ends with: rows read, inserted, updated, fields added. */
export type ImportReport = JobResultOf<'import'>;
/** What the import wizard imports: a data kind `import.start` accepts, or a configuration. */
export type ImportKind = UploadKind;

/** Where a file to import comes from: the browser's file picker, or a path from Electron's native dialog. */
export type ImportSource = { kind: 'upload'; file: Blob; name: string } | { kind: 'path'; file: string };

export interface ImportState {
  status: 'idle' | 'importing' | 'done' | 'failed' | 'cancelled';
  kind: ImportKind;
  fileName: string | null;
  /** The import job of a data file (its progress is `jobs[jobId]`); null for a configuration. */
  jobId: JobId<'import'> | null;
  /** What the import did (data) or the saved config revision (config). */
  report: ImportReport | { revision: number } | null;
  fault: Fault | null;
}

export interface DataGraphsSlice {
  selectedIndividual: string | null;
  /** The time the profile is read as of (ISO); null = the workspace clock. */
  profileAsOf: string | null;
  profile: Result<ProfileDocument> | null;
  profileLoading: boolean;
  importState: ImportState;
  selectIndividual(id: string | null): Promise<void>;
  setProfileAsOf(asOf: string | null): Promise<void>;
  setImportKind(kind: ImportKind): void;
  /**
   * Imports a file (all or nothing): data through an import job (progress in `jobs`, settled by
   * `importEnded`), a configuration at once; the report of bad rows lands in importState.fault.problems.
   */
  importFile(source: ImportSource): Promise<void>;
  /** Cancels the running import job: it rolls back, nothing is imported. */
  cancelImport(): Promise<void>;
  /** Settles the wizard when its import job has ended. */
  importEnded(job: JobInfo<'import'>): void;
  resetImport(): void;
}

const idleImport = (kind: ImportKind = 'profiles'): ImportState => ({
  status: 'idle',
  kind,
  fileName: null,
  jobId: null,
  report: null,
  fault: null,
});

export const createDataGraphsSlice: SliceCreator<DataGraphsSlice> = (set, get) => {
  const loadProfile = async () => {
    const id = get().selectedIndividual;
    if (!id) return;
    set({ profileLoading: true });
    const asOf = get().profileAsOf;
    const r = await get().call('individuals.profile', {
      dataSpace: get().dataSpace,
      individualId: id,
      ...(asOf ? { asOf } : {}),
    });
    // A newer selection may have been made while this one loaded.
    if (get().selectedIndividual === id && get().profileAsOf === asOf) set({ profile: r, profileLoading: false });
  };
  return {
    selectedIndividual: null,
    profileAsOf: null,
    profile: null,
    profileLoading: false,
    importState: idleImport(),
    async selectIndividual(id) {
      set({ selectedIndividual: id, profile: null });
      await loadProfile();
    },
    async setProfileAsOf(asOf) {
      set({ profileAsOf: asOf });
      await loadProfile();
    },
    setImportKind(kind) {
      set({ importState: idleImport(kind) });
    },
    async importFile(source) {
      const { kind } = get().importState;
      const fileName = source.kind === 'upload' ? source.name : source.file;
      const importing: ImportState = { status: 'importing', kind, fileName, jobId: null, report: null, fault: null };
      set({ importState: importing });
      const dataSpace = get().dataSpace;
      const client = get().client;
      let r: Result<{ jobId: JobId<'import'> } | { revision: number }>;
      if (source.kind === 'upload') {
        r = client
          ? await client.upload(kind, source.file, source.name, { dataSpace })
          : { ok: false, error: { code: 'Internal', message: 'not connected' } };
      } else if (kind === 'config') {
        r = await get().call('config.import', { file: source.file });
      } else {
        r = await get().call('import.start', { kind, file: source.file, dataSpace });
      }
      if (!r.ok) {
        set({ importState: { ...importing, status: 'failed', fault: r.error } });
        return;
      }
      if ('jobId' in r.data) {
        const { jobId } = r.data;
        set({ importState: { ...importing, jobId } });
        // A small file's job may have ended before its id came back.
        const job = get().jobs[jobId];
        if (job?.kind === 'import' && job.status !== 'running') get().importEnded(job);
        return;
      }
      set({ importState: { ...importing, status: 'done', report: { revision: r.data.revision } } });
      // The config revision changed.
      await get().loadWorkspace();
    },
    async cancelImport() {
      const { jobId } = get().importState;
      if (jobId !== null) await get().call('jobs.cancel', { id: jobId });
    },
    importEnded(job) {
      const state = get().importState;
      if (state.jobId !== job.id || state.status !== 'importing') return;
      if (job.status === 'succeeded') set({ importState: { ...state, status: 'done', report: job.result } });
      else if (job.status === 'cancelled') set({ importState: { ...state, status: 'cancelled', fault: job.error } });
      else if (job.status === 'failed') set({ importState: { ...state, status: 'failed', fault: job.error } });
    },
    resetImport() {
      set({ importState: idleImport(get().importState.kind) });
    },
  };
};
