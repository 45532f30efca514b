import type { Fault } from '../model/errors.ts';

/**
 * The fault for an exception that escaped a handler or a job. SQLite's "busy" (another writer held
 * the workspace past the busy timeout — a refresh being built, another process) is an expected
 * condition with a clear message; anything else is a bug: Internal, with its stack.
 */
export function faultOfError(e: unknown, what: string): Fault {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_BUSY'))
    return {
      code: 'Conflict',
      message: `${what}: the workspace is busy — another writer (a data-graph refresh being built, or another process) holds it; nothing was changed, try again when it has finished`,
    };
  return { code: 'Internal', message: `${what} failed unexpectedly: ${(e as Error)?.stack ?? String(e)}` };
}
