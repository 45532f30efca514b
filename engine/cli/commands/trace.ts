import type { Command } from 'commander';
import { formatTrace } from '../format-trace.ts';
import { EXIT, printFault, type Io } from '../output.ts';
import { withService } from '../with-service.ts';
import { parseRunId } from './run.ts';

export function registerTrace(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('trace')
    .description("reproduce one individual's decision of a run with its full trace, and check it equals the logged one")
    .argument('<ws>', 'workspace file')
    .requiredOption('--run <run>', 'run id')
    .requiredOption('--individual <id>', 'unified individual id')
    .option('--json', 'print one JSON document: the trace, the logged rows and the comparison')
    .addHelpText(
      'after',
      "\nThe request is re-run with the run's config revision, as-of time and data-graph refresh.\nExit 1 when the reproduction differs from the log.\n\nExample:\n  workbench trace ws.sqlite --run 3 --individual ind_000042\n",
    )
    .action(async (ws: string, o: { run: string; individual: string; json?: boolean }) => {
      const json = o.json === true;
      const runId = parseRunId(io, o.run, '--run', json);
      if (runId === undefined) return setExit(EXIT.badInput);
      setExit(
        await withService(
          io,
          ws,
          json,
          async (service) => {
            const r = await service.call('runs.trace', { runId, individualId: o.individual });
            if (!r.ok) return printFault(io, r.error, json);
            const t = r.data;
            if (json) io.out(JSON.stringify(t, null, 2) + '\n');
            else {
              const refreshes = Object.entries(t.refreshes)
                .map(([g, x]) => `${g} refresh ${x.id} at ${x.refreshedAt}`)
                .join('; ');
              io.out(
                `Run ${t.runId} (${t.campaign}), individual ${t.individualId}, as of ${t.asOf}, config revision ${t.configRevision}, ${refreshes}\n`,
              );
              io.out(
                t.reproduced
                  ? `Reproduced: the decision equals the logged one on ${t.logged.length === 1 ? 'its point' : `all ${t.logged.length} points`}.\n`
                  : `DIFFERS from the logged decision:\n${t.differences.map((d) => `  - ${d}`).join('\n')}\n`,
              );
              if (t.fault) io.out(`The request faulted: ${t.fault.code}: ${t.fault.message}\n`);
              if (t.trace) io.out('\n' + formatTrace(t.trace));
            }
            return t.reproduced ? EXIT.ok : EXIT.failed;
          },
          { readonly: true },
        ),
      );
    });
}
