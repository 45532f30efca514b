// The API over HTTP: operation calls return the service's Results, the operation list, uploads,
// the job event stream, and the renderer's static files.
import { workspaceChecksum } from '../store/workspace-checksum.ts';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ok, type Result } from '../../../engine/model/errors.ts';
import { operations, type OutputOf } from '../../../engine/service/operations.ts';
import { jobOutcome, type JobEvent } from '../../../engine/service/jobs.ts';
import { importOutcome } from '../service/job-fixtures.ts';
import { raw, sampleWorkspace, serve, type Served } from './server-fixture.ts';

/** Waits for a condition (never for a fixed time). */
const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
};

let templateDir: string;
let template: string;
let s: Served;

beforeAll(async () => {
  templateDir = mkdtempSync(join(tmpdir(), 'workbench-api-template-'));
  template = await sampleWorkspace(templateDir);
});
afterAll(() => rmSync(templateDir, { recursive: true, force: true }));
afterEach(async () => s?.close());

const json = async <T = Result<unknown>>(r: Response): Promise<T> => (await r.json()) as T;

describe('POST /api/op/<name>', () => {
  it("returns the operation's Result, the same as calling the service in-process", async () => {
    s = await serve(template);
    const overHttp = await json(await s.op('individuals.list', { limit: 3, search: 'ind_00001' }));
    const inProcess = await s.service.call('individuals.list', { limit: 3, search: 'ind_00001' });
    expect(overHttp).toEqual(JSON.parse(JSON.stringify(inProcess)));
    expect(overHttp.ok).toBe(true);
  });

  it('validates the input with the operation schema: a fault naming the JSON path, HTTP 200 (the Result is the answer)', async () => {
    s = await serve(template);
    const r = await s.op('individuals.list', { limit: 'ten' });
    expect(r.status).toBe(200);
    const body = await json(r);
    expect(body).toMatchObject({ ok: false, error: { code: 'InvalidRequest', path: '$.limit' } });
  });

  it('answers an expected failure as a fault value (unknown individual)', async () => {
    s = await serve(template);
    const body = await json(
      await s.op('individuals.profile', { individualId: 'nobody', asOf: '2026-11-27T00:00:00Z' }),
    );
    expect(body).toMatchObject({ ok: false, error: { code: 'IndividualNotFound' } });
  });

  it('404 for an unknown operation, 400 for a body that is not JSON, 405 for GET', async () => {
    s = await serve(template);
    const unknown = await s.op('no.such.op', {});
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toMatchObject({
      ok: false,
      error: { code: 'InvalidRequest', message: 'unknown operation "no.such.op"' },
    });
    const bad = await s.authed('/api/op/workspace.info', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).ok).toBe(false);
    const get = await s.authed('/api/op/workspace.info');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    await get.body?.cancel();
    const nowhere = await s.authed('/api/nowhere');
    expect(nowhere.status).toBe(404);
    await nowhere.body?.cancel();
  });

  it('an empty body is the empty input', async () => {
    s = await serve(template);
    const r = await s.authed('/api/op/workspace.info', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect((await json(r)).ok).toBe(true);
  });
});

describe('GET /api/ops', () => {
  it('lists every operation with its summary and the input JSON Schema', async () => {
    s = await serve(template);
    const body = await json<
      Result<{ name: string; summary: string; inputSchema?: { type?: string; properties?: Record<string, unknown> } }[]>
    >(await s.authed('/api/ops'));
    if (!body.ok) throw new Error(body.error.message);
    expect(body.data.map((o) => o.name)).toEqual(Object.keys(operations).sort((a, b) => a.localeCompare(b)));
    const list = body.data.find((o) => o.name === 'individuals.list')!;
    expect(list.summary).toBe(operations['individuals.list'].summary);
    expect(list.inputSchema?.type).toBe('object');
    expect(Object.keys(list.inputSchema?.properties ?? {})).toEqual(
      expect.arrayContaining(['dataSpace', 'offset', 'limit', 'search']),
    );
  });
});

/** Reads server-sent events from a fetch response until `until` says stop. */
async function readEvents(
  res: Response,
  until: (events: JobEvent[], comments: string[]) => boolean,
): Promise<{ events: JobEvent[]; comments: string[] }> {
  const events: JobEvent[] = [];
  const comments: string[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  while (!until(events, comments)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const lines = block.split('\n');
      for (const l of lines) if (l.startsWith(':')) comments.push(l);
      const name = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
      if (name === 'job' && data) events.push(JSON.parse(data) as JobEvent);
    }
  }
  await reader.cancel();
  return { events, comments };
}

describe('GET /api/events', () => {
  it('streams progress and ended events of jobs, running jobs on connect, and heartbeats', async () => {
    s = await serve(template, { heartbeatMs: 20 });
    const jobs = s.service.context.jobs;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = jobs.start('import', 'already running', async () => {
      await gate;
      return ok(importOutcome({ rowsRead: 1 }));
    });
    const res = await fetch(`${s.server.origin}/api/events?token=${s.server.token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reading = readEvents(
      res,
      (events, comments) =>
        events.some((e) => e.type === 'ended' && e.job.id === first.id) &&
        comments.some((c) => c.startsWith(': heartbeat')),
    );
    const second = jobs.start('import', 'second', async (control) => {
      control.progress({ done: 1, total: 2, message: 'halfway' });
      return ok(importOutcome({ rowsRead: 42 }));
    });
    await jobs.wait(second.id);
    release();
    const { events, comments } = await reading;
    // Every event names its job's kind, so the renderer narrows on it.
    expect(events[0]).toMatchObject({
      type: 'progress',
      kind: 'import',
      job: { id: first.id, kind: 'import', status: 'running', label: 'already running' },
    });
    expect(events.find((e) => e.type === 'ended' && e.job.id === second.id)).toMatchObject({
      kind: 'import',
      job: { status: 'succeeded', result: { rowsRead: 42 } },
    });
    expect(events.find((e) => e.type === 'ended' && e.job.id === first.id)).toMatchObject({
      kind: 'import',
      job: { status: 'succeeded', result: { rowsRead: 1 } },
    });
    expect(comments.length).toBeGreaterThan(0);
  });

  it('ends open streams when the server closes', async () => {
    s = await serve(template);
    const res = await fetch(`${s.server.origin}/api/events?token=${s.server.token}`);
    const reading = readEvents(res, () => false);
    await s.close();
    await expect(reading).resolves.toMatchObject({ events: [] });
  });
});

describe('POST /api/upload', () => {
  const upload = (kind: string, name: string, body: string) =>
    s.authed(`/api/upload?kind=${encodeURIComponent(kind)}&name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });

  /** The ended import job an upload started. */
  const importJobOf = async (res: Response) => {
    const started = await json<Result<OutputOf<'import.start'>>>(res);
    if (!started.ok) throw new Error(started.error.message);
    return s.service.context.jobs.wait(started.data.jobId)!;
  };

  it('feeds an uploaded CSV to an import job (the answer is its id) and removes the temp file when it ends', async () => {
    s = await serve(template);
    const before = await s.service.call('workspace.info', {});
    const job = await importJobOf(
      await upload('profiles', 'new people.csv', 'id,firstName,shoeSize\nup_1,Ada,38\nup_2,Bo,44\n'),
    );
    const r = jobOutcome(job);
    if (!r.ok) throw new Error(r.error.message);
    expect(job.label).toBe('import of profiles from new people.csv');
    expect(r.data).toMatchObject({ file: 'new people.csv', inserted: 2 });
    expect(r.data.addedFields.map((f) => f.name)).toEqual(['shoeSize']);
    const after = await s.service.call('workspace.info', {});
    expect(
      after.ok && before.ok && after.data.dataSpaces[0]!.individuals - before.data.dataSpaces[0]!.individuals,
    ).toBe(2);
    await until(() => readdirSync(s.server.uploadDir).length === 0);
  });

  it('reports bad rows naming the uploaded file (not the temp path) with line and field; nothing is imported', async () => {
    s = await serve(template);
    const r = jobOutcome(
      await importJobOf(
        await upload(
          'events',
          'events.csv',
          'individualId,itemId,type,timestamp\nind_000001,prod_00001,browse,2026-11-01T00:00:00Z\nind_000001,prod_00001,teleport,2026-11-01T00:00:00Z\n',
        ),
      ),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('InvalidInput');
    expect(r.error.problems?.[0]).toMatchObject({ file: 'events.csv', line: 3, field: 'type' });
    expect(JSON.stringify(r)).not.toContain(s.server.uploadDir);
  });

  it('imports an uploaded configuration through config.import', async () => {
    s = await serve(template);
    const exported = await s.service.call('config.export', {});
    if (!exported.ok) throw new Error(exported.error.message);
    const r = await json<Result<{ revision: number }>>(
      await upload('config', 'workbench-config.json', exported.data.json),
    );
    expect(r).toMatchObject({ ok: true, data: { revision: exported.data.revision + 1 } });
  });

  it('refuses an unknown kind or a file name without a data extension before reading the body (400)', async () => {
    s = await serve(template);
    for (const [kind, name, why] of [
      ['pets', 'a.csv', /kind "pets"/],
      ['profiles', 'a.exe', /\.csv/],
      ['profiles', '', /\.csv/],
      ['profiles', 'a\u0000.csv', /name/],
    ] as const) {
      const r = await upload(kind, name, 'id\n1\n');
      expect(r.status, `${kind} ${name}`).toBe(400);
      const body = await json(r);
      expect(body.ok).toBe(false);
      if (!body.ok) expect(body.error.message).toMatch(why);
    }
  });
});

describe('the renderer files', () => {
  it('serves index.html for app routes, assets by path, 404 for missing assets', async () => {
    s = await serve(template);
    const { origin } = s.server;
    const route = await fetch(`${origin}/campaigns/nightly`);
    expect(route.status).toBe(200);
    expect(route.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await route.text()).toContain('<div id="root">');
    const asset = await fetch(`${origin}/assets/app-1234.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toContain('console.log');
    const missing = await fetch(`${origin}/assets/nope.js`);
    expect(missing.status).toBe(404);
    await missing.body?.cancel();
    const post = await fetch(`${origin}/`, { method: 'POST' });
    expect(post.status).toBe(405);
    await post.body?.cancel();
  });

  it('never serves files outside the renderer folder, nor dotfiles', async () => {
    s = await serve(template);
    for (const path of [
      '/../ws.sqlite',
      '/..%2fws.sqlite',
      '/%2e%2e/ws.sqlite',
      '/assets/..%2f..%2fws.sqlite',
      '/.secret',
      '/%2esecret',
    ]) {
      const r = await raw(s.server.port, { path });
      expect(r.body, path).not.toContain('SQLite');
      expect(r.body, path).not.toContain('dotfiles');
    }
  });

  it('says what to run when the renderer is not built (503)', async () => {
    s = await serve(template, { rendererDir: join(templateDir, 'no-such-build') });
    const r = await fetch(`${s.server.origin}/`);
    expect(r.status).toBe(503);
    expect(await r.text()).toMatch(/npm run build/);
  });
});

describe('warm-up after the first workspace.info', () => {
  it('runs once, after the answer, and writes nothing: CIs are stored by the first decide, at the workspace clock', async () => {
    let calls = 0;
    const { warmUp } = await import('../../../engine/server/serve-workspace.ts');
    let warmed!: () => void;
    const done = new Promise<void>((r) => (warmed = r));
    s = await serve(template, {
      warmUp: () => {
        calls++;
        warmUp(s.service);
        warmed();
      },
    });
    const store = s.service.context.store;
    const space = store.dataSpaceId('default')!;
    const before = workspaceChecksum(store.file);
    await (await s.op('config.get', {})).json();
    await new Promise((r) => setImmediate(r));
    expect(calls).toBe(0);
    await (await s.op('workspace.info', {})).json();
    await done;
    await (await s.op('workspace.info', {})).json();
    expect(calls).toBe(1);
    // Opening wrote nothing, not even the CIs' scheduled refreshes.
    expect(workspaceChecksum(store.file)).toEqual(before);
    const d = (await (
      await s.op('decide', { individualId: 'ind_000001', points: ['home_page_recs'], trace: true })
    ).json()) as { ok: boolean };
    expect(d.ok).toBe(true);
    const clock = s.service.context.clock();
    const scheduled = store.insights.list(space).filter((r) => r.kind === 'scheduled');
    expect(scheduled.length).toBeGreaterThan(0);
    for (const r of scheduled) expect(r.refreshedAtMs).toBeLessThanOrEqual(clock);
  });
});
