// The main-process side of the preload's API: one handler per channel, each checking that the
// caller is the service's page in the main frame and validating its payload with zod.
import { z } from 'zod';
import {
  CHANNELS,
  type ChosenImportFile,
  type InvokeChannel,
  type NewWorkspaceKind,
  type DesktopImportKind,
} from './desktop-api.ts';
import { originOf } from './window-security.ts';

/** What the handlers do (the DesktopShell implements it). */
export interface DesktopActions {
  openWorkspace(): Promise<boolean>;
  newWorkspace(kind: NewWorkspaceKind): Promise<boolean>;
  recentWorkspaces(): Promise<string[]> | string[];
  openRecentWorkspace(file: string): Promise<boolean>;
  importData(kind: DesktopImportKind): Promise<ChosenImportFile | null>;
}

/** The parts of an IPC invoke event the checks read. */
export interface IpcEventLike {
  senderFrame: { url: string; parent: unknown } | null;
}

/** The parts of ipcMain used (a stand-in in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

const ImportKind = z.enum(['profiles', 'items', 'events', 'config']);
const WorkspaceKind = z.enum(['sample', 'empty']);
const FilePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((s) => !s.includes('\0'), 'must not contain NUL');

/** The argument tuple each channel accepts. */
export const PAYLOADS: Record<InvokeChannel, z.ZodType<unknown[]>> = {
  [CHANNELS.openWorkspace]: z.tuple([]),
  [CHANNELS.newWorkspace]: z.tuple([WorkspaceKind]),
  [CHANNELS.recentWorkspaces]: z.tuple([]),
  [CHANNELS.openRecentWorkspace]: z.tuple([FilePath]),
  [CHANNELS.importData]: z.tuple([ImportKind]),
};

/** Why a sender is refused, or undefined when it is the service's page in the window's main frame. */
export function senderProblem(event: IpcEventLike, serviceOrigin: string | undefined): string | undefined {
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (frame.parent !== null) return 'only the main frame may call the desktop API';
  if (serviceOrigin === undefined) return 'no workspace service is running';
  const origin = originOf(frame.url);
  return origin === serviceOrigin
    ? undefined
    : `sender ${origin ?? frame.url} is not the workbench service (${serviceOrigin})`;
}

/** Registers one handler per invoke channel. Refusals reject the renderer's promise with the reason. */
export function registerIpcHandlers(
  ipc: IpcMainLike,
  actions: DesktopActions,
  serviceOrigin: () => string | undefined,
): () => void {
  const handlers: Record<InvokeChannel, (args: unknown[]) => unknown> = {
    [CHANNELS.openWorkspace]: () => actions.openWorkspace(),
    [CHANNELS.newWorkspace]: ([kind]) => actions.newWorkspace(kind as NewWorkspaceKind),
    [CHANNELS.recentWorkspaces]: () => actions.recentWorkspaces(),
    [CHANNELS.openRecentWorkspace]: ([file]) => actions.openRecentWorkspace(file as string),
    [CHANNELS.importData]: ([kind]) => actions.importData(kind as DesktopImportKind),
  };
  for (const [channel, run] of Object.entries(handlers) as [InvokeChannel, (args: unknown[]) => unknown][]) {
    ipc.handle(channel, (event, ...args) => {
      const refused = senderProblem(event, serviceOrigin());
      if (refused) throw new Error(`${channel} refused: ${refused}`);
      const parsed = PAYLOADS[channel].safeParse(args);
      if (!parsed.success)
        throw new Error(
          `${channel}: invalid payload: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(arguments)'} ${i.message}`).join('; ')}`,
        );
      return run(parsed.data);
    });
  }
  return () => {
    for (const channel of Object.keys(handlers)) ipc.removeHandler(channel);
  };
}
