// The renderer's typed client against a real server (Node's fetch), and the mock client tests use.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type EventSourceLike, type JobEvent } from '../../../renderer/src/api/client.ts';
import { createMockClient, mockFault } from '../../../renderer/src/api/mock-client.ts';
import { takeToken, TOKEN_KEY } from '../../../renderer/src/api/token.ts';
import { jobOutcome } from '../../../engine/service/jobs.ts';
import { endedEvent, jobOf, progressEvent, runSummary } from '../../renderer/factories.ts';
import { sampleWorkspace, serve, type Served } from './server-fixture.ts';

let templateDir: string;
let template: string;
let s: Served | undefined;

beforeAll(async () => {
  templateDir = mkdtempSync(join(tmpdir(), 'workbench-client-template-'));
  template = await sampleWorkspace(templateDir);
});
afterAll(() => rmSync(templateDir, { recursive: true, force: true }));
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe('createClient over HTTP', () => {
  it('calls operations and returns their Results, typed from the operation map', async () => {
    s = await serve(template);
    const client = createClient({ token: s.server.token, baseUrl: s.server.origin });
    const info = await client.call('workspace.info', {});
    expect(info.ok).toBe(true);
    if (info.ok) expect(info.data.dataSpaces[0]!.individuals).toBe(60);
    const page = await client.call('individuals.list', { limit: 2 });
    if (!page.ok) throw new Error(page.error.message);
    expect(page.data.rows).toHaveLength(2);
    const bad = await client.call('individuals.profile', { individualId: 'nobody', asOf: '2026-11-27T00:00:00Z' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'IndividualNotFound' } });
  });

  it('turns transport failures into faults: wrong token, unreachable service, aborted call', async () => {
    s = await serve(template);
    const wrong = createClient({ token: 'not-the-token', baseUrl: s.server.origin });
    const r = await wrong.call('workspace.info', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'InvalidRequest' } });
    if (!r.ok) expect(r.error.message).toMatch(/token/);
    const origin = s.server.origin;
    await s.close();
    s = undefined;
    const gone = await createClient({ token: 'x', baseUrl: origin }).call('workspace.info', {});
    expect(gone).toMatchObject({ ok: false, error: { code: 'Internal' } });
    if (!gone.ok) expect(gone.error.message).toMatch(/cannot reach the workbench service/);
    const ac = new AbortController();
    ac.abort();
    const aborted = await createClient({ token: 'x', baseUrl: origin }).call(
      'workspace.info',
      {},
      { signal: ac.signal },
    );
    expect(aborted).toMatchObject({ ok: false, error: { code: 'Cancelled' } });
  });

  it('answers a non-Result body (e.g. a proxy error page) with a fault carrying the status', async () => {
    const client = createClient({
      token: 't',
      fetch: async () => new Response('<html>Bad gateway</html>', { status: 502 }),
    });
    const r = await client.call('workspace.info', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'Internal' } });
    if (!r.ok) expect(r.error.message).toMatch(/HTTP 502/);
  });

  it('uploads a file for import and lists the operations', async () => {
    s = await serve(template);
    const client = createClient({ token: s.server.token, baseUrl: s.server.origin });
    const up = await client.upload(
      'items',
      new Blob([
        'id,name,category,price,imageUrl,url,brand,inStock,createdAt\nnew_1,Lamp,Home,19.5,https://x/y.jpg,/lamp,Acme,true,2026-11-01T00:00:00Z\n',
      ]),
      'lamps.csv',
    );
    if (!up.ok) throw new Error(up.error.message);
    const ended = jobOutcome(await s.service.context.jobs.wait(up.data.jobId)!);
    expect(ended).toMatchObject({ ok: true, data: { file: 'lamps.csv', inserted: 1 } });
    const ops = await client.operations();
    expect(ops.ok && ops.data.some((o) => o.name === 'import.start')).toBe(true);
  });

  it('subscribes through one shared EventSource carrying the token, delivers job events, closes when the last listener leaves', () => {
    const sources: (EventSourceLike & {
      url: string;
      listeners: Map<string, (ev: { data: string }) => void>;
      closed: boolean;
    })[] = [];
    const client = createClient({
      token: 'tok/+=',
      baseUrl: 'http://127.0.0.1:9',
      eventSource: (url) => {
        const es = {
          url,
          listeners: new Map(),
          closed: false,
          onopen: null,
          onerror: null,
          readyState: 0,
          addEventListener: (t: string, l: (ev: { data: string }) => void) => es.listeners.set(t, l),
          close: () => (es.closed = true),
        };
        sources.push(es);
        return es;
      },
    });
    const seenA: JobEvent[] = [];
    const seenB: JobEvent[] = [];
    const states: string[] = [];
    const offA = client.subscribe((e) => seenA.push(e), { onState: (st) => states.push(st) });
    const offB = client.subscribe((e) => seenB.push(e));
    expect(sources).toHaveLength(1);
    expect(sources[0]!.url).toBe('http://127.0.0.1:9/api/events?token=tok%2F%2B%3D');
    const event = progressEvent(jobOf('run', { done: 1, total: 2 }));
    sources[0]!.listeners.get('job')!({ data: JSON.stringify(event) });
    sources[0]!.listeners.get('job')!({ data: 'not json' });
    sources[0]!.onopen?.({});
    expect(seenA).toEqual([event]);
    expect(seenB).toEqual([event]);
    expect(states).toEqual(['connecting', 'open']);
    offA();
    expect(sources[0]!.closed).toBe(false);
    offB();
    expect(sources[0]!.closed).toBe(true);
    client.subscribe(() => {});
    expect(sources).toHaveLength(2);
  });
});

describe('createMockClient', () => {
  it('answers from handlers (data or whole Results), records calls, and faults for missing handlers', async () => {
    const client = createMockClient({
      'workspace.info': () => ({ file: 'ws.sqlite', createdAt: null, configRevision: 1, dataSpaces: [], sample: null }),
      'individuals.profile': ({ individualId }) => mockFault('IndividualNotFound', `no ${individualId}`),
    });
    const info = await client.call('workspace.info', {});
    expect(info).toEqual({
      ok: true,
      data: { file: 'ws.sqlite', createdAt: null, configRevision: 1, dataSpaces: [], sample: null },
    });
    const profile = await client.call('individuals.profile', { individualId: 'ind_1' });
    expect(profile).toEqual({ ok: false, error: { code: 'IndividualNotFound', message: 'no ind_1' } });
    const missing = await client.call('config.get', {});
    expect(missing).toMatchObject({ ok: false, error: { code: 'Internal' } });
    if (!missing.ok) expect(missing.error.message).toContain('config.get');
    expect(client.calls.map((c) => c.name)).toEqual(['workspace.info', 'individuals.profile', 'config.get']);
    expect(client.callsOf('individuals.profile')).toEqual([{ individualId: 'ind_1' }]);
  });

  it('keeps a copy of each input, takes new handlers, pushes job events to subscribers', async () => {
    const client = createMockClient();
    const input = { limit: 5, search: 'a' };
    client.setHandler('individuals.list', async ({ limit }) => ({ total: 0, rows: [], limit }) as never);
    await client.call('individuals.list', input);
    input.search = 'changed';
    expect(client.callsOf('individuals.list')).toEqual([{ limit: 5, search: 'a' }]);
    const seen: JobEvent[] = [];
    const off = client.subscribe((e) => seen.push(e));
    expect(client.subscriberCount).toBe(1);
    const event = endedEvent(
      jobOf('run', { done: 2, total: 2 }, { status: 'succeeded', result: runSummary({ runId: 1 }) }),
    );
    client.emit(event);
    off();
    client.emit(event);
    expect(seen).toEqual([event]);
    expect(client.subscriberCount).toBe(0);
  });

  it('records uploads and answers them from the upload handler', async () => {
    const client = createMockClient({}, { upload: (kind, _file, name) => ({ ok: true, data: { kind, name } }) });
    const r = await client.upload('profiles', new Blob(['id\n1\n']), 'p.csv');
    expect(r).toEqual({ ok: true, data: { kind: 'profiles', name: 'p.csv' } });
    expect(client.uploads).toEqual([{ kind: 'profiles', fileName: 'p.csv', size: 5 }]);
  });
});

describe('takeToken', () => {
  const env = (href: string, stored?: string) => {
    const storage = new Map<string, string>(stored ? [[TOKEN_KEY, stored]] : []);
    const replaced: string[] = [];
    return {
      env: {
        location: { href },
        storage: {
          getItem: (k: string) => storage.get(k) ?? null,
          setItem: (k: string, v: string) => void storage.set(k, v),
        },
        history: {
          replaceState: (_d: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)),
        },
      },
      storage,
      replaced,
    };
  };

  it('takes the token from the URL, keeps it for the tab and strips it from the address bar', () => {
    const e = env('http://127.0.0.1:5000/campaigns?token=abc&x=1#run');
    expect(takeToken(e.env)).toBe('abc');
    expect(e.storage.get(TOKEN_KEY)).toBe('abc');
    expect(e.replaced).toEqual(['/campaigns?x=1#run']);
  });

  it('falls back to the stored token after a reload, and is undefined without either', () => {
    expect(takeToken(env('http://127.0.0.1:5000/', 'kept').env)).toBe('kept');
    expect(takeToken(env('http://127.0.0.1:5000/').env)).toBeUndefined();
  });
});
