import type { Command } from 'commander';
import { isoOf } from '../../model/time.ts';
import type { CampaignEstimate, EstimatedRun } from '../../batch/estimate.ts';
import { parseGrowth, parsePeriod } from '../../batch/estimate-schedule.ts';
import { printFault, printResult, type Io } from '../output.ts';
import { withService } from '../with-service.ts';
import { refreshWithProgress } from './refresh.ts';

const n = (x: number): string => x.toLocaleString('en-US');
/** Runs listed in full up to this many; longer lists show the first and last few. */
const FULL_LIST = 14;

function runLines(runs: EstimatedRun[]): string[] {
  const row = (r: EstimatedRun) =>
    `    ${r.local.padEnd(24)} ${n(r.individuals).padStart(12)} ${n(r.credits).padStart(12)}`;
  const lines = [`    ${'scheduled run'.padEnd(24)} ${'individuals'.padStart(12)} ${'credits'.padStart(12)}`];
  if (runs.length <= FULL_LIST) lines.push(...runs.map(row));
  else lines.push(...runs.slice(0, 10).map(row), `    … ${runs.length - 13} more run(s) …`, ...runs.slice(-3).map(row));
  return lines;
}

/** The estimate as a newcomer reads it: what one run costs, what the period costs, against the budget. */
export function estimateText(e: CampaignEstimate): string {
  const lines: string[] = [];
  lines.push(`Credit estimate for campaign "${e.campaign}" (${e.status}), as of ${e.asOf}`);
  lines.push(
    `  segment ${e.segment} × ${e.points.length} point(s): ${e.points.join(', ')} — 1 decision credit per individual × point`,
  );
  lines.push(
    `  schedule "${e.schedule.cron}" (${e.schedule.timezone}); next run ${e.runs[0]?.local ?? e.nextRunAt} (${e.nextRunAt})`,
  );
  lines.push(
    `  data: data-graph refresh of ${e.refresh.graph} at ${e.refresh.refreshedAt} (${n(e.refresh.individuals)} individuals); the segment rule is evaluated at the next run`,
  );
  lines.push(`  segment size at the next run: ${n(e.segmentSize)} individuals → ${n(e.creditsPerRun)} credits per run`);
  lines.push(
    `  growth: ${e.growthPercentPerMonth === 0 ? 'none (constant segment size)' : `${e.growthPercentPerMonth}% per month, compounding from the next run`}`,
  );
  lines.push('');
  lines.push(
    `  ${e.period.label} (${e.period.from} → ${e.period.to}): ${n(e.totalRuns)} run(s), ${n(e.totalCredits)} credits`,
  );
  if (e.runs.length > 0) lines.push(...runLines(e.runs));
  lines.push('');
  if (e.budget) lines.push(`  budget: ${n(e.budget.credits)} credits per ${e.budget.period}`);
  else lines.push('  budget: none set (credits per calendar month below)');
  if (e.periods.length > 0) {
    const width = Math.max(...e.periods.map((p) => p.label.length), e.periods[0]!.period.length);
    const vsBudget = e.budget && e.budget.period !== 'run';
    lines.push(
      `    ${e.periods[0]!.period.padEnd(width)} ${'runs'.padStart(6)} ${'credits'.padStart(12)}   ${'in this estimate'.padEnd(22)}${vsBudget ? 'vs budget' : ''}`,
    );
    for (const p of e.periods) {
      const verdict =
        p.budget === null
          ? ''
          : p.exceedsBudget
            ? `EXCEEDS by ${n(p.credits - p.budget)}`
            : `ok (${Math.round((p.credits / p.budget) * 100)}%)`;
      const inWindow = `${n(p.runsInWindow)} run(s), ${n(p.creditsInWindow)}`;
      lines.push(
        `    ${p.label.padEnd(width)} ${n(p.runs).padStart(6)} ${n(p.credits).padStart(12)}   ${inWindow.padEnd(22)}${verdict}`,
      );
    }
  }
  for (const w of e.warnings) lines.push(`  warning: ${w}`);
  return lines.map((l) => l.trimEnd()).join('\n') + '\n';
}

export function registerEstimate(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('estimate')
    .description('estimate the decision credits of a campaign before any run: per run, per period, against its budget')
    .argument('<ws>', 'workspace file')
    .requiredOption('--campaign <name>', 'campaign name, e.g. "Nightly Email Recs"')
    .option('--period <p>', 'period of the estimate: 7d, 30d, 12w, 6m (calendar months), 1y', '30d')
    .option('--growth <pct>', 'segment growth in % per month, compounding (e.g. 2, or -1 for a shrinking segment)', '0')
    .option(
      '--as-of <iso>',
      'estimate as of this time (default: the workspace clock); data is as of the last data-graph refresh before it',
    )
    .option('--data-space <name>', 'data space (default: the one that has the campaign)')
    .option('--json', 'print one JSON document: the estimate with every scheduled run')
    .addHelpText(
      'after',
      '\nExample:\n  workbench estimate ws.sqlite --campaign "Nightly Email Recs" --period 30d --growth 2\n',
    )
    .action(
      async (
        ws: string,
        o: { campaign: string; period: string; growth: string; asOf?: string; dataSpace?: string; json?: boolean },
      ) => {
        const json = o.json === true;
        // Bad options are reported before the workspace is opened.
        const period = parsePeriod(o.period);
        if (!period.ok) return setExit(printFault(io, period.error, json));
        const growth = parseGrowth(o.growth);
        if (!growth.ok) return setExit(printFault(io, growth.error, json));
        setExit(
          await withService(io, ws, json, async (service) => {
            const asOf = o.asOf ?? isoOf(service.context.clock());
            // Materialize the data the estimate reads first, with progress.
            const cfg = await service.call('config.get', {});
            if (!cfg.ok) return printFault(io, cfg.error, json);
            const space = cfg.data.config.dataSpaces.find((d) =>
              o.dataSpace !== undefined ? d.apiName === o.dataSpace : d.campaigns.some((c) => c.name === o.campaign),
            );
            const campaign = space?.campaigns.find((c) => c.name === o.campaign);
            const graph = space?.segments.find((s) => s.apiName === campaign?.segment)?.profileDataGraph;
            if (space && graph) {
              const r = await refreshWithProgress(io, service, { dataSpace: space.apiName, graph, asOf });
              if (!r.ok) return printFault(io, r.error, json);
            }
            const r = await service.call('campaigns.estimate', {
              campaign: o.campaign,
              ...(o.dataSpace !== undefined ? { dataSpace: o.dataSpace } : {}),
              period: period.data.text,
              growth: growth.data,
              asOf,
            });
            return printResult(io, r, json, estimateText);
          }),
        );
      },
    );
}
