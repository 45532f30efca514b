// The renderer's one way to reach the service: a generic client typed from the operation map.
// Every call is `POST /api/op/<name>` with the JSON input; the body of the answer is the
// operation's Result. No per-endpoint fetch code lives anywhere else in the renderer.
import type { Fault, FaultCode, Result } from '../../../engine/model/errors.ts';
import type { InputOf, OperationName, OutputOf } from '../../../engine/service/operations.ts';
import type { JobEvent, JobId, JobInfo, JobKind, JobProgressOf, JobResultOf } from '../../../engine/service/jobs.ts';

export type { OperationName, InputOf, OutputOf, Result, Fault };
export type { JobEvent, JobId, JobInfo, JobKind, JobProgressOf, JobResultOf };

/** What the import wizard can upload in browser mode (config: a workspace configuration JSON). */
export type UploadKind = InputOf<'import.start'>['kind'] | 'config';
/** The answer of an upload: the import job's id (data), or the saved config revision. */
export type UploadOutput<K extends UploadKind> = K extends 'config'
  ? OutputOf<'config.import'>
  : OutputOf<'import.start'>;

/** One entry of `GET /api/ops`: the operation list with summaries and input JSON Schemas. */
export interface OperationSummary {
  name: OperationName;
  summary: string;
  /** JSON Schema of the input (zod's toJSONSchema), absent where not representable. */
  inputSchema?: unknown;
}

/** Connection state of the job-event stream (for a "reconnecting…" hint). */
export type EventStreamState = 'connecting' | 'open' | 'closed';

export interface SubscribeOptions {
  onState?: (state: EventStreamState) => void;
}

export interface CallOptions {
  /** Aborting cancels the request; the service sees the abort as its operation's signal. */
  signal?: AbortSignal;
}

/** The typed client of the workbench service. */
export interface WorkbenchClient {
  /** Calls one operation; resolves to its Result (transport failures become faults too, never throws). */
  call<K extends OperationName>(name: K, input: InputOf<K>, opts?: CallOptions): Promise<Result<OutputOf<K>>>;
  /** Listens to job progress/ended events (server-sent events); returns the unsubscribe function. */
  subscribe(onJobEvent: (event: JobEvent) => void, opts?: SubscribeOptions): () => void;
  /** Browser mode: uploads a file (streamed to the service's temp folder) and imports it (data: as a job). */
  upload<K extends UploadKind>(
    kind: K,
    file: Blob,
    fileName: string,
    opts?: CallOptions & { dataSpace?: string },
  ): Promise<Result<UploadOutput<K>>>;
  /** The service's operation list with summaries. */
  operations(opts?: CallOptions): Promise<Result<OperationSummary[]>>;
}

/** The minimal EventSource the client needs (the browser's, or a stand-in in tests). */
export interface EventSourceLike {
  onopen: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  readyState: number;
  addEventListener(type: string, listener: (ev: { data: string }) => void): void;
  close(): void;
}
export type EventSourceFactory = (url: string) => EventSourceLike;

export interface ClientOptions {
  /** The per-launch token (from the URL `?token=`). */
  token: string;
  /** Origin of the service; '' (the default) means the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  eventSource?: EventSourceFactory;
}

/** The server-sent event name carrying a JobEvent as JSON. */
export const JOB_EVENT = 'job';

const fault = <T>(code: FaultCode, message: string): Result<T> => ({ ok: false, error: { code, message } });

/** True when a parsed body has the shape of a Result. */
export function isResult(v: unknown): v is Result<unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as { ok?: unknown; error?: unknown };
  return r.ok === true ? 'data' in r : r.ok === false && typeof r.error === 'object' && r.error !== null;
}

/** Turns an HTTP answer into a Result: the body when it is one, else a fault saying what happened. */
async function resultOf<T>(res: Response, what: string): Promise<Result<T>> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (isResult(body)) return body as Result<T>;
  const detail =
    typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string'
      ? (body as { message: string }).message
      : text.slice(0, 200);
  if (res.status === 401)
    return fault(
      'InvalidRequest',
      `${what}: the service refused the token (open the URL printed by "workbench serve", which carries ?token=…)`,
    );
  if (res.status === 413)
    return fault('InvalidInput', `${what}: the request is larger than the service accepts (${detail})`);
  return fault(
    res.status >= 500 ? 'Internal' : 'InvalidRequest',
    `${what}: HTTP ${res.status}${detail ? ` — ${detail}` : ''}`,
  );
}

const unreachable = <T>(what: string, e: unknown): Result<T> => {
  if ((e as { name?: string }).name === 'AbortError') return fault('Cancelled', `${what}: cancelled`);
  return fault(
    'Internal',
    `${what}: cannot reach the workbench service (${(e as Error).message ?? String(e)}); is "workbench serve" still running?`,
  );
};

/** Creates the client over HTTP + server-sent events; one EventSource is shared by all subscribers. */
export function createClient(opts: ClientOptions): WorkbenchClient {
  const base = opts.baseUrl ?? '';
  const doFetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const makeSource: EventSourceFactory =
    opts.eventSource ?? ((url) => new EventSource(url) as unknown as EventSourceLike);
  const auth = { authorization: `Bearer ${opts.token}` };

  const listeners = new Set<{ onJobEvent: (e: JobEvent) => void; onState?: (s: EventStreamState) => void }>();
  let source: EventSourceLike | undefined;
  const broadcastState = (s: EventStreamState) => {
    for (const l of listeners) l.onState?.(s);
  };
  const openSource = () => {
    // EventSource cannot send headers: the token rides in the query (the server accepts it there).
    const es = makeSource(`${base}/api/events?token=${encodeURIComponent(opts.token)}`);
    es.onopen = () => broadcastState('open');
    // The browser reconnects by itself after an error (readyState CONNECTING); CLOSED is final.
    es.onerror = () => broadcastState(es.readyState === 2 ? 'closed' : 'connecting');
    es.addEventListener(JOB_EVENT, (ev) => {
      let event: JobEvent;
      try {
        event = JSON.parse(ev.data) as JobEvent;
      } catch {
        return;
      }
      for (const l of listeners) l.onJobEvent(event);
    });
    return es;
  };

  return {
    async call(name, input, callOpts) {
      const what = String(name);
      try {
        const res = await doFetch(`${base}/api/op/${encodeURIComponent(what)}`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          ...(callOpts?.signal ? { signal: callOpts.signal } : {}),
        });
        return await resultOf(res, what);
      } catch (e) {
        return unreachable(what, e);
      }
    },

    subscribe(onJobEvent, subOpts) {
      const entry = { onJobEvent, ...(subOpts?.onState ? { onState: subOpts.onState } : {}) };
      listeners.add(entry);
      entry.onState?.('connecting');
      source ??= openSource();
      return () => {
        listeners.delete(entry);
        if (listeners.size === 0 && source) {
          source.close();
          source = undefined;
        }
      };
    },

    async upload(kind, file, fileName, upOpts) {
      const what = `upload of ${fileName}`;
      const q = new URLSearchParams({
        kind,
        name: fileName,
        ...(upOpts?.dataSpace ? { dataSpace: upOpts.dataSpace } : {}),
      });
      try {
        const res = await doFetch(`${base}/api/upload?${q.toString()}`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/octet-stream' },
          body: file,
          ...(upOpts?.signal ? { signal: upOpts.signal } : {}),
        });
        return await resultOf(res, what);
      } catch (e) {
        return unreachable(what, e);
      }
    },

    async operations(opOpts) {
      try {
        const res = await doFetch(`${base}/api/ops`, {
          headers: auth,
          ...(opOpts?.signal ? { signal: opOpts.signal } : {}),
        });
        return await resultOf(res, 'operations');
      } catch (e) {
        return unreachable('operations', e);
      }
    },
  };
}
