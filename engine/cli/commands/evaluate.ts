import type { Command } from 'commander';
import { EVALUATION_METHODS, type EvaluationMethod } from '../../recommenders/evaluation/evaluate.ts';
import type { EvaluationReport } from '../../service/ops/models.ts';
import { EXIT, printFault, printWarnings, type Io } from '../output.ts';
import { intOption } from '../parse.ts';
import { withService } from '../with-service.ts';
import { jobOutcome } from '../../service/jobs.ts';
import { followJob } from '../follow-job.ts';

const n = (x: number): string => x.toLocaleString('en-US');
const seconds = (s: number | null): string => (s === null ? 'n/a' : s.toFixed(2));

/** The evaluation report as a table, one method per row. */
export function evaluationText(r: EvaluationReport): string {
  const k = r.k;
  const lines: string[] = [];
  lines.push(
    `Offline evaluation of ${r.recommender} (objective ${r.objective}) in data space ${r.dataSpace}, split at ${r.splitAt}, k = ${k}`,
  );
  lines.push(
    `  training: events from ${r.trainingWindow.from} to the split (${r.trainingWindow.days} days): ${n(r.trainingInteractions)} weighted events; ${n(r.items)} items known at the split`,
  );
  lines.push(
    `  targets: ${r.targetEvent} events after the split${r.testPeriod.to ? ` up to ${r.testPeriod.to}` : ''}: ${n(r.targets)} (individual, item) targets of ${n(r.evaluated)} individuals`,
  );
  lines.push(
    `  excluded for every method: items the individual already had ${r.targetEvent} events for before the split (${n(r.repeatTargetsExcluded)} repeat targets dropped)${r.unknownItemTargets > 0 ? `; ${n(r.unknownItemTargets)} target events on items created after the split (unknown to every method)` : ''}`,
  );
  if (r.evaluated === 0)
    lines.push(
      `  no individual has ${r.targetEvent} events after the split on items they had none for before it: nothing to evaluate (the figures below are 0)`,
    );
  if (r.coldStart > 0)
    lines.push(
      `  ${n(r.coldStart)} of the individuals had no interactions in the training window: every method ranks by popularity for them`,
    );
  lines.push('');
  const header = ['method', `hit-rate@${k}`, `recall@${k}`, `NDCG@${k}`, 'coverage', 'train s', 'score s'];
  const rows = r.methods.map((m) => [
    m.label,
    m.metrics.hitRate.toFixed(4),
    m.metrics.recall.toFixed(4),
    m.metrics.ndcg.toFixed(4),
    `${(m.metrics.coverage * 100).toFixed(1)}%`,
    seconds(m.trainSeconds),
    seconds(m.scoreSeconds),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const fmt = (row: string[]) =>
    '  ' + row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  lines.push(fmt(header));
  lines.push('  ' + widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) lines.push(fmt(row));
  const model = r.methods.find((m) => m.method === 'ials');
  const pop = r.methods.find((m) => m.method === 'popularity');
  if (model && pop && pop.metrics.hitRate > 0) {
    lines.push('');
    lines.push(
      `  the objective-based model's hit-rate@${k} is ${(model.metrics.hitRate / pop.metrics.hitRate).toFixed(2)}× the popularity baseline's`,
    );
  }
  return lines.join('\n') + '\n';
}

export function registerEvaluate(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('evaluate')
    .description(
      'offline evaluation on a time split: train on events before the split, score each individual against their objective events after it, side by side with the popularity and item-kNN baselines',
    )
    .argument('<ws>', 'workspace file')
    .requiredOption('--recommender <name>', 'objective-based recommender api name')
    .requiredOption(
      '--split-at <iso>',
      'the split time: training sees events at or before it, targets are events after it',
    )
    .option('--k <n>', 'cut-off of the ranked lists (1–100)', '10')
    .option('--test-days <n>', 'length of the test period after the split (default: every later event)')
    .option(
      '--methods <list>',
      `methods, comma-separated: ${EVALUATION_METHODS.join(', ')} (default: ials,popularity,item-knn)`,
    )
    .option('--data-space <name>', 'data space', 'default')
    .option('--json', 'print one JSON document: the report (progress as JSON lines on stderr)')
    .addHelpText(
      'after',
      '\nExample:\n  workbench evaluate ws.sqlite --recommender recommended_for_you --split-at 2026-11-14T00:00:00Z --k 10\n',
    )
    .action(
      async (
        ws: string,
        o: {
          recommender: string;
          splitAt: string;
          k: string;
          testDays?: string;
          methods?: string;
          dataSpace: string;
          json?: boolean;
        },
      ) => {
        const json = o.json === true;
        const nums = intOption(io, { k: o.k, 'test-days': o.testDays }, json);
        if (!nums) return setExit(EXIT.badInput);
        let methods: EvaluationMethod[] | undefined;
        if (o.methods !== undefined) {
          const list = o.methods
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s.length > 0);
          const bad = list.find((m) => !(EVALUATION_METHODS as readonly string[]).includes(m));
          if (bad !== undefined || list.length === 0) {
            return setExit(
              printFault(
                io,
                {
                  code: 'InvalidInput',
                  message: `--methods: ${bad === undefined ? 'no method given' : `unknown method "${bad}"`}; known: ${EVALUATION_METHODS.join(', ')}`,
                  field: 'methods',
                },
                json,
              ),
            );
          }
          methods = list as EvaluationMethod[];
        }
        setExit(
          await withService(io, ws, json, async (service) => {
            const started = await service.call('models.evaluate', {
              dataSpace: o.dataSpace,
              recommender: o.recommender,
              splitAt: o.splitAt,
              k: nums.k ?? 10,
              ...(nums['test-days'] !== undefined ? { testDays: nums['test-days'] } : {}),
              ...(methods ? { methods } : {}),
            });
            if (!started.ok) return printFault(io, started.error, json);
            printWarnings(io, started.warnings);
            const job = await followJob(io, service, started.data.jobId, { json });
            const ended = jobOutcome(job);
            if (!ended.ok) return printFault(io, ended.error, json);
            const report = ended.data;
            if (json) io.out(JSON.stringify(report, null, 2) + '\n');
            else io.out(evaluationText(report));
            return EXIT.ok;
          }),
        );
      },
    );
}
