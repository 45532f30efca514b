import type { Command } from 'commander';
import type { PipelineReport } from '../../batch/analytics/report.ts';
import { REPORT_BUCKETS, type ReportBucket } from '../../batch/analytics/periods.ts';
import { EXIT, printFault, type Io } from '../output.ts';
import { withService } from '../with-service.ts';

const n = (x: number): string => x.toLocaleString('en-US');
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

/** Parses a `--run` value (12 or run_12); a fault naming the option otherwise. */
export function runIdOf(
  text: string,
  field: string,
): number | { code: 'InvalidInput'; message: string; field: string } {
  const m = /^(?:run[_ ]?)?(\d+)$/i.exec(text.trim());
  if (!m || Number(m[1]) < 1)
    return { code: 'InvalidInput', message: `--${field} must be a run id such as 12 (got "${text}")`, field };
  return Number(m[1]);
}

/** The report as text: totals, credits, points, experiments, series, budgets. */
export function formatReport(r: PipelineReport): string {
  const out: string[] = [];
  const w = r.window;
  const scope = w.runId !== null ? `run ${w.runId}` : `${n(w.runs.length)} run${w.runs.length === 1 ? '' : 's'}`;
  const range = w.from !== null || w.to !== null ? ` with an as-of time in [${w.from ?? '…'}, ${w.to ?? '…'})` : '';
  out.push(`Pipeline Intelligence: ${scope}${range}`);
  if (w.runs.length === 0) return out.concat('No runs in this window.').join('\n') + '\n';
  out.push(
    `Requests ${n(r.requests)} (individual × point), unique individuals ${n(r.uniqueIndividuals)}`,
    `Credits: ${n(r.credits.perRequest)} per request, ${n(r.credits.perPersonalization)} per returned personalization`,
    `Fallback ${pct(r.rates.fallback)}, blank ${pct(r.rates.blank)}, error ${pct(r.rates.error)}` +
      (Object.keys(r.errorsByCode).length > 0
        ? ` (${Object.entries(r.errorsByCode)
            .map(([c, k]) => `${c} ${n(k)}`)
            .join(', ')})`
        : ''),
    `Engine time per decision: ${r.engineTime.meanMsPerRequest !== null ? `mean ${r.engineTime.meanMsPerRequest.toFixed(3)} ms; ` : ''}${r.engineTime.note}`,
    '',
    'Per point:',
  );
  for (const p of r.byPoint) {
    out.push(
      `  ${p.point}: ${n(p.requests)} requests, ${n(p.credits.perPersonalization)} personalizations, fallback ${pct(p.rates.fallback)}, blank ${pct(p.rates.blank)}, error ${pct(p.rates.error)}`,
    );
    for (const d of p.decisions)
      out.push(
        `    ${d.decision.padEnd(28)} ${d.outcome.padEnd(9)} ${n(d.count).padStart(10)}  ${pct(d.share).padStart(7)}`,
      );
  }
  if (r.experiments.length > 0) out.push('', 'Experiments (cohort sizes against the configured weights):');
  for (const e of r.experiments) {
    const p = e.srmPValue === null ? 'n/a' : e.srmPValue < 1e-4 ? e.srmPValue.toExponential(2) : e.srmPValue.toFixed(4);
    out.push(
      `  ${e.key} on ${e.point}: ${n(e.inPool)} in the pool, ${n(e.outOfPool)} outside; sample-ratio check χ²=${e.chiSquare.toFixed(3)} (df ${e.degreesOfFreedom}), p=${p}${e.sampleRatioMismatch ? '  MISMATCH' : ''}`,
    );
    for (const v of e.variants)
      out.push(
        `    ${(v.key + (v.control ? ' (control)' : '')).padEnd(28)} ${n(v.individuals).padStart(10)}  ${pct(v.observedShare).padStart(7)} of the pool, expected ${v.expectedShare === null ? 'n/a (not configured)' : pct(v.expectedShare)}${v.smallCohort ? '  (< 1,000 individuals)' : ''}`,
      );
  }
  out.push('', `Over time (by ${r.overTime.by}, UTC, runs bucketed by their as-of time):`);
  for (const b of r.overTime.buckets)
    out.push(
      `  ${b.start.slice(0, 10)}  runs ${b.runs.join(',')}  requests ${n(b.requests)}  personalizations ${n(b.credits.perPersonalization)}  fallbacks ${n(b.outcomes.fallback)}  blank ${n(b.outcomes.none)}  errors ${n(b.outcomes.error)}`,
    );
  if (r.budgets.length > 0) out.push('', 'Credit budgets:');
  for (const b of r.budgets)
    for (const p of b.periods)
      out.push(
        `  ${b.campaign} (${n(b.budget)} per ${b.period}) ${p.period}: ${n(p.credits.perRequest)} per request${p.over.perRequest ? ' OVER' : ''}, ${n(p.credits.perPersonalization)} per personalization${p.over.perPersonalization ? ' OVER' : ''}`,
      );
  return out.join('\n') + '\n';
}

export function registerReport(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('report')
    .description(
      'Pipeline Intelligence: requests, unique individuals, credits against budgets, decisions per point, fallback/blank/error rates, experiment cohorts with a sample-ratio check',
    )
    .argument('<ws>', 'workspace file')
    .option('--run <run>', 'one run (default: every run in the window)')
    .option('--from <iso>', 'runs with an as-of time at or after this')
    .option('--to <iso>', 'runs with an as-of time before this')
    .option('--by <bucket>', `series over time: ${REPORT_BUCKETS.join(', ')} (default day)`)
    .option('--data-space <name>', 'only runs of this data space')
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      '\nExamples:\n  workbench report ws.sqlite\n  workbench report ws.sqlite --run 3 --json\n  workbench report ws.sqlite --from 2026-11-01T00:00:00Z --to 2026-12-01T00:00:00Z --by week\n',
    )
    .action(
      async (
        ws: string,
        o: { run?: string; from?: string; to?: string; by?: string; dataSpace?: string; json?: boolean },
      ) => {
        const json = o.json === true;
        let runId: number | undefined;
        if (o.run !== undefined) {
          const id = runIdOf(o.run, 'run');
          if (typeof id !== 'number') return setExit(printFault(io, id, json));
          runId = id;
        }
        if (o.by !== undefined && !(REPORT_BUCKETS as readonly string[]).includes(o.by))
          return setExit(
            printFault(
              io,
              {
                code: 'InvalidInput',
                message: `--by must be one of ${REPORT_BUCKETS.join(', ')} (got "${o.by}")`,
                field: 'by',
              },
              json,
            ),
          );
        setExit(
          await withService(io, ws, json, async (service) => {
            const r = await service.call('analytics.report', {
              ...(runId !== undefined ? { runId } : {}),
              ...(o.from !== undefined ? { from: o.from } : {}),
              ...(o.to !== undefined ? { to: o.to } : {}),
              ...(o.by !== undefined ? { by: o.by as ReportBucket } : {}),
              ...(o.dataSpace !== undefined ? { dataSpace: o.dataSpace } : {}),
            });
            if (!r.ok) return printFault(io, r.error, json);
            io.out(json ? JSON.stringify(r.data, null, 2) + '\n' : formatReport(r.data));
            return EXIT.ok;
          }),
        );
      },
    );
}
