import type { Command } from 'commander';
import type { InsightSummary, InsightValuesPage } from '../../service/ops/insights.ts';
import { jobOutcome } from '../../service/jobs.ts';
import { followJob } from '../follow-job.ts';
import { printFault, printWarnings, type Io } from '../output.ts';
import { intOption } from '../parse.ts';
import { withService } from '../with-service.ts';

const n = (x: number): string => x.toLocaleString('en-US');
const SUBJECTS: Record<string, string> = {
  individual: 'per individual',
  item: 'per item',
  item_pair: 'per item pair',
  individual_category: 'per individual × category',
};

/** One CI with its schedule and latest refreshes, for the terminal. */
export function insightText(ci: InsightSummary): string {
  const lines = [
    `${ci.apiName} — ${ci.label} (${SUBJECTS[ci.subject] ?? ci.subject}: ${ci.columns.join(', ')}), ${ci.scheduleText}`,
  ];
  if (ci.description) lines.push(`  ${ci.description}`);
  if (ci.refreshes.length === 0) lines.push('  never refreshed');
  for (const r of ci.refreshes) {
    lines.push(
      `  ${r.refreshedAt}  ${r.kind.padEnd(9)} ${n(r.rows).padStart(9)} rows  ${r.durationMs.toFixed(1).padStart(8)} ms${r.current ? '' : '  (earlier SQL definition)'}`,
    );
  }
  if (ci.refreshCount > ci.refreshes.length)
    lines.push(`  … ${n(ci.refreshCount - ci.refreshes.length)} older refreshes`);
  return lines.join('\n');
}

/** A page of a CI's values, for the terminal. */
export function valuesText(v: InsightValuesPage): string {
  if (v.refreshedAt === null) return `${v.insight} as of ${v.asOf}: no values — ${v.problem ?? 'never refreshed'}\n`;
  const lines = [
    `${v.insight} as of ${v.asOf}: ${v.refreshKind} refresh at ${v.refreshedAt}, ${n(v.total)} value(s)${v.rows.length < v.total ? `, the best ${v.rows.length}` : ''}`,
  ];
  const widths = v.columns.map((c) => Math.max(c.length, ...v.rows.map((r) => String(r[c] ?? '').length)));
  lines.push(
    '  ' + v.columns.map((c, i) => (c === 'value' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  '),
  );
  for (const r of v.rows)
    lines.push(
      '  ' +
        v.columns
          .map((c, i) => (c === 'value' ? String(r[c]).padStart(widths[i]!) : String(r[c]).padEnd(widths[i]!)))
          .join('  '),
    );
  return lines.join('\n') + '\n';
}

export function registerInsights(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('insights')
    .description(
      'list the calculated insights of a data space with their schedules and refresh history; with --values, the values a request at a time sees',
    )
    .argument('<ws>', 'workspace file')
    .option(
      '--values <name>',
      'show the values of this calculated insight as of --as-of (its last refresh at or before then)',
    )
    .option('--key <id>', 'with --values: one item (item-pair CI) or individual (individual × category CI)')
    .option('--as-of <iso>', 'with --values: as of this time (default: the workspace clock)')
    .option('--limit <n>', 'with --values: how many values (default 20)')
    .option('--data-space <name>', 'data space', 'default')
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      '\nExamples:\n  workbench insights ws.sqlite\n  workbench insights ws.sqlite --values top_sellers_30d --as-of 2026-11-28T00:00:00Z --limit 10\n',
    )
    .action(
      async (
        ws: string,
        o: { values?: string; key?: string; asOf?: string; limit?: string; dataSpace: string; json?: boolean },
      ) => {
        const json = o.json === true;
        const nums = intOption(io, { limit: o.limit }, json);
        if (!nums) return setExit(2);
        setExit(
          await withService(io, ws, json, async (service) => {
            if (o.values !== undefined) {
              const r = await service.call('insights.values', {
                dataSpace: o.dataSpace,
                insight: o.values,
                ...(o.asOf !== undefined ? { asOf: o.asOf } : {}),
                ...(o.key !== undefined ? { key: o.key } : {}),
                ...(nums.limit !== undefined ? { limit: nums.limit } : {}),
              });
              if (!r.ok) return printFault(io, r.error, json);
              io.out(json ? JSON.stringify(r.data, null, 2) + '\n' : valuesText(r.data));
              return 0;
            }
            const r = await service.call('insights.list', { dataSpace: o.dataSpace });
            if (!r.ok) return printFault(io, r.error, json);
            if (json) io.out(JSON.stringify(r.data, null, 2) + '\n');
            else
              io.out(
                r.data.insights.length === 0
                  ? `Data space ${o.dataSpace} has no calculated insights.\n`
                  : r.data.insights.map(insightText).join('\n\n') + '\n',
              );
            return 0;
          }),
        );
      },
    );

  program
    .command('refresh-insight')
    .description(
      'refresh a calculated insight by hand as of a time: run its SQL read-only and store its values; requests as of that time or later see them',
    )
    .argument('<ws>', 'workspace file')
    .requiredOption('--insight <name>', 'calculated insight api name')
    .option('--as-of <iso>', 'the refresh time: the values see the data at or before it (default: the workspace clock)')
    .option('--data-space <name>', 'data space', 'default')
    .option('--json', 'print one JSON document: the refresh (progress as JSON lines on stderr)')
    .addHelpText(
      'after',
      '\nExample:\n  workbench refresh-insight ws.sqlite --insight lifetime_value --as-of 2026-11-28T00:00:00Z\n',
    )
    .action(async (ws: string, o: { insight: string; asOf?: string; dataSpace: string; json?: boolean }) => {
      const json = o.json === true;
      setExit(
        await withService(io, ws, json, async (service) => {
          const started = await service.call('insights.refresh', {
            dataSpace: o.dataSpace,
            insight: o.insight,
            ...(o.asOf !== undefined ? { asOf: o.asOf } : {}),
          });
          if (!started.ok) return printFault(io, started.error, json);
          printWarnings(io, started.warnings);
          const job = await followJob(io, service, started.data.jobId, { json });
          const ended = jobOutcome(job);
          if (!ended.ok) return printFault(io, ended.error, json);
          const r = ended.data;
          if (json) io.out(JSON.stringify(r, null, 2) + '\n');
          else
            io.out(
              `Refreshed ${r.insight} as of ${r.refreshedAt}: ${n(r.rows)} value(s) in ${r.durationMs.toFixed(1)} ms (refresh ${r.id}).\n`,
            );
          return 0;
        }),
      );
    });
}
