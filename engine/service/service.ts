import { fail, type Result } from '../model/errors.ts';
import { tooDeepAt, tooDeepMessage } from '../model/json-depth.ts';
import { openWorkspace, type WorkspaceStore } from '../store/index.ts';
import { zodProblems } from '../config/validate.ts';
import { faultOfError } from './fault-of-error.ts';
import { createContext, type ServiceContext } from './context.ts';
import { operations, type InputOf, type OperationName, type OutputOf } from './operations.ts';
import type { Operation } from './operation.ts';
import type { z } from 'zod';

/** The single application API over one open workspace. */
export interface Service {
  readonly context: ServiceContext;
  /** Validates the input with the operation's schema, runs it, returns a Result; never throws. */
  call<K extends OperationName>(name: K, input: InputOf<K>, signal?: AbortSignal): Promise<Result<OutputOf<K>>>;
  /** Same, for untyped callers (HTTP bridge): unknown names and bad inputs come back as faults. */
  callUnknown(name: string, input: unknown, signal?: AbortSignal): Promise<Result<unknown>>;
  close(): void;
}

export function createService(store: WorkspaceStore, opts: { now?: () => number } = {}): Service {
  const context = createContext(store, opts);
  const callUnknown = async (name: string, input: unknown, signal?: AbortSignal): Promise<Result<unknown>> => {
    const op = (operations as Record<string, Operation<z.ZodType, unknown>>)[name];
    if (!op) return fail('InvalidRequest', `unknown operation "${name}"`);
    const deep = tooDeepAt(input);
    if (deep !== undefined) return fail('InvalidRequest', `${name}: ${deep} ${tooDeepMessage()}`, { path: deep });
    const parsed = op.input.safeParse(input ?? {});
    if (!parsed.success) {
      const problems = zodProblems(parsed.error);
      return fail('InvalidRequest', `${name}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, {
        path: problems[0]?.path,
        problems,
      });
    }
    try {
      return await op.handler(context, parsed.data, signal);
    } catch (e) {
      return { ok: false, error: faultOfError(e, name) };
    }
  };
  return {
    context,
    call: (name, input, signal) => callUnknown(name, input, signal) as never,
    callUnknown,
    close: () => store.close(),
  };
}

/** Opens a workspace file and the service over it. */
export function openService(file: string, opts: { now?: () => number; readonly?: boolean } = {}): Result<Service> {
  const store = openWorkspace(file, { readonly: opts.readonly ?? false });
  if (!store.ok) return store;
  return { ok: true, data: createService(store.data, opts) };
}
