import type { Command } from 'commander';
import { isoOf } from '../../model/time.ts';
import type { OutputOf } from '../../service/operations.ts';
import { printFault, printResult, type Io } from '../output.ts';
import { withService } from '../with-service.ts';
import { refreshWithProgress } from './refresh.ts';

const n = (x: number): string => x.toLocaleString('en-US');

type SegmentList = OutputOf<'segments.list'>;

function segmentsText(s: SegmentList): string {
  if (s.segments.length === 0) return 'The data space defines no segments.\n';
  const lines = [`Segments as of ${s.asOf}`];
  for (const r of s.refreshes)
    lines.push(`  data: refresh ${r.id} of ${r.graph} at ${r.refreshedAt} (${n(r.individuals)} individuals)`);
  const width = Math.max(...s.segments.map((x) => x.apiName.length), 'segment'.length);
  lines.push('', `  ${'segment'.padEnd(width)}  ${'members'.padStart(10)}  ${'share'.padStart(6)}  label`);
  for (const x of s.segments) {
    const share = x.individuals > 0 ? `${((x.members / x.individuals) * 100).toFixed(1)}%` : '—';
    lines.push(
      `  ${x.apiName.padEnd(width)}  ${n(x.members).padStart(10)}  ${share.padStart(6)}  ${x.label}${x.description ? ` — ${x.description}` : ''}`,
    );
  }
  return lines.join('\n') + '\n';
}

export function registerSegments(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('segments')
    .description('segments with their member counts as of a time (at the latest data-graph refresh at or before it)')
    .argument('<ws>', 'workspace file')
    .option(
      '--as-of <iso>',
      'count as of this time (default: the workspace clock); data is as of the last 30-minute refresh before it',
    )
    .option('--data-space <name>', 'data space', 'default')
    .option('--json', 'print one JSON document')
    .addHelpText('after', '\nExample:\n  workbench segments ws.sqlite --as-of 2026-11-28T20:00:00Z\n')
    .action(async (ws: string, o: { asOf?: string; dataSpace: string; json?: boolean }) => {
      const json = o.json === true;
      setExit(
        await withService(io, ws, json, async (service) => {
          // One as-of time for every call: the explicit one, or the workspace clock read once.
          const asOf = { asOf: o.asOf ?? isoOf(service.context.clock()) };
          // Materialize each segment graph's refresh first, with progress (the count then reads it).
          const cfg = await service.call('config.get', {});
          if (!cfg.ok) return printFault(io, cfg.error, json);
          const space = cfg.data.config.dataSpaces.find((d) => d.apiName === o.dataSpace);
          for (const graph of new Set(space?.segments.map((x) => x.profileDataGraph) ?? [])) {
            const r = await refreshWithProgress(io, service, { dataSpace: o.dataSpace, graph, ...asOf });
            if (!r.ok) return printFault(io, r.error, json);
          }
          return printResult(
            io,
            await service.call('segments.list', { dataSpace: o.dataSpace, ...asOf }),
            json,
            segmentsText,
          );
        }),
      );
    });
}
