/**
 * UI figures in headless chromium against `workbench serve` (no assertions; medians printed):
 * 1. first screen: from spawning `serve` to the workspace screen's counts visible;
 * 2. trace open: from the click on "Open trace" to the trace content (the screens' performance
 *    marks `trace-open-start` / `trace-open-end`);
 * 3. run responsiveness: long tasks (PerformanceObserver 'longtask') and frame gaps
 *    (requestAnimationFrame) on the campaigns screen while it shows the progress of a
 *    100,000-individual dry run started with its "Dry run" button; plus API latency meanwhile.
 * BENCH_UI_INDIVIDUALS overrides the dry run's size.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openService } from '../engine/service/service.ts';
import { initWorkspace } from '../engine/service/init.ts';
import { ensureRendererBuilt } from '../engine/server/renderer-build.ts';
import { createClient } from '../renderer/src/api/client.ts';
import { launchBrowser, type Browser } from '../test/e2e/harness/browser.ts';
import { startServe, type ServeProcess } from '../test/e2e/harness/serve-process.ts';
import { BENCH_NOW, benchWorkspace } from './bench-workspace.ts';
import { figure } from './harness.ts';

const RUN_INDIVIDUALS = Number(process.env.BENCH_UI_INDIVIDUALS ?? 100_000);
const BENCH_CAMPAIGN = 'UI bench: everyone';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

/** CPU time (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuMs(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}
const tokened = (s: ServeProcess, hash = '') => `${s.announcement.url}${hash}`;

/** 1. Spawn → counts visible, three rounds on the 10,000-individual sample `npm start` opens. */
async function firstScreen(browser: Browser, dir: string): Promise<void> {
  const ws = join(dir, 'sample.sqlite');
  const r = await initWorkspace(ws, { sample: 'retail', seed: 1, now: BENCH_NOW });
  if (!r.ok) throw new Error(r.error.message);
  const total: number[] = [];
  const ready: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < 3; round++) {
    const page = await browser.context.newPage();
    const t0 = performance.now();
    const serve = await startServe(ws);
    const t1 = performance.now();
    await page.goto(serve.announcement.url);
    await page.getByText('10,000', { exact: true }).first().waitFor({ timeout: 60_000 });
    const t2 = performance.now();
    total.push(t2 - t0);
    ready.push(t1 - t0);
    const used = cpuMs(serve.pid);
    if (used !== undefined) cpu.push(used);
    await page.close();
    await serve.stop();
  }
  // On a loaded machine the wall time is mostly waiting for a core; the server's CPU time is not.
  const cpuNote = cpu.length > 0 ? `; serve CPU until then ${ms(median(cpu))}` : '';
  figure(
    'ui first screen (spawn serve → workspace counts visible)',
    `median ${ms(median(total))} (serve ready ${ms(median(ready))}${cpuNote}; n=3; target < 2 s)`,
  );
}

/** 2. Click → trace content, for five example individuals (fresh decisions on every point). */
async function traceOpen(page: Page, serve: ServeProcess, ids: string[]): Promise<void> {
  const times: number[] = [];
  await page.goto(tokened(serve, '#/trace'));
  for (const id of ids) {
    await page.evaluate('performance.clearMarks()');
    await page.getByLabel('Trace individual').fill(id);
    await page.getByRole('button', { name: 'Open trace' }).click();
    // A function, not a string: a string would be eval'ed in the page, which the CSP forbids.
    const t = await page.waitForFunction(
      () => {
        const s = performance.getEntriesByName('trace-open-start').at(-1);
        const e = performance.getEntriesByName('trace-open-end').at(-1);
        return s && e && e.startTime >= s.startTime ? e.startTime - s.startTime : null;
      },
      undefined,
      { timeout: 30_000 },
    );
    times.push((await t.jsonValue()) as number);
  }
  figure(
    'ui trace open (click → trace content rendered)',
    `median ${ms(median(times))}, max ${ms(Math.max(...times))} (n=${times.length}; target < 200 ms)`,
  );
}

/**
 * Watches long tasks and frame gaps in the page from now on. A string, not a function: tsx's
 * transform adds helpers (__name) to functions, which do not exist in the page.
 */
const WATCH_FRAMES = `(() => {
  const b = (globalThis.__bench = { t0: performance.now(), longTasks: [], gaps: [], stop: false });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) b.longTasks.push({ at: e.startTime - b.t0, ms: e.duration }); }).observe({ type: 'longtask', buffered: false });
  let last = performance.now();
  const tick = (t) => { b.gaps.push({ at: last - b.t0, ms: t - last }); last = t; if (!b.stop) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`;
const STOP_WATCHING = `(() => { const b = globalThis.__bench; b.stop = true; return { longTasks: b.longTasks, gaps: b.gaps.slice(1) }; })()`;

interface Span {
  /** ms since the watch started (≈ the click). */
  at: number;
  ms: number;
}
const worst = (xs: Span[], limit: number) =>
  xs
    .filter((x) => x.ms > limit)
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map((x) => `${x.ms.toFixed(0)} ms at ${(x.at / 1000).toFixed(1)} s`)
    .join(', ') || 'none';

/** 3. A dry run of RUN_INDIVIDUALS started from the campaigns screen, watched to the end. */
async function runResponsiveness(browser: Browser, dir: string): Promise<void> {
  const cached = await benchWorkspace(RUN_INDIVIDUALS);
  const ws = join(dir, 'run.sqlite');
  copyFileSync(cached, ws);
  // A campaign over everyone (a segment whose rule is always true), on the email recommendations point.
  const opened = openService(ws);
  if (!opened.ok) throw new Error(opened.error.message);
  const cfg = await opened.data.call('config.get', {});
  if (!cfg.ok) throw new Error(cfg.error.message);
  const config = structuredClone(cfg.data.config);
  const space = config.dataSpaces[0]!;
  const template = space.segments[0]!;
  space.segments.push({
    ...template,
    apiName: 'UI_Bench_Everyone',
    label: 'Everyone (UI bench)',
    rule: { '==': [1, 1] },
  } as typeof template);
  const campaign = space.campaigns[0]!;
  space.campaigns.push({
    ...campaign,
    name: BENCH_CAMPAIGN,
    segment: 'UI_Bench_Everyone',
    creditBudget: undefined,
    chunkSize: 500,
  } as typeof campaign);
  const saved = await opened.data.call('config.save', { config, note: 'ui bench campaign' });
  opened.data.close();
  if (!saved.ok) throw new Error(`ui bench config: ${saved.error.message}`);

  const serve = await startServe(ws);
  const page = await browser.context.newPage();
  try {
    const api = createClient({ token: serve.announcement.token, baseUrl: serve.announcement.origin });
    await page.goto(tokened(serve, `#/campaigns?campaign=${encodeURIComponent(BENCH_CAMPAIGN)}`));
    const panel = page.getByTestId('dry-run');
    await panel.getByRole('button', { name: 'Dry run' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('run-as-of').fill(BENCH_NOW.slice(0, 16));
    await page.evaluate(WATCH_FRAMES);
    // BENCH_UI_PROFILE=file.cpuprofile: the page's JavaScript CPU profile during the run (for finding a long task).
    const cdp = process.env.BENCH_UI_PROFILE ? await page.context().newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const t0 = performance.now();
    await panel.getByRole('button', { name: 'Dry run' }).click();
    // API round trips while the run goes on (the service stays responsive too).
    const latencies: Span[] = [];
    let status = 'starting';
    while (status === 'starting' || status === 'running') {
      const a = performance.now();
      await api.call('workspace.info', {});
      latencies.push({ at: a - t0, ms: performance.now() - a });
      status =
        (await page
          .getByTestId('run-progress')
          .getAttribute('data-status', { timeout: 60_000 })
          .catch(() => 'starting')) ?? 'starting';
      await page.waitForTimeout(250);
    }
    const wall = (performance.now() - t0) / 1000;
    const watched = (await page.evaluate(STOP_WATCHING)) as { longTasks: Span[]; gaps: Span[] };
    if (cdp) writeFileSync(process.env.BENCH_UI_PROFILE!, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    const over = (xs: Span[], limit: number) => xs.filter((x) => x.ms > limit).length;
    const longest = (xs: Span[]) => ms(Math.max(0, ...xs.map((x) => x.ms)));
    const title = `ui run screen during a ${RUN_INDIVIDUALS.toLocaleString('en-US')}-individual dry run`;
    figure(title, `run ${status} in ${wall.toFixed(1)} s (from the click)`);
    figure(
      `${title}: long tasks`,
      `${watched.longTasks.length}, longest ${longest(watched.longTasks)}, > 100 ms: ${over(watched.longTasks, 100)} (${worst(watched.longTasks, 100)})`,
    );
    figure(
      `${title}: frames`,
      `${watched.gaps.length}, longest gap ${longest(watched.gaps)}, > 100 ms: ${over(watched.gaps, 100)} (${worst(watched.gaps, 100)}); target: none > 100 ms`,
    );
    figure(
      `${title}: API round trips (workspace.info)`,
      `median ${ms(median(latencies.map((l) => l.ms)))}, longest ${longest(latencies)} (${worst(latencies, 500)})`,
    );
  } finally {
    await page.close();
    await serve.stop();
  }
}

/** 2. on its own server, with the sample's example individuals. */
async function traceBench(browser: Browser, ws: string): Promise<void> {
  const serve = await startServe(ws);
  const page = await browser.context.newPage();
  try {
    const info = await createClient({ token: serve.announcement.token, baseUrl: serve.announcement.origin }).call(
      'workspace.info',
      {},
    );
    const ids = info.ok ? (info.data.sample?.exampleIndividualIds ?? []).concat(['ind_000100']) : [];
    await traceOpen(page, serve, ids.slice(0, 5)).catch((e: Error) =>
      figure('ui trace open', `n/a (${e.message.split('\n')[0]})`),
    );
  } finally {
    await page.close();
    await serve.stop();
  }
}

export async function run(): Promise<void> {
  // The machine is shared: the load average says how much of a wall time is waiting for a core.
  console.log(
    `\n## ui — headless chromium against workbench serve (load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${cpus().length} cores)`,
  );
  await ensureRendererBuilt({ log: (l) => process.stderr.write(l + '\n') });
  const dir = mkdtempSync(join(tmpdir(), 'workbench-ui-bench-'));
  const browser = await launchBrowser();
  try {
    // BENCH_UI_PARTS=first,trace,run picks parts (trace uses the first part's workspace).
    const parts = new Set((process.env.BENCH_UI_PARTS ?? 'first,trace,run').split(','));
    if (parts.has('first') || parts.has('trace')) await firstScreen(browser, dir);
    if (parts.has('trace')) await traceBench(browser, join(dir, 'sample.sqlite'));
    if (parts.has('run'))
      await runResponsiveness(browser, dir).catch((e: Error) =>
        figure('ui run responsiveness', `n/a (${e.message.split('\n')[0]})`),
      );
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
