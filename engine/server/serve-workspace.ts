// `workbench serve` without the command line: open the workspace, make sure the renderer is built,
// start the bridge. The CLI command and `npm start` call this.
import { resolve } from 'node:path';
import { fail, ok, type Result } from '../model/errors.ts';
import { openService, type Service } from '../service/service.ts';
import { BUILD_HINT, buildRenderer, RENDERER_DIST, rendererState } from './renderer-build.ts';
import { isLoopbackHost, LOOPBACK_HOSTS } from './security.ts';
import { startServer, type ServerOptions, type WorkbenchServer } from './server.ts';

export interface ServeOptions extends Omit<ServerOptions, 'service'> {
  /** Build the renderer when missing or stale (default true). */
  build?: boolean;
  /** Where progress and notes go (stderr in the CLI). */
  log?: (line: string) => void;
}

export interface ServingWorkspace {
  server: WorkbenchServer;
  service: Service;
  workspace: string;
  /** Cancels running jobs, stops the server, closes the workspace. */
  stop(): Promise<void>;
}

/** Opens `file` and serves it; expected failures (bad host/port, missing workspace, port in use) are values. */
export async function serveWorkspace(file: string, opts: ServeOptions = {}): Promise<Result<ServingWorkspace>> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  // 1. Check the options before touching anything.
  if (opts.host !== undefined && !isLoopbackHost(opts.host)) {
    return fail(
      'InvalidInput',
      `--host ${opts.host} is not a loopback address; the workbench only listens on ${LOOPBACK_HOSTS.join(', ')}`,
      { field: 'host' },
    );
  }
  if (opts.port !== undefined && (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535)) {
    return fail('InvalidInput', `--port must be a whole number from 0 to 65535 (0: a free port), got ${opts.port}`, {
      field: 'port',
    });
  }
  // 2. The workspace (a missing or incompatible file is reported before any build).
  const workspace = resolve(file);
  const opened = openService(workspace);
  if (!opened.ok) return opened;
  const service = opened.data;
  // 3. The renderer: build it when missing or stale (into a temp folder, swapped in when done).
  const dist = opts.rendererDir ?? RENDERER_DIST;
  const state = opts.rendererDir === undefined ? rendererState(dist) : { state: 'fresh' as const };
  if (state.state !== 'fresh' && opts.build !== false) {
    log(
      `Building the renderer (${state.state === 'missing' ? 'dist/renderer is missing' : 'dist/renderer is older than renderer/'}; ${BUILD_HINT} does the same)…`,
    );
    try {
      await buildRenderer({ dist, log });
    } catch (e) {
      if (state.state === 'missing') {
        service.close();
        return fail(
          'Internal',
          `could not build the renderer: ${(e as Error).message}\nRun ${BUILD_HINT} and look at its errors.`,
        );
      }
      log(
        `warning: could not rebuild the renderer (${(e as Error).message}); serving the previous build. Run ${BUILD_HINT} to see why.`,
      );
    }
  } else if (state.state !== 'fresh') {
    log(`warning: dist/renderer is ${state.state}; run ${BUILD_HINT}`);
  }
  // 4. The server.
  let server: WorkbenchServer;
  try {
    server = await startServer({ ...opts, service, rendererDir: dist, warmUp: () => warmUp(service) });
  } catch (e) {
    service.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      return fail('InvalidInput', `port ${opts.port} is in use; pick another --port, or leave it out for a free one`, {
        field: 'port',
      });
    if (code === 'EADDRNOTAVAIL')
      return fail('InvalidInput', `cannot listen on ${opts.host}: address not available here`, { field: 'host' });
    throw e;
  }
  let stopped: Promise<void> | undefined;
  return ok({
    server,
    service,
    workspace,
    stop: () =>
      (stopped ??= (async () => {
        await service.context.jobs.shutdown();
        await server.close();
        service.close();
      })()),
  });
}

/**
 * Builds each data space's runtime (compiled rules, sources) — what the session's first request
 * would otherwise do while the analyst waits. It materializes nothing: opening the workbench writes
 * nothing to the workspace; calculated-insight refreshes are stored by the runs, estimates and
 * decisions that need them, at their as-of time. Best effort: a problem here is reported by the
 * request that meets it.
 */
export function warmUp(service: Service): void {
  const { sources } = service.context;
  const config = sources.config();
  if (!config.ok) return;
  for (const space of config.data.config.dataSpaces) sources.space(space.apiName);
}
