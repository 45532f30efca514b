// A stand-in for the service in renderer tests: handlers per operation, typed from the same map
// as the real client, plus a way to push job events to subscribers.
import type { FaultCode, ProblemLocation, Problem } from '../../../engine/model/errors.ts';
import type {
  CallOptions,
  EventStreamState,
  InputOf,
  JobEvent,
  OperationName,
  OperationSummary,
  OutputOf,
  Result,
  UploadKind,
  UploadOutput,
  WorkbenchClient,
} from './client.ts';
import { isResult } from './client.ts';

type MaybePromise<T> = T | Promise<T>;

/**
 * A mock operation: gets the input, returns the output data or a whole Result (use `mockFault`
 * for failures). A value is taken as a Result when its keys are only ok/data/warnings/error.
 */
export type MockHandler<K extends OperationName> = (
  input: InputOf<K>,
  opts: CallOptions,
) => MaybePromise<OutputOf<K> | Result<OutputOf<K>>>;
export type MockHandlers = { [K in OperationName]?: MockHandler<K> };
export type MockUploadHandler = (kind: UploadKind, file: Blob, fileName: string) => MaybePromise<Result<unknown>>;

export interface MockCall {
  name: OperationName;
  input: unknown;
}

/** The mock client: a WorkbenchClient plus what tests need to drive and inspect it. */
export interface MockClient extends WorkbenchClient {
  /** Every call in order (operation name and input). */
  readonly calls: MockCall[];
  /** The calls of one operation, typed. */
  callsOf<K extends OperationName>(name: K): InputOf<K>[];
  /** Replaces (or adds) the handler of one operation. */
  setHandler<K extends OperationName>(name: K, handler: MockHandler<K>): void;
  /** Delivers a job event to every subscriber, synchronously. */
  emit(event: JobEvent): void;
  /** Reports a connection state to every subscriber. */
  emitState(state: EventStreamState): void;
  /** How many subscriptions are open (a screen that forgets to unsubscribe leaks one). */
  readonly subscriberCount: number;
  /** Uploads received (browser-mode import wizard). */
  readonly uploads: { kind: UploadKind; fileName: string; size: number }[];
}

export interface MockClientOptions {
  upload?: MockUploadHandler;
  operations?: OperationSummary[];
}

/** A successful Result. */
export const mockOk = <T>(data: T, warnings?: Problem[]): Result<T> =>
  warnings && warnings.length > 0 ? { ok: true, data, warnings } : { ok: true, data };

/** A failed Result, as the service returns it. */
export const mockFault = <T = never>(
  code: FaultCode,
  message: string,
  location: ProblemLocation & { problems?: Problem[]; problemCount?: number } = {},
): Result<T> => ({
  ok: false,
  error: { code, message, ...location },
});

const RESULT_KEYS = new Set(['ok', 'data', 'warnings', 'error']);
const looksLikeResult = (v: unknown): v is Result<unknown> =>
  isResult(v) && Object.keys(v as object).every((k) => RESULT_KEYS.has(k));

/** Creates a mock client; an operation without a handler answers an Internal fault naming it. */
export function createMockClient(handlers: MockHandlers = {}, opts: MockClientOptions = {}): MockClient {
  const table = new Map<OperationName, MockHandler<OperationName>>(
    Object.entries(handlers) as [OperationName, MockHandler<OperationName>][],
  );
  const calls: MockCall[] = [];
  const uploads: MockClient['uploads'] = [];
  const listeners = new Set<{ onJobEvent: (e: JobEvent) => void; onState?: (s: EventStreamState) => void }>();

  const client: MockClient = {
    calls,
    uploads,
    get subscriberCount() {
      return listeners.size;
    },
    async call<K extends OperationName>(
      name: K,
      input: InputOf<K>,
      callOpts: CallOptions = {},
    ): Promise<Result<OutputOf<K>>> {
      // Inputs are cloned so that a screen mutating its state afterwards cannot rewrite history.
      calls.push({ name, input: structuredClone(input) });
      const handler = table.get(name) as MockHandler<K> | undefined;
      if (!handler) return mockFault('Internal', `mock client: no handler for operation "${name}"`);
      if (callOpts.signal?.aborted) return mockFault('Cancelled', `${name}: cancelled`);
      const value = await handler(input, callOpts);
      return looksLikeResult(value) ? (value as Result<OutputOf<K>>) : mockOk(value as OutputOf<K>);
    },
    callsOf<K extends OperationName>(name: K): InputOf<K>[] {
      return calls.filter((c) => c.name === name).map((c) => c.input as InputOf<K>);
    },
    setHandler(name, handler) {
      table.set(name, handler as unknown as MockHandler<OperationName>);
    },
    subscribe(onJobEvent, subOpts) {
      const entry = { onJobEvent, ...(subOpts?.onState ? { onState: subOpts.onState } : {}) };
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    emit(event) {
      for (const l of [...listeners]) l.onJobEvent(event);
    },
    emitState(state) {
      for (const l of [...listeners]) l.onState?.(state);
    },
    async upload<K extends UploadKind>(kind: K, file: Blob, fileName: string): Promise<Result<UploadOutput<K>>> {
      uploads.push({ kind, fileName, size: file.size });
      if (!opts.upload) return mockFault('Internal', `mock client: no upload handler (upload of ${fileName})`);
      return (await opts.upload(kind, file, fileName)) as Result<UploadOutput<K>>;
    },
    async operations() {
      return mockOk(opts.operations ?? [...table.keys()].map((name) => ({ name, summary: `mock ${name}` })));
    },
  };
  return client;
}
