import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { Fault } from '../../model/errors.ts';
import { describeOutput } from '../../batch/run-output.ts';
import type { RunSummary } from '../../batch/run-summary.ts';
import type { JobId, JobInfo } from '../../service/jobs.ts';
import type { Service } from '../../service/service.ts';
import { EXIT, printFault, printWarnings, type Io } from '../output.ts';
import { followJob, type JobView } from '../follow-job.ts';
import { intOption } from '../parse.ts';
import { withService } from '../with-service.ts';

const n = (x: number): string => x.toLocaleString('en-US');

function bytesText(b: number): string {
  if (b < 1024) return `${b} B`;
  if (b < 1024 * 1024) return `${(b / 1024).toFixed(1)} KB`;
  return `${(b / 1024 / 1024).toFixed(1)} MB`;
}

function secondsText(ms: number): string {
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** The summary of a run, as `workbench run` prints it at the end and `workbench runs <ws> RUN` shows it. */
export function formatRunSummary(s: RunSummary): string {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(13)} ${value}`);
  lines.push(
    `Run ${s.runId} — ${s.campaign} as of ${s.asOf} (data space ${s.dataSpace}, config revision ${s.configRevision}): ${s.status}${s.attempts > 1 ? ` after ${s.attempts} attempts` : ''}`,
  );
  if (s.abandoned) lines.push(`  ! ${s.abandoned}`);
  const of = s.totalIndividuals !== null && s.totalIndividuals !== s.individuals ? ` of ${n(s.totalIndividuals)}` : '';
  row('individuals', `${n(s.individuals)}${of} ${s.segment !== null ? `(segment ${s.segment})` : '(explicit list)'}`);
  row(
    'requests',
    `${n(s.requests)} (${s.points.length} point${s.points.length === 1 ? '' : 's'}: ${s.points.join(', ')})`,
  );
  row('decisions', n(s.decisions));
  row('fallbacks', n(s.fallbacks));
  row('no decision', n(s.none));
  row(
    'errors',
    s.errors === 0 ? '0' : `${n(s.errors)}: ${s.errorsByCode.map((e) => `${e.code} ${n(e.count)}`).join(', ')}`,
  );
  const est = s.credits.estimated;
  row(
    'credits',
    `${n(s.credits.actual)} actual vs ${est === null ? 'no estimate' : `${n(est)} estimated`}${s.credits.erroredRequests > 0 ? ` (${n(s.credits.erroredRequests)} errored requests counted apart, 0 credits)` : ''}`,
  );
  for (const [graph, r] of Object.entries(s.watermarks.refreshes))
    row('data graph', `${graph}: refresh ${r.id} at ${r.refreshedAt} (${n(r.individuals)} individuals)`);
  for (const [ci, at] of Object.entries(s.watermarks.insightsRefreshedAt))
    row('insight', `${ci}: ${at ?? 'never refreshed'}`);
  for (const [m, at] of Object.entries(s.watermarks.modelsTrainedAt))
    row('model', `${m}: ${at === null ? 'untrained' : `trained at ${at}`}`);
  for (const st of s.watermarks.stale) row('stale', st);
  row(
    'output',
    `${describeOutput(s.output)} (${n(s.output.rows)} rows${s.output.bytes !== undefined ? `, ${bytesText(s.output.bytes)}` : ''})`,
  );
  row(
    'wall time',
    `${secondsText(s.wallMs)}, ${n(s.decisionsPerSecond)} decisions/s, ${s.workers} worker${s.workers === 1 ? '' : 's'}, ${n(s.chunks)} chunks of ${s.chunkSize}`,
  );
  if (s.fault) row('fault', `${s.fault.code}: ${s.fault.message}`);
  return lines.join('\n') + '\n';
}

/** Renders a run job's progress: a bar on a terminal, JSON lines on stderr with --json, else nothing. */
function progressView(io: Io, json: boolean): JobView<'run'> {
  if (json) return { progress: (job) => io.err(JSON.stringify({ progress: job.progress }) + '\n'), stop: () => {} };
  if (!io.isTTY) return { progress: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format:
        '{phase} |{bar}| {percentage}% {value}/{total} | {speed}/s | ETA {eta_formatted} | errors {errors} | credits {credits}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let phase = '';
  return {
    progress: ({ progress: p }) => {
      const payload = {
        phase: (p.message ?? '').padEnd(21),
        speed: n(p.rate ?? 0),
        errors: n(p.counters?.errors ?? 0),
        credits: n(p.counters?.credits ?? 0),
      };
      const total = Math.max(1, p.total ?? 1);
      if (!started || phase !== p.message) {
        if (started) bar.stop();
        bar.start(total, p.done, payload);
        started = true;
        phase = p.message ?? '';
        return;
      }
      bar.setTotal(total);
      bar.update(p.done, payload);
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** Waits for a run job, rendering its progress, cancelling it on Ctrl-C; returns the ended job. */
function followRun(
  io: Io,
  service: Service,
  runId: number,
  jobId: JobId<'run'>,
  json: boolean,
): Promise<JobInfo<'run'>> {
  return followJob(io, service, jobId, {
    json,
    view: progressView(io, json),
    cancel: () => {
      io.err(
        `\nworkbench: cancelling run ${runId} after the chunk in progress (Ctrl-C again to quit at once; the run stays resumable)\n`,
      );
      void service.call('runs.cancel', { runId });
    },
  });
}

/** Parses a run id given as 12, run_12 or "run 12". */
export function parseRunId(io: Io, text: string, option: string, json = false): number | undefined {
  const m = /^(?:run[_ ]?)?(\d+)$/i.exec(text.trim());
  if (!m || Number(m[1]) < 1) {
    const message = `${option} must be a run id such as 12 (got "${text}")`;
    printFault(io, { code: 'InvalidInput', message, field: option.replace(/^--/, '') }, json);
    return undefined;
  }
  return Number(m[1]);
}

export function registerRun(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('run')
    .description(
      "dry-run a campaign: decide every member of its segment as of a time, write the decision log and the campaign's output",
    )
    .argument('<ws>', 'workspace file')
    .option('--campaign <name>', 'campaign name (as in the config)')
    .option(
      '--as-of <iso>',
      'run as of this time (default: the workspace clock); data is as of the last refreshes before it',
    )
    .option(
      '--out <file>',
      "write a JSONL (.jsonl) or CSV (.csv) file instead of the campaign's output; a relative name goes into the workspace's outputs folder (<ws>.outputs/), an absolute path is used as given",
    )
    .option('--overwrite', 'replace an existing output file (never the workspace or an SQLite file)')
    .option('--workers <n>', 'worker threads (default: the number of cores)')
    .option('--resume <run>', 'continue a cancelled, failed or interrupted run from its last committed chunk')
    .option(
      '--individuals <file>',
      "decide the individuals listed in this file (one id per line) instead of the segment's members",
    )
    .option('--force', 'run a Paused campaign')
    .option('--data-space <name>', 'data space', 'default')
    .option('--json', 'print one JSON document (the run summary); progress goes to stderr as JSON lines')
    .addHelpText(
      'after',
      `
A run never stops at one bad individual: each fault is an error record with a code, counted in the
summary. It fails (exit 1) only for faults of the run itself (workspace, configuration, refresh).
Ctrl-C cancels after the chunk in progress; resume with --resume RUN.
File outputs are written to <file>.run<id>.partial and moved to <file> when the run succeeds; an
existing file is replaced only with --overwrite. One run at a time per workspace.

Examples:
  workbench run ws.sqlite --campaign "Nightly Email Recs" --out recs.jsonl
  workbench run ws.sqlite --campaign "Nightly Email Recs" --as-of 2026-11-27T20:00:00-05:00 --workers 2
  workbench run ws.sqlite --resume 3
`,
    )
    .action(
      async (
        ws: string,
        o: {
          campaign?: string;
          asOf?: string;
          out?: string;
          workers?: string;
          resume?: string;
          individuals?: string;
          force?: boolean;
          overwrite?: boolean;
          dataSpace: string;
          json?: boolean;
        },
      ) => {
        const json = o.json === true;
        const nums = intOption(io, { workers: o.workers }, json);
        if (!nums) return setExit(EXIT.badInput);
        let resume: number | undefined;
        if (o.resume !== undefined) {
          resume = parseRunId(io, o.resume, '--resume', json);
          if (resume === undefined) return setExit(EXIT.badInput);
          const extra = (['asOf', 'out', 'individuals'] as const).filter((k) => o[k] !== undefined);
          if (extra.length > 0) {
            const flag = { asOf: '--as-of', out: '--out', individuals: '--individuals' }[extra[0]!];
            return setExit(
              printFault(
                io,
                {
                  code: 'InvalidInput',
                  message: `${flag} cannot be combined with --resume: a resumed run keeps its own as-of time, individuals and output`,
                  field: extra[0]!,
                },
                json,
              ),
            );
          }
        } else if (o.campaign === undefined) {
          return setExit(
            printFault(
              io,
              { code: 'InvalidInput', message: 'give --campaign NAME (or --resume RUN)', field: 'campaign' },
              json,
            ),
          );
        }
        setExit(
          await withService(io, ws, json, async (service) => {
            const started =
              resume !== undefined
                ? await service.call('runs.resume', {
                    runId: resume,
                    ...(nums.workers !== undefined ? { workers: nums.workers } : {}),
                    overwrite: o.overwrite === true,
                  })
                : await service.call('runs.start', {
                    dataSpace: o.dataSpace,
                    campaign: o.campaign!,
                    ...(o.asOf !== undefined ? { asOf: o.asOf } : {}),
                    ...(o.out !== undefined ? { out: o.out } : {}),
                    ...(nums.workers !== undefined ? { workers: nums.workers } : {}),
                    ...(o.individuals !== undefined ? { individualsFile: o.individuals } : {}),
                    force: o.force === true,
                    overwrite: o.overwrite === true,
                  });
            if (!started.ok) return printFault(io, started.error, json);
            printWarnings(io, started.warnings);
            const { runId, jobId } = started.data;
            if (resume !== undefined && o.campaign !== undefined) {
              const run = await service.call('runs.get', { runId });
              if (run.ok && run.data.campaign !== o.campaign)
                io.err(`warning: run ${runId} is a run of "${run.data.campaign}", not "${o.campaign}"; resuming it\n`);
            }
            if (!json)
              io.err(
                resume !== undefined
                  ? `Resuming run ${runId}${started.data.recovered ? ` (${started.data.recovered})` : ''}…\n`
                  : `Run ${runId} started…\n`,
              );
            const job = await followRun(io, service, runId, jobId, json);
            const summary = await service.call('runs.get', { runId });
            if (job.status === 'succeeded') {
              const s = summary.ok ? summary.data : job.result;
              io.out(json ? JSON.stringify(s, null, 2) + '\n' : formatRunSummary(s));
              return EXIT.ok;
            }
            // Cancelled or failed: the run is in the workspace, consistent and resumable.
            const fault: Fault = job.error ?? { code: 'Internal', message: `run ${runId} ended as ${job.status}` };
            if (json) io.out(JSON.stringify({ error: fault, run: summary.ok ? summary.data : null }, null, 2) + '\n');
            else {
              io.err(`workbench: ${fault.code}: ${fault.message}\n`);
              if (summary.ok) io.out(formatRunSummary(summary.data));
            }
            return EXIT.failed;
          }),
        );
      },
    );
}
