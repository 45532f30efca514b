import type { Command } from 'commander';
import type { OutputOf } from '../../service/operations.ts';
import { printResult, type Io } from '../output.ts';
import { withService } from '../with-service.ts';

const n = (x: number): string => x.toLocaleString('en-US');

type SegmentList = OutputOf<'segments.list'>;

function segmentsText(s: SegmentList): string {
  if (s.segments.length === 0) return 'The data space defines no segments.\n';
  const lines = [`Segments as of ${s.asOf}`];
  const graphs = new Map(s.segments.map((x) => [x.profileDataGraph, x]));
  for (const [graph, x] of graphs)
    lines.push(
      x.refreshId === null
        ? `  data: ${graph} as of the ${x.refreshedAt} watermark (${n(x.individuals)} individuals; counted in memory, no refresh materialized)`
        : `  data: refresh ${x.refreshId} of ${graph} at ${x.refreshedAt} (${n(x.individuals)} individuals)`,
    );
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
    .description(
      'segments with their member counts as of a time (default: the workspace clock); counting writes nothing',
    )
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
          // Counting reads: it uses a materialized refresh when there is one and writes nothing.
          return printResult(
            io,
            await service.call('segments.list', {
              dataSpace: o.dataSpace,
              ...(o.asOf !== undefined ? { asOf: o.asOf } : {}),
            }),
            json,
            segmentsText,
          );
        }),
      );
    });
}
