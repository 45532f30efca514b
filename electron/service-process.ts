// The service runs in a child process: `workbench serve <ws> --json --no-open --watch-stdin`, on the
// Node that installed the packages (so better-sqlite3 needs no rebuild for Electron's ABI).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';

/** What `serve --json` announces (engine/cli/commands/serve.ts). */
export interface ServiceAnnouncement {
  url: string;
  origin: string;
  port: number;
  token: string;
  workspace: string;
  pid: number;
}

export interface ServiceProcess {
  announcement: ServiceAnnouncement;
  /**
   * Stops the service (SIGTERM; it cancels jobs and closes the workspace), and kills it (SIGKILL)
   * when it has not exited after STOP_GRACE_MS: a hung service never blocks quitting or switching.
   */
  stop(): Promise<void>;
  /** Resolves with the exit code when the process ends (on its own or by stop). */
  exited: Promise<number | null>;
}

/**
 * The Node executable for the service: $WORKBENCH_NODE (npm start sets it to the Node running npm),
 * else `node` on the PATH, else Electron itself run as Node (then native modules must be rebuilt
 * for Electron: see docs/desktop.md).
 */
export function nodeCommand(
  env: NodeJS.ProcessEnv,
  electronExecPath: string,
): { command: string; env: NodeJS.ProcessEnv } {
  if (env.WORKBENCH_NODE && existsSync(env.WORKBENCH_NODE)) return { command: env.WORKBENCH_NODE, env };
  const exe = process.platform === 'win32' ? 'node.exe' : 'node';
  for (const dir of (env.PATH ?? '').split(delimiter))
    if (dir && existsSync(join(dir, exe))) return { command: join(dir, exe), env };
  return { command: electronExecPath, env: { ...env, ELECTRON_RUN_AS_NODE: '1' } };
}

/** How long a stopping service may take to exit before it is killed. */
export const STOP_GRACE_MS = 10_000;

/**
 * Stops a child: closes its stdin and sends SIGTERM, then SIGKILL when it has not exited within
 * `graceMs`. Resolves when it has exited.
 */
export async function stopChild(
  child: Pick<ChildProcess, 'exitCode' | 'signalCode' | 'stdin' | 'kill'>,
  exited: Promise<unknown>,
  graceMs: number = STOP_GRACE_MS,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // Closing stdin is the polite stop (--watch-stdin); SIGTERM as well, in case stdin is gone.
  child.stdin?.end();
  child.kill('SIGTERM');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
  const first = await Promise.race([exited.then(() => 'exited' as const), late]);
  clearTimeout(timer);
  if (first === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Spawns the CLI with arguments; stdout/stderr piped. */
function spawnCli(root: string, node: { command: string; env: NodeJS.ProcessEnv }, args: string[]): ChildProcess {
  return spawn(node.command, [join(root, 'bin', 'workbench.js'), ...args], {
    cwd: root,
    env: node.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
}

/** Starts `workbench serve` on a workspace and waits for its announcement (npm start builds the renderer first). */
export function startServiceProcess(
  root: string,
  workspace: string,
  node: { command: string; env: NodeJS.ProcessEnv },
  log: (line: string) => void = () => {},
): Promise<ServiceProcess> {
  const child = spawnCli(root, node, ['serve', workspace, '--json', '--no-open', '--no-build', '--watch-stdin']);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (const l of d.split('\n')) if (l.trim()) log(l);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.once('error', (e) => reject(new Error(`cannot start the workbench service: ${e.message}`)));
    void exited.then((code) =>
      reject(new Error(`the workbench service stopped (exit ${code}) before it was ready:\n${stderr.trim()}`)),
    );
    // stdout holds one JSON document: the one-line announcement, or a (multi-line) fault.
    let text = '';
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      text += line + '\n';
      let doc: Partial<ServiceAnnouncement> & { error?: { code: string; message: string } };
      try {
        doc = JSON.parse(text) as typeof doc;
      } catch {
        return;
      }
      lines.close();
      if (doc.error)
        return reject(new Error(`the workbench service could not start: ${doc.error.code}: ${doc.error.message}`));
      if (typeof doc.url !== 'string' || typeof doc.origin !== 'string') {
        child.kill('SIGTERM');
        return reject(new Error(`the workbench service printed something unexpected: ${text}`));
      }
      const announcement = doc as ServiceAnnouncement;
      resolve({
        announcement,
        exited,
        stop: () => stopChild(child, exited),
      });
    });
  });
}

/** Runs `workbench init <file> [--sample retail] --force --json`; resolves to null or the error message. */
export function initWorkspaceProcess(
  root: string,
  file: string,
  kind: 'sample' | 'empty',
  node: { command: string; env: NodeJS.ProcessEnv },
): Promise<string | null> {
  const child = spawnCli(root, node, [
    'init',
    file,
    ...(kind === 'sample' ? ['--sample', 'retail'] : []),
    '--force',
    '--json',
  ]);
  child.stdin?.end();
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => {
    child.once('error', (e) => resolve(e.message));
    child.once('exit', (code) => {
      if (code === 0) return resolve(null);
      try {
        resolve((JSON.parse(stdout) as { error: { message: string } }).error.message);
      } catch {
        resolve(stderr.trim() || `workbench init exited with ${code}`);
      }
    });
  });
}
