/**
 * Ctrl-C and SIGTERM during a long operation: the first cancels its job (which stops its work,
 * writes nothing more and leaves the workspace consistent), and the command then exits with the
 * shell's code for the signal; a second one ends the process at once (Node's default).
 */

/** Exit codes of a command stopped by a signal: 128 + the signal's number, as shells report them. */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT;

let received: StopSignal | undefined;

/** Calls `cancel` on the first Ctrl-C or SIGTERM while a job runs; returns the function that removes the handlers. */
export function onStopSignal(cancel: (signal: StopSignal) => void): () => void {
  const handlers = (Object.keys(SIGNAL_EXIT) as StopSignal[]).map((signal) => {
    const handler = (): void => {
      received ??= signal;
      cancel(signal);
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
}

/** The signal that stopped the command under way, if one did; clears it for the next command. */
export function takeStopSignal(): StopSignal | undefined {
  const s = received;
  received = undefined;
  return s;
}
