// `workbench serve` as a child process: started with --json, its announcement read from stdout,
// stopped by its own pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ServeAnnouncement } from '../../../engine/cli/commands/serve.ts';
import { PACKAGE_ROOT, WORKBENCH_BIN } from './paths.ts';

export interface ServeProcess {
  announcement: ServeAnnouncement;
  pid: number;
  /** Everything the server wrote on stderr so far (build notes, warnings, crashes). */
  stderr(): string;
  /** True once the process has exited. */
  readonly exited: boolean;
  /** Sends SIGTERM to this pid and waits for the exit (SIGKILL if it does not stop within 15 s). */
  stop(): Promise<number | null>;
}

/** Spawns `workbench serve <ws> --json --no-open --no-build --watch-stdin` and waits for its URL. */
export function startServe(
  workspace: string,
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServeProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [WORKBENCH_BIN, 'serve', workspace, '--json', '--no-open', '--no-build', '--watch-stdin', ...extraArgs],
    {
      cwd: PACKAGE_ROOT,
      env,
      // stdin stays open as the server's lifeline: if this test process dies, the server stops too.
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve((exitCode = code))));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const fail = (why: string) => reject(new Error(`workbench serve ${why}\n--- stderr ---\n${stderr}`));
    void exited.then((code) => fail(`exited (code ${code}) before announcing its URL`));
    child.once('error', (e) => fail(`could not start: ${e.message}`));
    lines.once('line', (line) => {
      let announcement: ServeAnnouncement;
      try {
        announcement = JSON.parse(line) as ServeAnnouncement;
      } catch {
        return fail(`printed something other than its JSON announcement: ${line}`);
      }
      resolve({
        announcement,
        pid: child.pid!,
        stderr: () => stderr,
        get exited() {
          return exitCode !== undefined;
        },
        async stop() {
          if (exitCode !== undefined) return exitCode;
          process.kill(child.pid!, 'SIGTERM');
          const timer = setTimeout(() => exitCode === undefined && process.kill(child.pid!, 'SIGKILL'), 15_000);
          const code = await exited;
          clearTimeout(timer);
          return code;
        },
      });
    });
  });
}
