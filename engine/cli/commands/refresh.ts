import type { Command } from 'commander';
import type { RefreshInfo } from '../../runtime/refresh-lookup.ts';
import type { RefreshListing, RefreshOutcome } from '../../service/ops/refresh.ts';
import { jobOutcome } from '../../service/jobs.ts';
import type { Service } from '../../service/service.ts';
import type { Result } from '../../model/errors.ts';
import { followJob } from '../follow-job.ts';
import { printFault, printResult, type Io } from '../output.ts';
import { withService } from '../with-service.ts';

const n = (x: number): string => x.toLocaleString('en-US');
const pct = (part: number, whole: number): string => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '—');

function bytesText(b: number): string {
  if (b >= 1 << 30) return `${(b / (1 << 30)).toFixed(2)} GiB`;
  if (b >= 1 << 20) return `${(b / (1 << 20)).toFixed(1)} MiB`;
  if (b >= 1 << 10) return `${(b / (1 << 10)).toFixed(1)} KiB`;
  return `${b} B`;
}

/** One refresh in a few lines: watermark, individuals, size, segments, CI watermarks. */
export function refreshText(r: RefreshInfo): string[] {
  const lines = [
    `  ${n(r.individuals)} individuals, ${bytesText(r.bytes)} of documents (${r.individuals > 0 ? Math.round(r.bytes / r.individuals) : 0} bytes each), built ${r.builtAt} in ${(r.durationMs / 1000).toFixed(1)} s`,
  ];
  const segs = Object.entries(r.segmentCounts);
  if (segs.length > 0)
    lines.push(`  segments: ${segs.map(([s, c]) => `${s} ${n(c)} (${pct(c, r.individuals)})`).join(', ')}`);
  const cis = Object.entries(r.insightsRefreshedAt);
  if (cis.length > 0)
    lines.push(
      `  calculated insights: ${cis.map(([ci, at]) => `${ci} as of ${at ?? 'never (no values)'}`).join(', ')}`,
    );
  return lines;
}

/**
 * Materializes (or reuses) the refresh a command needs, through the `refreshes.start` job, with a
 * progress line on a terminal; Ctrl-C cancels it (nothing of a cancelled refresh is kept).
 */
export async function refreshWithProgress(
  io: Io,
  service: Service,
  input: { dataSpace?: string; graph?: string; asOf?: string },
): Promise<Result<RefreshOutcome>> {
  const started = await service.call('refreshes.start', input);
  if (!started.ok) return started;
  const { jobId, watermark } = started.data;
  const ended = await followJob(io, service, jobId, {
    // The line only: --json prints nothing while a command's refresh is built.
    json: false,
    line: ({ progress: p }) => {
      if (p.total === null || p.done === 0) return undefined;
      const eta = p.etaSeconds !== undefined && p.etaSeconds !== null ? `, ${Math.ceil(p.etaSeconds)} s left` : '';
      return `${p.message ?? 'refreshing data graph'} at ${watermark}: ${n(p.done)} / ${n(p.total)} individuals${eta}`;
    },
    cancel: () => service.context.jobs.cancel(jobId),
  });
  return jobOutcome(ended);
}

function outcomeText(o: RefreshOutcome): string {
  const r = o.refresh;
  const lines = [
    `Data-graph refresh ${r.id} of ${r.graph} (data space ${r.dataSpace}) at ${r.refreshedAt}${o.reused ? ' — already materialized, reused' : ' — materialized now'}`,
  ];
  lines.push(...refreshText(r));
  lines.push(`  as of ${o.freshness.asOf}, requests and runs see:`);
  for (const w of o.freshness.watermarks)
    lines.push(
      `    ${w.kind} ${w.name}: ${w.refreshedAt ?? 'never refreshed'}${w.lagMinutes !== null && w.lagMinutes > 0 ? ` (${w.lagMinutes} min before)` : ''}`,
    );
  for (const s of o.freshness.stale) lines.push(`    stale: ${s}`);
  return lines.join('\n') + '\n';
}

function listText(rows: RefreshListing[]): string {
  if (rows.length === 0)
    return 'No data-graph refreshes yet. Materialize one with `workbench refresh <ws> [--as-of ISO]`; runs, segment counts and estimates do it on demand.\n';
  const lines = ['  id  graph                watermark                 individuals       size  current  segments'];
  for (const r of rows) {
    const segs = Object.entries(r.segmentCounts)
      .map(([s, c]) => `${s} ${n(c)}`)
      .join(', ');
    lines.push(
      `${String(r.id).padStart(4)}  ${r.graph.padEnd(20)} ${r.refreshedAt}  ${n(r.individuals).padStart(11)}  ${bytesText(r.bytes).padStart(9)}  ${(r.current ? 'yes' : 'no').padEnd(7)}  ${segs}`,
    );
  }
  return lines.join('\n') + '\n';
}

export function registerRefresh(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('refresh')
    .description(
      'materialize the data-graph refresh at the last 30-minute boundary at or before a time (profile documents and segment memberships), or list refreshes',
    )
    .argument('<ws>', 'workspace file')
    .option(
      '--as-of <iso>',
      'the refresh is at the last 30-minute boundary at or before this time (default: the workspace clock)',
    )
    .option('--graph <name>', "profile data graph (default: the data space's first)")
    .option('--data-space <name>', 'data space', 'default')
    .option('--list', 'list the refreshes of the data space instead')
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      '\nExamples:\n  workbench refresh ws.sqlite --as-of 2026-11-28T20:00:00Z\n  workbench refresh ws.sqlite --list\n',
    )
    .action(
      async (ws: string, o: { asOf?: string; graph?: string; dataSpace: string; list?: boolean; json?: boolean }) => {
        const json = o.json === true;
        setExit(
          await withService(io, ws, json, async (service) => {
            if (o.list)
              return printResult(
                io,
                await service.call('refreshes.list', {
                  dataSpace: o.dataSpace,
                  ...(o.graph !== undefined ? { graph: o.graph } : {}),
                }),
                json,
                listText,
              );
            const r = await refreshWithProgress(io, service, {
              dataSpace: o.dataSpace,
              ...(o.graph !== undefined ? { graph: o.graph } : {}),
              ...(o.asOf !== undefined ? { asOf: o.asOf } : {}),
            });
            if (!r.ok) return printFault(io, r.error, json);
            return printResult(io, r, json, outcomeText);
          }),
        );
      },
    );
}
