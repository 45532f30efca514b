import type { Command } from 'commander';
import type { ModelHeader } from '../../store/index.ts';
import { jobOutcome } from '../../service/jobs.ts';
import { followJob } from '../follow-job.ts';
import { EXIT, printFault, printWarnings, type Io } from '../output.ts';
import { withService } from '../with-service.ts';

const n = (x: number): string => x.toLocaleString('en-US');

/** A stored model, described for the terminal. */
export function modelText(m: ModelHeader): string {
  const lines = [
    `  model ${m.id}: ${m.algorithm}, objective ${m.objective}, trained at ${m.trainedAt} on the ${m.windowDays} days before it (seed ${m.seed})`,
  ];
  lines.push(
    `  data: ${n(m.interactions)} events; ${n(m.users)} individuals × ${n(m.items)} items${typeof m.metrics['nonZeroEntries'] === 'number' ? ` (${n(m.metrics['nonZeroEntries'])} non-zero entries)` : ''}`,
  );
  const h = m.hyperparameters;
  lines.push(
    `  hyperparameters: ${Object.entries(h)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  const recall = m.metrics['annRecallAt10'];
  lines.push(
    m.approximateIndex
      ? `  approximate index: ${m.metrics['annLists']} clusters, ${m.metrics['annProbe']} probed per request; recall@10 against exact scoring ${typeof recall === 'number' ? recall.toFixed(3) : 'n/a'}`
      : `  approximate index: none (exact scoring over every item; the index is built from ${n(h['annMinItems'] ?? 0)} items)`,
  );
  lines.push(`  duration: ${(m.durationMs / 1000).toFixed(2)} s`);
  return lines.join('\n') + '\n';
}

export function registerTrain(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('train')
    .description(
      'train an objective-based recommender at the last 24-hour boundary (midnight UTC) at or before a time; requests as of T use the last model trained at or before T',
    )
    .argument('<ws>', 'workspace file')
    .requiredOption('--recommender <name>', 'objective-based recommender api name')
    .option(
      '--as-of <iso>',
      'train the model due at this time: the last midnight UTC at or before it (default: the workspace clock)',
    )
    .option('--force', 'train again even when a model of that training time exists')
    .option('--data-space <name>', 'data space', 'default')
    .option('--json', 'print one JSON document: the stored model (progress as JSON lines on stderr)')
    .addHelpText(
      'after',
      '\nExample:\n  workbench train ws.sqlite --recommender recommended_for_you --as-of 2026-11-28T00:00:00Z\n',
    )
    .action(
      async (
        ws: string,
        o: { recommender: string; asOf?: string; force?: boolean; dataSpace: string; json?: boolean },
      ) => {
        const json = o.json === true;
        setExit(
          await withService(io, ws, json, async (service) => {
            const started = await service.call('models.train', {
              dataSpace: o.dataSpace,
              recommender: o.recommender,
              ...(o.asOf !== undefined ? { asOf: o.asOf } : {}),
              force: o.force === true,
            });
            if (!started.ok) return printFault(io, started.error, json);
            printWarnings(io, started.warnings);
            const job = await followJob(io, service, started.data.jobId, { json });
            const ended = jobOutcome(job);
            if (!ended.ok) return printFault(io, ended.error, json);
            const r = ended.data;
            if (json) io.out(JSON.stringify(r, null, 2) + '\n');
            else {
              io.out(
                r.trained
                  ? `Trained ${r.model.recommender} as of ${r.model.trainedAt}\n`
                  : `${r.model.recommender} already has a model trained at ${r.model.trainedAt}; kept it (use --force to train again)\n`,
              );
              io.out(modelText(r.model));
            }
            return EXIT.ok;
          }),
        );
      },
    );
}
