import type { Command } from 'commander';
import { openInBrowser } from '../../server/open-browser.ts';
import { serveWorkspace } from '../../server/serve-workspace.ts';
import { EXIT, printFault, type Io } from '../output.ts';

/** What `serve --json` prints, on one line, once it listens. */
export interface ServeAnnouncement {
  url: string;
  origin: string;
  host: string;
  port: number;
  token: string;
  workspace: string;
  pid: number;
}

/** Resolves when the process is asked to stop (Ctrl+C, SIGTERM, or stdin closing when watched). */
function stopRequested(watchStdin: boolean): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (s: string) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(s);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    if (watchStdin) {
      // The parent (Electron, a test harness) holds our stdin: when it goes away, so do we.
      process.stdin.on('data', () => {});
      process.stdin.once('end', () => onSignal('stdin closed'));
      process.stdin.once('close', () => onSignal('stdin closed'));
      process.stdin.resume();
    }
  });
}

export function registerServe(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description(
      'serve the workbench UI and the service API on 127.0.0.1 (browser mode); prints a URL with a per-launch token',
    )
    .argument('<ws>', 'workspace file')
    .option('--port <n>', 'port to listen on (default: a free port)')
    .option('--host <address>', 'loopback address to listen on: 127.0.0.1, localhost or ::1', '127.0.0.1')
    .option('--no-open', 'do not open the URL in the system browser')
    .option('--no-build', 'serve dist/renderer as it is, even when missing or stale')
    .option('--watch-stdin', 'stop when stdin closes (for a parent process that owns the server)')
    .option('--json', 'print one JSON line {url, origin, port, token, …} once listening')
    .addHelpText(
      'after',
      `
Every API call needs the token: "Authorization: Bearer <token>" (or ?token= for the event stream).
Requests with another Host or Origin are refused. Stop with Ctrl+C.

Example:
  workbench serve ws.sqlite --port 8765 --no-open
`,
    )
    .action(
      async (
        ws: string,
        o: { port?: string; host: string; open: boolean; build: boolean; watchStdin?: boolean; json?: boolean },
      ) => {
        const json = o.json === true;
        if (o.port !== undefined && !/^\d+$/.test(o.port)) {
          return setExit(
            printFault(
              io,
              {
                code: 'InvalidInput',
                message: `--port must be a whole number from 0 to 65535 (got "${o.port}")`,
                field: 'port',
              },
              json,
            ),
          );
        }
        const started = await serveWorkspace(ws, {
          host: o.host,
          ...(o.port !== undefined ? { port: Number(o.port) } : {}),
          build: o.build,
          log: (line) => io.err(line + '\n'),
        });
        if (!started.ok) return setExit(printFault(io, started.error, json));
        const { server, workspace } = started.data;
        // Listen for signals before announcing: whoever reads the URL may stop us at once.
        const stop = stopRequested(o.watchStdin === true);
        const announcement: ServeAnnouncement = {
          url: server.url,
          origin: server.origin,
          host: server.host,
          port: server.port,
          token: server.token,
          workspace,
          pid: process.pid,
        };
        if (json) io.out(JSON.stringify(announcement) + '\n');
        else
          io.out(
            `Workbench on ${workspace}\n  ${server.url}\nOpen that URL in a browser (it carries the access token). Press Ctrl+C to stop.\n`,
          );
        if (o.open && !(await openInBrowser(server.url)) && !json)
          io.err('(no browser to open here: open the URL above yourself)\n');
        const why = await stop;
        io.err(`Stopping (${why})…\n`);
        await started.data.stop();
        setExit(EXIT.ok);
      },
    );
}
