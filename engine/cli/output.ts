import type { Fault, FaultCode, Problem, Result } from '../model/errors.ts';
import { formatLocation } from '../model/errors.ts';

/** Exit codes of the CLI contract: 0 ok, 1 failed run, 2 bad input. */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

const BAD_INPUT: ReadonlySet<FaultCode> = new Set<FaultCode>([
  'InvalidRequest',
  'InvalidInput',
  'DataSpaceNotFound',
  'IndividualNotFound',
  'PersonalizationPointNotFound',
  'ConfigurationMissing',
  'WorkspaceNotFound',
  'WorkspaceIncompatible',
  'NotFound',
  'Conflict',
]);

export const exitCodeFor = (code: FaultCode): number => (BAD_INPUT.has(code) ? EXIT.badInput : EXIT.failed);

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
}

export const processIo = (): Io => ({
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: process.stderr.isTTY === true,
});

// C0 controls except tab and newline, DEL and C1 controls: user text (a column name, an id, a
// file path) must never drive the terminal, e.g. an ESC sequence hidden in a CSV header.
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROL_RE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Escapes control characters (C0 but tab/newline, DEL, C1, ESC) as \\uXXXX for human output. */
export function escapeForTerminal(text: string): string {
  return text.replace(TERMINAL_CONTROL_RE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const problemLine = (p: Problem): string => {
  const where = formatLocation(p);
  return escapeForTerminal(where ? `  ${where}: ${p.message}` : `  ${p.message}`);
};

/** Prints a fault (as JSON on stdout with --json, else as text on stderr) and returns its exit code. */
export function printFault(io: Io, error: Fault, json: boolean): number {
  if (json) io.out(JSON.stringify({ error }, null, 2) + '\n');
  else {
    io.err(`workbench: ${error.code}: ${escapeForTerminal(error.message)}\n`);
    const shown = error.problems ?? [];
    for (const p of shown) io.err(problemLine(p) + '\n');
    if (error.problemCount !== undefined && error.problemCount > shown.length)
      io.err(`  … and ${error.problemCount - shown.length} more\n`);
  }
  return exitCodeFor(error.code);
}

/** Prints warnings on stderr (never on stdout: --json output stays one document). */
export function printWarnings(io: Io, warnings: Problem[] | undefined): void {
  for (const w of warnings ?? [])
    io.err(escapeForTerminal(`warning: ${formatLocation(w) ? `${formatLocation(w)}: ` : ''}${w.message}`) + '\n');
}

/** Prints a result: JSON document or human text; returns the exit code. */
export function printResult<T>(
  io: Io,
  r: Result<T>,
  json: boolean,
  human: (data: T) => string,
  toJson: (data: T) => unknown = (d) => d,
): number {
  if (!r.ok) return printFault(io, r.error, json);
  printWarnings(io, r.warnings);
  if (json) io.out(JSON.stringify(toJson(r.data), null, 2) + '\n');
  else io.out(escapeForTerminal(human(r.data)));
  return EXIT.ok;
}

/** A one-line progress display on stderr for terminals; silent otherwise. */
export function progressLine(io: Io): { update: (text: string) => void; done: () => void } {
  let shown = false;
  return {
    update: (text) => {
      if (!io.isTTY) return;
      io.err(`\r\x1b[2K${text}`);
      shown = true;
    },
    done: () => {
      if (shown) io.err('\r\x1b[2K');
      shown = false;
    },
  };
}
