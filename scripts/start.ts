// `npm start`: the workbench on the sample workspace — in Electron where its binary (and a display)
// is available, else in browser mode (`workbench serve`, URL printed and opened). `npm run dev`:
// the vite dev server for the renderer, proxied to a `serve` API. Never fails on a fresh clone.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCli } from '../engine/cli/main.ts';
import { summaryText } from '../engine/cli/commands/init.ts';
import { initWorkspace } from '../engine/service/init.ts';
import { openService } from '../engine/service/service.ts';
import { progressLine, processIo, type Io } from '../engine/cli/output.ts';
import { ensureRendererBuilt } from '../engine/server/renderer-build.ts';
import { openInBrowser } from '../engine/server/open-browser.ts';
import { serveWorkspace } from '../engine/server/serve-workspace.ts';
import { electronBinary, noDisplayReason } from '../electron/binary.ts';
import { buildElectron, ELECTRON_DIST, electronBuildFresh } from '../electron/build.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The sample workspace `npm start` opens: workspaces/sample.sqlite, created on first start. */
export const SAMPLE_WORKSPACE = join(root, 'workspaces', 'sample.sqlite');

interface StartOptions {
  workspace: string;
  dev: boolean;
  /** Browser mode even where Electron is available. */
  browser: boolean;
  open: boolean;
  port?: string;
}

const USAGE = `Usage: npm start [-- --workspace FILE] [--browser] [--no-open] [--port N]
       npm run dev [-- --workspace FILE] [--no-open]
`;

function parse(args: string[], io: Io): StartOptions | undefined {
  try {
    const { values } = parseArgs({
      args,
      options: {
        workspace: { type: 'string' },
        dev: { type: 'boolean' },
        browser: { type: 'boolean' },
        'no-open': { type: 'boolean' },
        port: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
    if (values.help) {
      io.out(USAGE);
      return undefined;
    }
    return {
      workspace: resolve(values.workspace ?? SAMPLE_WORKSPACE),
      dev: values.dev === true,
      browser: values.browser === true,
      open: values['no-open'] !== true,
      ...(values.port ? { port: values.port } : {}),
    };
  } catch (e) {
    io.err(`npm start: ${(e as Error).message}\n${USAGE}`);
    return undefined;
  }
}

/** Creates the sample workspace when missing (or reuses it) and prints its summary; false when unusable. */
async function ensureWorkspace(io: Io, file: string): Promise<boolean> {
  const rel = relative(process.cwd(), file) || file;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    io.err(`Creating the sample workspace ${rel} (retail sample, seed 1)…\n`);
    const bar = progressLine(io);
    const r = await initWorkspace(file, {
      sample: 'retail',
      seed: 1,
      onProgress: (p) => bar.update(`${p.phase}: ${p.done.toLocaleString('en-US')}`),
    });
    bar.done();
    if (!r.ok) {
      io.err(`npm start: ${r.error.code}: ${r.error.message}\n`);
      return false;
    }
  }
  const service = openService(file);
  if (!service.ok) {
    io.err(
      `workbench: ${service.error.code}: ${service.error.message}\nDelete ${rel} and run npm start again to recreate it.\n`,
    );
    return false;
  }
  const info = await service.data.call('workspace.info', {});
  const cfg = await service.data.call('config.get', {});
  service.data.close();
  if (info.ok && cfg.ok) {
    const space = cfg.data.config.dataSpaces[0];
    io.out(
      summaryText({
        file: rel,
        sample: info.data.sample
          ? {
              kind: 'retail',
              seed: info.data.sample.seed,
              endsAt: info.data.dataSpaces[0]?.eventsTo ?? '',
              exampleIndividualIds: info.data.sample.exampleIndividualIds,
            }
          : null,
        dataSpaces: info.data.dataSpaces,
        points: space?.personalizationPoints.map((p) => p.apiName) ?? [],
        segments: space?.segments.map((s) => s.apiName) ?? [],
        campaigns: space?.campaigns.map((c) => c.name) ?? [],
        exampleIndividualIds: info.data.sample?.exampleIndividualIds ?? [],
      }) + '\n',
    );
  }
  return true;
}

/** Electron on the workspace; resolves to its exit code. */
async function startElectron(io: Io, binary: string, o: StartOptions): Promise<number> {
  await ensureRendererBuilt({ log: (l) => io.err(l + '\n') });
  if (!electronBuildFresh()) await buildElectron({ log: (l) => io.err(l + '\n') });
  io.err(`Opening the workbench in Electron on ${o.workspace}…\n`);
  const child = spawn(binary, [join(ELECTRON_DIST, 'main.js'), '--workspace', o.workspace], {
    cwd: root,
    stdio: 'inherit',
    // The service runs on this Node (whose ABI better-sqlite3 was built for), not inside Electron.
    env: { ...process.env, WORKBENCH_NODE: process.execPath },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolveCode) => {
    child.once('error', (e) => {
      io.err(`npm start: cannot launch Electron (${e.message}); run npm start -- --browser for browser mode\n`);
      resolveCode(1);
    });
    child.once('exit', (code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolveCode(code ?? 0);
    });
  });
}

/** `npm run dev`: `serve` for the API, vite's dev server for the renderer (proxying /api to it). */
async function startDev(io: Io, o: StartOptions): Promise<number> {
  const served = await serveWorkspace(o.workspace, { build: false, log: (l) => io.err(l + '\n') });
  if (!served.ok) {
    io.err(`npm run dev: ${served.error.code}: ${served.error.message}\n`);
    return 2;
  }
  const { server } = served.data;
  // vite.config.ts reads the API origin from the environment when it builds its proxy.
  process.env.WORKBENCH_API_ORIGIN = server.origin;
  const { createServer } = await import('vite');
  const vite = await createServer({
    configFile: join(root, 'vite.config.ts'),
    ...(o.port ? { server: { port: Number(o.port) } } : {}),
  });
  await vite.listen();
  const base = vite.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
  const url = `${base}?token=${server.token}`;
  io.out(`Renderer dev server (hot reload) on the API of ${o.workspace}:\n  ${url}\nPress Ctrl+C to stop.\n`);
  if (o.open) await openInBrowser(url);
  await new Promise<void>((r) => {
    process.once('SIGINT', () => r());
    process.once('SIGTERM', () => r());
  });
  await vite.close();
  await served.data.stop();
  return 0;
}

/** Runs `npm start` / `npm run dev` with their arguments; resolves to the exit code. */
export async function start(args: string[], io: Io = processIo()): Promise<number> {
  const o = parse(args, io);
  if (!o) return args.includes('--help') ? 0 : 2;
  if (!(await ensureWorkspace(io, o.workspace))) return 2;
  if (o.dev) return startDev(io, o);
  // 1. Electron, where its binary and a display exist.
  const binary = electronBinary(root);
  const why = o.browser ? undefined : !binary.ok ? binary.reason : noDisplayReason();
  if (!o.browser && binary.ok && why === undefined) return startElectron(io, binary.path, o);
  // 2. Otherwise browser mode, said in one line.
  if (why)
    io.err(
      `Electron is not available here: ${why}. Starting browser mode instead (desktop app: see docs/desktop.md — node node_modules/electron/install.js).\n`,
    );
  return runCli(['serve', o.workspace, ...(o.open ? [] : ['--no-open']), ...(o.port ? ['--port', o.port] : [])], io);
}
