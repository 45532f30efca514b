// Native open/save dialogs; each resolves to a path or null when cancelled.
import type { BrowserWindow, Dialog } from 'electron';
import type { DesktopImportKind } from './desktop-api.ts';

const WORKSPACE_FILTERS = [{ name: 'Workbench workspace', extensions: ['sqlite', 'db'] }];
const DATA_FILTERS = [
  { name: 'Data files', extensions: ['csv', 'json', 'jsonl', 'ndjson'] },
  { name: 'All files', extensions: ['*'] },
];
const CONFIG_FILTERS = [{ name: 'Workspace configuration', extensions: ['json'] }];

export interface Dialogs {
  chooseWorkspace(): Promise<string | null>;
  chooseNewWorkspace(): Promise<string | null>;
  chooseImportFile(kind: DesktopImportKind): Promise<string | null>;
  showError(title: string, message: string): void;
}

/** Dialogs attached to a window. */
export function nativeDialogs(dialog: Dialog, window: () => BrowserWindow | undefined): Dialogs {
  const open = async (title: string, filters: { name: string; extensions: string[] }[]) => {
    const w = window();
    const opts = { title, filters, properties: ['openFile' as const] };
    const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  };
  return {
    chooseWorkspace: () => open('Open workspace', WORKSPACE_FILTERS),
    async chooseNewWorkspace() {
      const w = window();
      const opts = {
        title: 'New workspace',
        defaultPath: 'workspace.sqlite',
        filters: WORKSPACE_FILTERS,
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      };
      const r = w ? await dialog.showSaveDialog(w, opts) : await dialog.showSaveDialog(opts);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    chooseImportFile: (kind) =>
      open(
        kind === 'config' ? 'Import configuration' : `Import ${kind}`,
        kind === 'config' ? CONFIG_FILTERS : DATA_FILTERS,
      ),
    showError: (title, message) => dialog.showErrorBox(title, message),
  };
}
