import type { Command } from 'commander';
import { initWorkspace, type InitSummary } from '../../service/init.ts';
import { printFault, printResult, progressLine, type Io } from '../output.ts';
import { intOption } from '../parse.ts';

export function summaryText(s: InitSummary): string {
  const lines = [`Workspace ${s.file}`];
  for (const d of s.dataSpaces)
    lines.push(
      `  data space ${d.apiName}: ${d.individuals.toLocaleString('en-US')} individuals, ${d.items.toLocaleString('en-US')} items, ${d.events.toLocaleString('en-US')} events`,
    );
  if (s.sample) lines.push(`  retail sample, seed ${s.sample.seed}, events up to ${s.sample.endsAt}`);
  if (s.points.length > 0) lines.push(`  personalization points: ${s.points.join(', ')}`);
  if (s.segments.length > 0) lines.push(`  segments: ${s.segments.join(', ')}`);
  if (s.campaigns.length > 0) lines.push(`  campaigns: ${s.campaigns.join(', ')}`);
  if (s.exampleIndividualIds.length > 0) {
    lines.push(`  example individuals: ${s.exampleIndividualIds.join(', ')}`);
    lines.push(
      '',
      'Next:',
      `  workbench decide ${s.file} --individual ${s.exampleIndividualIds[0]} --point home_page_recs,onboarding_banner --trace`,
    );
  } else {
    lines.push(
      '',
      'Next:',
      `  workbench import ${s.file} profiles profiles.csv`,
      `  workbench import ${s.file} config config.json`,
    );
  }
  return lines.join('\n') + '\n';
}

export function registerInit(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('init')
    .description('create a workspace file, optionally filled with the built-in retail sample')
    .argument('<ws>', 'workspace file to create (e.g. ws.sqlite)')
    .option('--sample <kind>', 'fill it with sample data: retail')
    .option('--individuals <n>', 'sample individuals (default 10000)')
    .option('--items <n>', 'sample products (default 2000)')
    .option('--seed <s>', 'random seed of the sample (default 1)')
    .option('--now <iso>', 'end of the sample event history (default: today 00:00 UTC)')
    .option('--force', 'replace the file if it exists')
    .option('--json', 'print one JSON document')
    .addHelpText('after', '\nExample:\n  workbench init ws.sqlite --sample retail --seed 7\n')
    .action(
      async (
        ws: string,
        o: {
          sample?: string;
          individuals?: string;
          items?: string;
          seed?: string;
          now?: string;
          force?: boolean;
          json?: boolean;
        },
      ) => {
        const json = o.json === true;
        if (o.sample !== undefined && o.sample !== 'retail') {
          const message = `--sample "${o.sample}" is not a sample; the one built in is "retail"`;
          return setExit(printFault(io, { code: 'InvalidInput', message, field: 'sample' }, json));
        }
        const nums = intOption(io, { individuals: o.individuals, items: o.items, seed: o.seed }, json);
        if (!nums) return setExit(2);
        const bar = progressLine(io);
        const r = await initWorkspace(ws, {
          ...(o.sample ? { sample: 'retail' as const } : {}),
          ...nums,
          ...(o.now !== undefined ? { now: o.now } : {}),
          force: o.force === true,
          onProgress: (p) =>
            bar.update(
              `${p.phase}: ${p.done.toLocaleString('en-US')}${p.total > p.done ? ` / ~${p.total.toLocaleString('en-US')}` : ''}`,
            ),
        });
        bar.done();
        setExit(printResult(io, r, json, summaryText));
      },
    );
}
