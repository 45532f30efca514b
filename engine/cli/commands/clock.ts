import type { Command } from 'commander';
import type { OutputOf } from '../../service/operations.ts';
import { printResult, type Io } from '../output.ts';
import { withService } from '../with-service.ts';

type Clock = OutputOf<'clock.get'>;

const SOURCE_TEXT: Record<Clock['source'], string> = {
  set: 'set with `workbench clock --set`',
  data: 'the end of the data',
  created: 'the workspace has no data: its creation time',
};

function clockText(c: Clock): string {
  const lines = [`Workspace time: ${c.time} (${SOURCE_TEXT[c.source]})`];
  lines.push(`  end of the data: ${c.endOfData ?? '— (no events, no sample)'}`);
  lines.push('  every command and screen without --as-of runs at this time');
  return lines.join('\n') + '\n';
}

export function registerClock(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('clock')
    .description(
      "show or set the workspace's simulation time (default: the end of its data); commands without --as-of run at it",
    )
    .argument('<ws>', 'workspace file')
    .option('--set <iso>', 'set the workspace time (ISO-8601 with a time zone), or "data" for the end of the data')
    .option('--json', 'print one JSON document: time, source, endOfData')
    .addHelpText(
      'after',
      '\nExamples:\n  workbench clock ws.sqlite\n  workbench clock ws.sqlite --set 2026-03-01T00:00:00Z\n  workbench clock ws.sqlite --set data\n',
    )
    .action(async (ws: string, o: { set?: string; json?: boolean }) => {
      const json = o.json === true;
      setExit(
        await withService(io, ws, json, async (service) => {
          const r =
            o.set === undefined
              ? await service.call('clock.get', {})
              : await service.call('clock.set', { time: o.set === 'data' ? null : o.set });
          return printResult(io, r, json, clockText);
        }),
      );
    });
}
