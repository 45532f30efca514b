// The e2e fixture: per test file, a copy of the sample workspace served by its own `workbench serve`
// child process on a free port, a headless chromium page, a typed client on the same service, the
// CLI on the same workspace file, and a screenshot helper.
//
//   const wb = useWorkbench();
//   it('shows the workspace', async () => {
//     await wb.open();
//     await expect.poll(() => wb.page.getByText('2,000').count()).toBeGreaterThan(0);
//     await wb.screenshot('workspace');
//   });
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { runCli } from '../../../engine/cli/main.ts';
import type { ServeAnnouncement } from '../../../engine/cli/commands/serve.ts';
import { createClient, type WorkbenchClient } from '../../../renderer/src/api/client.ts';
import { launchBrowser, type Browser } from './browser.ts';
import { SCREENSHOTS_DIR } from './paths.ts';
import { startServe, type ServeProcess } from './serve-process.ts';
import { copyWorkspace, createSampleWorkspace, type E2E_SAMPLE } from './template-workspace.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for `--json` runs). */
  json<T = unknown>(): T;
}

export interface Workbench {
  /** The chromium page (one per test file). */
  readonly page: Page;
  /** The server's announcement: url (with token), origin, port, token, workspace, pid. */
  readonly server: ServeAnnouncement;
  /** The workspace file this file's server has open (a copy; tests may change it). */
  readonly workspace: string;
  /** A typed client on the same service, for setting up state and comparing with the UI. */
  readonly api: WorkbenchClient;
  /** Console errors and page errors seen so far (CSP violations included). */
  readonly browserErrors: string[];
  /** Everything the server wrote on stderr. */
  serverLog(): string;
  /** Opens the app (optionally at a path such as '/campaigns') through the tokened URL. */
  open(path?: string): Promise<void>;
  /** A URL of this server; with `token: true` it carries the token as the app's first URL does. */
  urlOf(path: string, opts?: { token?: boolean }): string;
  /** Runs the CLI in-process against this workspace: cli('decide', '--individual', …) — the workspace argument is inserted after the command. */
  cli(command: string, ...args: string[]): Promise<CliRun>;
  /** Saves docs/screenshots/<name>.png (viewport, or the whole page with fullPage). */
  screenshot(name: string, opts?: { fullPage?: boolean }): Promise<string>;
}

export interface WorkbenchOptions {
  /** A sample other than the shared template (e.g. more individuals); created in this file's temp folder. */
  sample?: Partial<typeof E2E_SAMPLE>;
  viewport?: { width: number; height: number };
  /** Extra `serve` flags. */
  serveArgs?: string[];
}

/** Registers beforeAll/afterAll that start and stop the fixture; the returned object is live inside tests. */
export function useWorkbench(opts: WorkbenchOptions = {}): Workbench {
  let dir = '';
  let workspace = '';
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  let api: WorkbenchClient | undefined;

  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`e2e harness: ${what} is not ready (use it inside tests, after beforeAll)`);
    return v;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'workbench-e2e-'));
    workspace = opts.sample
      ? await createSampleWorkspace(join(dir, 'workspace.sqlite'), opts.sample)
      : copyWorkspace(inject('e2eTemplateWorkspace'), dir);
    serve = await startServe(workspace, opts.serveArgs ?? []);
    api = createClient({ token: serve.announcement.token, baseUrl: serve.announcement.origin });
    browser = await launchBrowser(opts.viewport ? { viewport: opts.viewport } : {});
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const wb: Workbench = {
    get page() {
      return need(browser, 'the browser').page;
    },
    get server() {
      return need(serve, 'the server').announcement;
    },
    get workspace() {
      return need(workspace || undefined, 'the workspace');
    },
    get api() {
      return need(api, 'the client');
    },
    get browserErrors() {
      return need(browser, 'the browser').errors;
    },
    serverLog: () => need(serve, 'the server').stderr(),
    urlOf(path, urlOpts = {}) {
      const u = new URL(path, wb.server.origin);
      if (urlOpts.token) u.searchParams.set('token', wb.server.token);
      return u.toString();
    },
    async open(path = '/') {
      await wb.page.goto(wb.urlOf(path, { token: true }));
    },
    async cli(command, ...args) {
      let stdout = '';
      let stderr = '';
      const code = await runCli([command, wb.workspace, ...args], {
        out: (t) => (stdout += t),
        err: (t) => (stderr += t),
        isTTY: false,
      });
      return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
    },
    async screenshot(name, shotOpts = {}) {
      if (!/^[\w-]+$/.test(name))
        throw new Error(`e2e harness: screenshot name "${name}" must be letters, digits, - or _`);
      mkdirSync(SCREENSHOTS_DIR, { recursive: true });
      const path = join(SCREENSHOTS_DIR, `${name}.png`);
      await wb.page.screenshot({ path, fullPage: shotOpts.fullPage ?? false, animations: 'disabled' });
      return path;
    },
  };
  return wb;
}
