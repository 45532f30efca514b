import type { Command } from 'commander';
import type { RunSummary } from '../../batch/run-summary.ts';
import { EXIT, printFault, type Io } from '../output.ts';
import { intOption } from '../parse.ts';
import { withService } from '../with-service.ts';
import { formatRunSummary, parseRunId } from './run.ts';

const n = (x: number): string => x.toLocaleString('en-US');

/** One line per run: id, campaign, status, as-of, counts, credits, wall time. */
function runsTable(rows: RunSummary[], total: number): string {
  if (rows.length === 0) return 'No runs yet. Start one with `workbench run <ws> --campaign NAME`.\n';
  const head = [
    'run',
    'campaign',
    'status',
    'as of',
    'individuals',
    'decisions',
    'fallbacks',
    'none',
    'errors',
    'credits',
    'wall',
  ];
  const body = rows.map((r) => [
    String(r.runId),
    r.campaign,
    r.abandoned ? 'running (abandoned)' : r.status,
    r.asOf,
    r.totalIndividuals !== null && r.totalIndividuals !== r.individuals
      ? `${n(r.individuals)}/${n(r.totalIndividuals)}`
      : n(r.individuals),
    n(r.decisions),
    n(r.fallbacks),
    n(r.none),
    n(r.errors),
    n(r.credits.actual),
    `${(r.wallMs / 1000).toFixed(1)} s`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(head), ...body.map(line)];
  if (total > rows.length) out.push(`(${rows.length} of ${total} runs; --limit N shows more)`);
  return out.join('\n') + '\n';
}

export function registerRuns(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('runs')
    .description(
      'list campaign runs (id, campaign, status, counts), or show one run: its summary, distribution and error records',
    )
    .argument('<ws>', 'workspace file')
    .argument('[run]', 'a run id: show its summary, decisions per point and its error records')
    .option('--campaign <name>', 'only runs of this campaign')
    .option('--status <status>', 'only runs with this status: running, succeeded, failed, cancelled')
    .option('--limit <n>', 'runs to list (default 50); with a run id, error records to list (default 20)')
    .option('--json', 'print one JSON document')
    .addHelpText('after', '\nExamples:\n  workbench runs ws.sqlite\n  workbench runs ws.sqlite 3\n')
    .action(
      async (
        ws: string,
        runText: string | undefined,
        o: { campaign?: string; status?: string; limit?: string; json?: boolean },
      ) => {
        const json = o.json === true;
        const nums = intOption(io, { limit: o.limit }, json);
        if (!nums) return setExit(EXIT.badInput);
        const statuses = ['running', 'succeeded', 'failed', 'cancelled'] as const;
        if (o.status !== undefined && !(statuses as readonly string[]).includes(o.status))
          return setExit(
            printFault(
              io,
              {
                code: 'InvalidInput',
                message: `--status must be one of ${statuses.join(', ')} (got "${o.status}")`,
                field: 'status',
              },
              json,
            ),
          );
        const runId = runText === undefined ? undefined : parseRunId(io, runText, 'run', json);
        if (runText !== undefined && runId === undefined) return setExit(EXIT.badInput);
        setExit(
          await withService(
            io,
            ws,
            json,
            async (service) => {
              if (runId === undefined) {
                const r = await service.call('runs.list', {
                  ...(o.campaign ? { campaign: o.campaign } : {}),
                  ...(o.status ? { status: o.status as (typeof statuses)[number] } : {}),
                  limit: nums.limit ?? 50,
                });
                if (!r.ok) return printFault(io, r.error, json);
                io.out(json ? JSON.stringify(r.data, null, 2) + '\n' : runsTable(r.data.rows, r.data.total));
                return EXIT.ok;
              }
              const summary = await service.call('runs.get', { runId });
              if (!summary.ok) return printFault(io, summary.error, json);
              const dist = await service.call('runs.distribution', { runId });
              const errors = await service.call('runs.decisions', { runId, outcome: 'error', limit: nums.limit ?? 20 });
              if (!dist.ok) return printFault(io, dist.error, json);
              if (!errors.ok) return printFault(io, errors.error, json);
              if (json) {
                io.out(
                  JSON.stringify(
                    { ...summary.data, distribution: dist.data.points, errorRecords: errors.data },
                    null,
                    2,
                  ) + '\n',
                );
                return EXIT.ok;
              }
              const lines = [formatRunSummary(summary.data).trimEnd(), '', 'Decisions per point:'];
              for (const p of dist.data.points) {
                lines.push(`  ${p.point}: ${n(p.requests)} requests, ${n(p.credits)} credits`);
                for (const d of p.decisions)
                  lines.push(`    ${d.decision.padEnd(28)} ${d.outcome.padEnd(9)} ${n(d.count).padStart(10)}`);
                if (p.outcomes.none > 0)
                  lines.push(
                    `    ${'(no decision)'.padEnd(28)} ${'none'.padEnd(9)} ${n(p.outcomes.none).padStart(10)}`,
                  );
                for (const [code, c] of Object.entries(p.errorsByCode))
                  lines.push(`    ${`(error ${code})`.padEnd(28)} ${'error'.padEnd(9)} ${n(c).padStart(10)}`);
              }
              if (errors.data.total > 0) {
                lines.push('', `Error records (${n(errors.data.rows.length)} of ${n(errors.data.total)}):`);
                for (const e of errors.data.rows)
                  lines.push(`  ${e.individualId}  ${e.point}  ${e.errorCode}: ${e.errorMessage}`);
              }
              io.out(lines.join('\n') + '\n');
              return EXIT.ok;
            },
            { readonly: true },
          ),
        );
      },
    );
}
