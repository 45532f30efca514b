import { Command, CommanderError } from 'commander';
import { EXIT, printFault, processIo, type Io } from './output.ts';
import { registerInit } from './commands/init.ts';
import { registerImport } from './commands/import.ts';
import { registerExportConfig } from './commands/export-config.ts';
import { registerDecide } from './commands/decide.ts';
import { registerEstimate } from './commands/estimate.ts';
import { registerSegments } from './commands/segments.ts';
import { registerRefresh } from './commands/refresh.ts';
import { registerResolve } from './commands/resolve.ts';
import { registerServe } from './commands/serve.ts';
import { registerRun } from './commands/run.ts';
import { registerRuns } from './commands/runs.ts';
import { registerTrace } from './commands/trace.ts';
import { registerTrain } from './commands/train.ts';
import { registerEvaluate } from './commands/evaluate.ts';
import { registerInsights } from './commands/insights.ts';
import { SIGNAL_EXIT, takeStopSignal } from './stop-signal.ts';
import { registerClock } from './commands/clock.ts';
import { registerReport } from './commands/report.ts';

/**
 * Builds the `workbench` program; every command reports through `setExit`. Commander's own output
 * (help, version) goes to `commanderOut` (default: stdout), its errors to stderr.
 */
export function buildProgram(
  io: Io,
  setExit: (code: number) => void,
  commanderOut: (text: string) => void = io.out,
): Command {
  const program = new Command('workbench')
    .description(
      'Batch Personalization Workbench: dry-run batch campaigns, estimate decision credits, inspect decision traces — offline.',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => commanderOut(s), writeErr: (s) => io.err(s) })
    .exitOverride();
  registerInit(program, io, setExit);
  registerImport(program, io, setExit);
  registerExportConfig(program, io, setExit);
  registerDecide(program, io, setExit);
  registerEstimate(program, io, setExit);
  registerSegments(program, io, setExit);
  registerRefresh(program, io, setExit);
  registerResolve(program, io, setExit);
  registerServe(program, io, setExit);
  registerRun(program, io, setExit);
  registerRuns(program, io, setExit);
  registerTrace(program, io, setExit);
  registerTrain(program, io, setExit);
  registerEvaluate(program, io, setExit);
  registerInsights(program, io, setExit);
  registerClock(program, io, setExit);
  registerReport(program, io, setExit);
  return program;
}

/** With --json anywhere on the line, the CLI contract holds: one JSON document on stdout. */
const wantsJson = (argv: readonly string[]): boolean => argv.includes('--json');

/**
 * Runs the CLI with the given arguments (without node and script); resolves to the exit code. With
 * --json, what commander itself prints — a usage error (missing argument or required option,
 * unknown option or command), help, the version — comes out as one JSON document on stdout too:
 * `{ "error": { "code": "InvalidInput", "message" } }`, `{ "help": text }`, `{ "version": v }`.
 */
export async function runCli(argv: string[], io: Io = processIo()): Promise<number> {
  const json = wantsJson(argv);
  let code = 0;
  takeStopSignal();
  let commanderOut = '';
  // Commander's own output (help, version) is held back with --json and printed as JSON below.
  const program = buildProgram(
    io,
    (c) => {
      code = c;
    },
    json ? (t) => (commanderOut += t) : io.out,
  );
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; usage errors (unknown option, missing argument) are bad input.
      if (e.exitCode === 0) {
        if (json) {
          const doc = e.code === 'commander.version' ? { version: commanderOut.trim() } : { help: commanderOut };
          io.out(JSON.stringify(doc, null, 2) + '\n');
        }
        return EXIT.ok;
      }
      if (json) {
        const message = e.message.replace(/^error: /, '');
        printFault(io, { code: 'InvalidInput', message: `${message} (run with --help for usage)` }, true);
      }
      return EXIT.badInput;
    }
    io.err(`workbench: Internal: ${(e as Error).stack ?? String(e)}\n`);
    if (json) printFault(io, { code: 'Internal', message: (e as Error).message }, true);
    return EXIT.failed;
  }
  // A command whose job was cancelled by Ctrl-C or SIGTERM exits as the shell expects (130, 143).
  const stopped = takeStopSignal();
  return stopped ? SIGNAL_EXIT[stopped] : code;
}
