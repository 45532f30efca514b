// A small sample workspace served by startServer on a free port, with a stand-in renderer folder,
// plus a raw HTTP helper for what fetch will not send (Host, bodies without Content-Length).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initWorkspace } from '../../../engine/service/init.ts';
import { openService, type Service } from '../../../engine/service/service.ts';
import { startServer, type ServerOptions, type WorkbenchServer } from '../../../engine/server/server.ts';

export const SAMPLE_NOW = '2026-11-28T00:00:00Z';

export interface Served {
  dir: string;
  workspace: string;
  service: Service;
  server: WorkbenchServer;
  /** fetch against the server with the token in the Authorization header. */
  authed(path: string, init?: RequestInit): Promise<Response>;
  /** Calls an operation the way the client does. */
  op(name: string, input: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** A workspace template shared by a test file (created once; each served copy starts from it). */
export async function sampleWorkspace(dir: string, individuals = 60): Promise<string> {
  const file = join(dir, `sample-${individuals}.sqlite`);
  const r = await initWorkspace(file, { sample: 'retail', individuals, items: 40, seed: 1, now: SAMPLE_NOW });
  if (!r.ok) throw new Error(r.error.message);
  return file;
}

/** A stand-in renderer build: an index page and one hashed asset. */
export function fakeRenderer(dir: string): string {
  const out = join(dir, 'renderer');
  mkdirSync(join(out, 'assets'), { recursive: true });
  writeFileSync(
    join(out, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/app-1234.js"></script></head><body><div id="root"></div></body></html>\n',
  );
  writeFileSync(join(out, 'assets', 'app-1234.js'), 'console.log("app");\n');
  writeFileSync(join(out, '.secret'), 'dotfiles are never served\n');
  return out;
}

/** Serves a copy of the template workspace; `opts` override the server options. */
export async function serve(template: string, opts: Partial<ServerOptions> = {}): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'workbench-server-'));
  const workspace = join(dir, 'ws.sqlite');
  copyFileSync(template, workspace);
  const opened = openService(workspace);
  if (!opened.ok) throw new Error(opened.error.message);
  const service = opened.data;
  const server = await startServer({ service, rendererDir: fakeRenderer(dir), ...opts });
  const authed = (path: string, init: RequestInit = {}) =>
    fetch(server.origin + path, {
      ...init,
      headers: { authorization: `Bearer ${server.token}`, ...(init.headers as Record<string, string> | undefined) },
    });
  return {
    dir,
    workspace,
    service,
    server,
    authed,
    op: (name, input, headers = {}) =>
      authed(`/api/op/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(input),
      }),
    async close() {
      await server.close();
      service.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTP request with exactly these headers (Host included); the body is sent chunked when given as chunks. */
export function raw(
  port: number,
  opts: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    chunks?: (string | Buffer)[];
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { host: `127.0.0.1:${port}`, ...opts.headers },
        setHost: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    // A server that answers 413 early may close the socket while we still write: that is fine.
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e),
    );
    if (opts.chunks) for (const c of opts.chunks) req.write(c);
    req.end(opts.body);
  });
}
