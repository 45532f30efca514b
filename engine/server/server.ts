// The HTTP bridge: the built renderer and the service API on loopback, guarded by a per-launch token
// and by Host/Origin checks. Every /api answer body is a Result (the operation's, or a transport fault).
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import type { z } from 'zod';
import type { FaultCode, Result } from '../model/errors.ts';
import type { Service } from '../service/service.ts';
import { operations } from '../service/operations.ts';
import type { Operation } from '../service/operation.ts';
import { streamJobEvents } from './job-events.ts';
import { OperationGate } from './operation-gate.ts';
import { readJsonBody, streamBodyToFile } from './request-body.ts';
import { RENDERER_DIST, BUILD_HINT } from './renderer-build.ts';
import {
  createToken,
  hostAllowed,
  isLoopbackHost,
  originAllowed,
  presentedToken,
  SECURITY_HEADERS,
  tokenMatches,
} from './security.ts';
import { serveStatic } from './static-files.ts';
import { operationList } from './operation-list.ts';

export interface ServerOptions {
  service: Service;
  /** Loopback address to listen on: 127.0.0.1 (default), localhost or ::1. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The built renderer to serve (default dist/renderer). */
  rendererDir?: string;
  /** The token (tests pass one; default: a fresh random one). */
  token?: string;
  /** Largest JSON body of an operation call, in bytes (default 16 MiB). */
  maxBodyBytes?: number;
  /** Largest upload, in bytes (default 1 GiB). */
  maxUploadBytes?: number;
  /**
   * How long a request body may take to arrive (default 30 s; an upload gets 1 s more per MiB
   * received). A body still trickling in after that is answered 408 and the connection closed.
   */
  bodyTimeoutMs?: number;
  /** Heartbeat period of the event stream (default 15 s). */
  heartbeatMs?: number;
  /**
   * Work that makes the first requests of a session fast (the data spaces' runtimes, the CIs' current
   * refreshes), run once under the gate just after the first `workspace.info` answer: the first
   * screen has its data by then, and a trace opened next finds everything ready.
   */
  warmUp?: () => void;
}

export interface WorkbenchServer {
  /** The URL to open: the page with the token, e.g. http://127.0.0.1:PORT/?token=… */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  host: string;
  port: number;
  token: string;
  /** Operation calls waiting or running under the one-writer gate. */
  readonly pendingCalls: number;
  /**
   * The folder uploads are streamed into (made on first use, emptied after each import, removed on
   * close and on exit; a folder left by a killed server is removed when the next one starts).
   */
  readonly uploadDir: string;
  /** Stops listening, ends event streams, removes upload temp files. */
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const UPLOAD_EXTENSIONS = new Set(['.csv', '.json', '.jsonl', '.ndjson']);

/** True for the output of an operation that started a job. */
const isStartedJob = (data: unknown): data is { jobId: string } =>
  typeof data === 'object' && data !== null && typeof (data as { jobId?: unknown }).jobId === 'string';

const faultBody = (code: FaultCode, message: string): string => JSON.stringify({ ok: false, error: { code, message } });

/** Upload folders are named for the server's process, so a later server can tell a dead one's. */
export const UPLOAD_DIR_PREFIX = 'workbench-upload-';

/** Removes upload folders of servers that are no longer running (killed with SIGKILL, power loss). */
export function removeStaleUploadDirs(root = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = new RegExp(`^${UPLOAD_DIR_PREFIX}(\\d+)-`).exec(name);
    if (!m || Number(m[1]) === process.pid || processAlive(Number(m[1]))) continue;
    rmSync(join(root, name), { recursive: true, force: true });
    removed.push(join(root, name));
  }
  return removed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Starts the bridge; resolves once it listens. */
export async function startServer(opts: ServerOptions): Promise<WorkbenchServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new Error(`startServer: host ${host} is not a loopback address`);
  const listenHost = host === 'localhost' ? '127.0.0.1' : host;
  const token = opts.token ?? createToken();
  const rendererDir = opts.rendererDir ?? RENDERER_DIST;
  const maxBody = opts.maxBodyBytes ?? 16 * 1024 * 1024;
  const maxUpload = opts.maxUploadBytes ?? 1024 * 1024 * 1024;
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const bodyMs = opts.bodyTimeoutMs ?? 30_000;
  const { service } = opts;
  const gate = new OperationGate();
  let warmUp = opts.warmUp;
  const streams = new Set<() => void>();
  // Created on the first upload (a server that never receives one, or fails to listen, leaves nothing).
  removeStaleUploadDirs();
  let uploadRoot: string | undefined;
  const removeUploads = () => {
    if (uploadRoot) rmSync(uploadRoot, { recursive: true, force: true });
  };
  const uploadDir = () => {
    if (uploadRoot === undefined) {
      uploadRoot = mkdtempSync(join(tmpdir(), `${UPLOAD_DIR_PREFIX}${process.pid}-`));
      process.once('exit', removeUploads);
    }
    return uploadRoot;
  };
  let uploads = 0;
  let port = 0;

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': JSON_TYPE, 'cache-control': 'no-store', ...headers });
    res.end(body);
  };
  const sendResult = (res: ServerResponse, status: number, r: Result<unknown>) => send(res, status, JSON.stringify(r));

  /** An AbortSignal that fires when the client goes away before the answer is sent. */
  const abortOnClose = (res: ServerResponse): AbortSignal => {
    const ac = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) ac.abort();
    });
    return ac.signal;
  };

  // POST /api/op/<name>: the JSON input in, the operation's Result out (validation by the service).
  async function callOperation(req: IncomingMessage, res: ServerResponse, name: string) {
    const type = req.headers['content-type'] ?? '';
    // Only JSON: a cross-site form cannot send it without a CORS preflight (which is refused).
    if (!/^application\/json\b/i.test(type))
      return send(res, 415, faultBody('InvalidRequest', `${name}: send the input as application/json`));
    const body = await readJsonBody(req, maxBody, { ms: bodyMs });
    if (!body.ok)
      return send(
        res,
        body.status,
        faultBody(body.status === 413 ? 'InvalidInput' : 'InvalidRequest', `${name}: ${body.message}`),
        body.status === 400 ? {} : { connection: 'close' },
      );
    if (!Object.hasOwn(operations, name))
      return send(res, 404, faultBody('InvalidRequest', `unknown operation "${name}"`));
    const signal = abortOnClose(res);
    const r = await gate.call(name, () => service.callUnknown(name, body.value, signal));
    sendResult(res, 200, r);
    if (name === 'workspace.info' && warmUp) {
      const w = warmUp;
      warmUp = undefined;
      setImmediate(() => void gate.run(false, async () => w()).catch(() => undefined));
    }
  }

  // POST /api/upload?kind=&name=&dataSpace=: the file streamed to a temp folder, then imported: data
  // by an import job (the answer is its id; progress and the report come through the job, naming the
  // uploaded file), a configuration at once.
  async function upload(req: IncomingMessage, res: ServerResponse, url: URL) {
    const kind = url.searchParams.get('kind') ?? '';
    const name = basename(url.searchParams.get('name') ?? '');
    const dataSpace = url.searchParams.get('dataSpace') ?? undefined;
    const ext = extname(name).toLowerCase();
    if (!/^[\w .()+-]{1,200}$/.test(name) || !UPLOAD_EXTENSIONS.has(ext)) {
      return send(
        res,
        400,
        faultBody(
          'InvalidInput',
          `upload: the file name "${name}" must end in .csv, .json, .jsonl or .ndjson (letters, digits, spaces, . _ - + ( ) only)`,
        ),
      );
    }
    const opName = kind === 'config' ? 'config.import' : 'import.start';
    const op = (operations as Record<string, Operation<z.ZodType, unknown>>)[opName]!;
    const input = (file: string) =>
      kind === 'config' ? { file } : { kind, file, name, ...(dataSpace ? { dataSpace } : {}) };
    // Check the kind before reading a possibly large body.
    const pre = op.input.safeParse(input(name));
    if (!pre.success)
      return send(
        res,
        400,
        faultBody(
          'InvalidInput',
          `upload: unknown kind "${kind}"; use profiles, items, events or config (or another kind import.start accepts)`,
        ),
      );
    const dir = join(uploadDir(), String(++uploads));
    mkdirSync(dir);
    const file = join(dir, name);
    // The temp file lives as long as the import job that reads it (or this request, when none starts).
    let removeWhen: Promise<unknown> = Promise.resolve();
    try {
      const body = await streamBodyToFile(req, file, maxUpload, { ms: bodyMs, bytesPerSecond: 1048576 });
      if (!body.ok)
        return send(res, body.status, faultBody('InvalidInput', `upload of ${name}: ${body.message}`), {
          connection: 'close',
        });
      const r = await gate.call(opName, () => service.callUnknown(opName, input(file), abortOnClose(res)));
      const jobId = r.ok && isStartedJob(r.data) ? r.data.jobId : undefined;
      if (jobId !== undefined) removeWhen = service.context.jobs.wait(jobId) ?? removeWhen;
      // Messages and problems name the uploaded file, not the temp path it was written to.
      const text = JSON.stringify(r).split(JSON.stringify(file).slice(1, -1)).join(JSON.stringify(name).slice(1, -1));
      send(res, 200, text);
    } finally {
      void removeWhen.finally(() => rmSync(dir, { recursive: true, force: true }));
    }
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (!originAllowed(req, port))
      return send(res, 403, faultBody('InvalidRequest', 'requests from another origin are refused'));
    if (!tokenMatches(presentedToken(req, url), token)) {
      return send(
        res,
        401,
        faultBody(
          'InvalidRequest',
          'missing or wrong token: open the URL printed by "workbench serve" (it carries ?token=…)',
        ),
        { 'www-authenticate': 'Bearer' },
      );
    }
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const allow = (m: string) => {
      if (method === m) return true;
      send(res, 405, faultBody('InvalidRequest', `${path} takes ${m}`), { allow: m });
      return false;
    };
    if (path.startsWith('/api/op/')) {
      if (!allow('POST')) return;
      let name: string;
      try {
        name = decodeURIComponent(path.slice('/api/op/'.length));
      } catch {
        return send(res, 400, faultBody('InvalidRequest', `the operation name in ${path} is not a valid URL escape`));
      }
      await callOperation(req, res, name);
    } else if (path === '/api/ops') {
      if (allow('GET')) sendResult(res, 200, { ok: true, data: operationList() });
    } else if (path === '/api/events') {
      if (allow('GET')) {
        const end = streamJobEvents(res, service.context.jobs, SECURITY_HEADERS, heartbeatMs);
        streams.add(end);
        res.on('close', () => streams.delete(end));
      }
    } else if (path === '/api/upload') {
      if (allow('POST')) await upload(req, res, url);
    } else {
      send(res, 404, faultBody('InvalidRequest', `no such endpoint ${path}`));
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // 1. DNS rebinding: only our loopback names and port.
    if (!hostAllowed(req, port))
      return send(
        res,
        403,
        faultBody(
          'InvalidRequest',
          `Host "${req.headers.host ?? ''}" is not this server (use http://127.0.0.1:${port}/)`,
        ),
      );
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    // 2. The API: Origin, token, then the route.
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return api(req, res, url);
    // 3. The renderer: static files (no data in them, so no token; the API calls they make carry it).
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, faultBody('InvalidRequest', 'the page takes GET'), { allow: 'GET, HEAD' });
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (!(await serveStatic(rendererDir, req, res, url.pathname))) {
      send(res, 503, `The renderer is not built (${rendererDir} has no index.html). Run: ${BUILD_HINT}\n`, {
        'content-type': 'text/plain; charset=utf-8',
      });
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // The stack goes to the server's log, not to the client.
      process.stderr.write(`workbench serve: ${req.method} ${req.url}: ${(e as Error).stack ?? String(e)}\n`);
      send(res, 500, faultBody('Internal', `the server failed unexpectedly: ${(e as Error).message ?? String(e)}`));
    });
  });
  // Slow or idle clients cannot hold the single process forever; event streams get their heartbeat.
  server.headersTimeout = 30_000;
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: listenHost, port: opts.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = listenHost === '::1' ? '[::1]' : listenHost;
  const origin = `http://${urlHost}:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    host: listenHost,
    port,
    token,
    get pendingCalls() {
      return gate.pending;
    },
    get uploadDir() {
      return uploadDir();
    },
    async close() {
      for (const end of [...streams]) end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      removeUploads();
      process.off('exit', removeUploads);
    },
  };
}
