import type { Fault, OutputOf, Result, UploadKind } from '../api/client.ts';
import type { SliceCreator } from './store-types.ts';

export type ProfileDocument = OutputOf<'individuals.profile'>;
export type ImportReport = OutputOf<'data.import'>;
/** What the import wizard imports: a data kind `data.import` accepts, or a configuration. */
export type ImportKind = UploadKind;

/** Where a file to import comes from: the browser's file picker, or a path from Electron's native dialog. */
export type ImportSource = { kind: 'upload'; file: Blob; name: string } | { kind: 'path'; file: string };

export interface ImportState {
  status: 'idle' | 'importing' | 'done' | 'failed';
  kind: ImportKind;
  fileName: string | null;
  /** What the import did (data) or the saved config revision (config). */
  report: ImportReport | { revision: number } | null;
  fault: Fault | null;
}

export interface DataGraphsSlice {
  selectedIndividual: string | null;
  /** The time the profile is read as of (ISO); null = now. */
  profileAsOf: string | null;
  profile: Result<ProfileDocument> | null;
  profileLoading: boolean;
  importState: ImportState;
  selectIndividual(id: string | null): Promise<void>;
  setProfileAsOf(asOf: string | null): Promise<void>;
  setImportKind(kind: ImportKind): void;
  /** Imports a file (all or nothing); the report of bad rows lands in importState.fault.problems. */
  importFile(source: ImportSource): Promise<void>;
  resetImport(): void;
}

const idleImport = (kind: ImportKind = 'profiles'): ImportState => ({
  status: 'idle',
  kind,
  fileName: null,
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
      set({ importState: { status: 'importing', kind, fileName, report: null, fault: null } });
      const dataSpace = get().dataSpace;
      const client = get().client;
      let r: Result<ImportReport | { revision: number }>;
      if (source.kind === 'upload') {
        r = client
          ? await client.upload(kind, source.file, source.name, { dataSpace })
          : { ok: false, error: { code: 'Internal', message: 'not connected' } };
      } else if (kind === 'config') {
        r = await get().call('config.import', { file: source.file });
      } else {
        r = await get().call('data.import', { kind, file: source.file, dataSpace });
      }
      if (!r.ok) {
        set({ importState: { status: 'failed', kind, fileName, report: null, fault: r.error } });
        return;
      }
      set({ importState: { status: 'done', kind, fileName, report: r.data, fault: null } });
      // Counts, fields added to the data graph and the config revision changed.
      await get().loadWorkspace();
    },
    resetImport() {
      set({ importState: idleImport(get().importState.kind) });
    },
  };
};
