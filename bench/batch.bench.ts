import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ensureDataGraphRefresh } from '../engine/batch/refresh.ts';
import { recommendersOf } from '../engine/batch/run-watermarks.ts';
import { spaceRuntimeAt } from '../engine/runtime/space-runtime-at.ts';
import type { WorkspaceConfig } from '../engine/model/index.ts';
import { parseIsoTime } from '../engine/model/time.ts';
import { saveConfig } from '../engine/service/ops/config.ts';
import { createService, type Service } from '../engine/service/service.ts';
import { openWorkspace, type WorkspaceStore } from '../engine/store/index.ts';
import { migration0005 } from '../engine/store/migrations/0005-runs-and-decision-log.ts';
import { BENCH_NOW, benchWorkspace } from './bench-workspace.ts';
import { figure, peakRssMb, report, type Measurement } from './harness.ts';

/**
 * `npm run bench batch`: a dry run of N individuals × 2 points — onboarding_banner (manual content,
 * targeting rules, an experiment) and home_page_recs (rules-based recommendations) — from the bench
 * workspace file, with 1 worker and with 2, each to a JSONL file; and, in the same process, the floor:
 * reading the same individuals' materialized documents (decoded) and inserting the same number of
 * decision log rows (same table, same indexes, same chunk transactions) with better-sqlite3 directly.
 * Goals: the run within 2× the floor, under 1 GB peak memory, faster with 2 workers than with 1.
 * BENCH_BATCH_INDIVIDUALS (default 1,000,000) and BENCH_BATCH_ROUNDS (default 1) change the size
 * and the rounds (medians); the data-graph and CI refreshes the runs read are built before, apart.
 */
const N = Number(process.env['BENCH_BATCH_INDIVIDUALS'] ?? 1_000_000);
const ROUNDS = Number(process.env['BENCH_BATCH_ROUNDS'] ?? 1);
const CAMPAIGN = 'Bench Two Points';
const SEGMENT = 'Bench_Everyone';
const POINTS = ['onboarding_banner', 'home_page_recs'];
const CHUNK = 200;
const AS_OF = BENCH_NOW;
const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

/** The bench's config: the sample's, plus a segment of everyone and the two-point campaign over it. */
function benchConfig(current: WorkspaceConfig): WorkspaceConfig {
  const config = structuredClone(current);
  const space = config.dataSpaces[0]!;
  const graph = space.profileDataGraphs[0]!.apiName;
  if (!space.segments.some((s) => s.apiName === SEGMENT))
    space.segments.push({
      apiName: SEGMENT,
      label: 'Everyone (bench)',
      description: '',
      profileDataGraph: graph,
      rule: { '!!': [{ var: 'id' }] },
    });
  space.campaigns = space.campaigns.filter((c) => c.name !== CAMPAIGN);
  space.campaigns.push({
    name: CAMPAIGN,
    description: '',
    segment: SEGMENT,
    points: POINTS,
    schedule: { cron: '0 20 * * *', timezone: 'UTC' },
    chunkSize: CHUNK,
    output: { kind: 'file', format: 'jsonl' },
    status: 'Active',
  });
  return config;
}

/** The decision_log table and its indexes, exactly as migration 0005 creates them. */
function decisionLogDdl(): string {
  const sql = migration0005.sql;
  const table = /CREATE TABLE decision_log \([\s\S]*?\) WITHOUT ROWID;/.exec(sql)![0];
  const indexes = sql.match(/CREATE INDEX decision_log_[^;]*;/g)!;
  return [table, ...indexes].join('\n');
}

/**
 * The floor: the segment's documents decoded in id order, and two log rows per individual inserted
 * into a fresh decision_log, one transaction per chunk of 200 individuals, on one thread.
 */
function floor(
  store: WorkspaceStore,
  refreshId: number,
  scratch: string,
): { individuals: number; rows: number; checksum: number } {
  for (const f of [scratch, `${scratch}-wal`, `${scratch}-shm`]) rmSync(f, { force: true });
  const db = new Database(scratch);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(decisionLogDdl());
  const insert = db.prepare(
    'INSERT INTO decision_log (run_id, seq, individual_id, point, decision, outcome, reason, experiment, variant, in_pool, control, item_ids, credits, error_code, error_message, decided_at_ms, request_id, personalization_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const asOfMs = parseIsoTime(AS_OF)!;
  let seq = 0;
  let checksum = 0;
  const write = db.transaction((ids: string[]) => {
    for (const id of ids) {
      insert.run(
        1,
        seq++,
        id,
        POINTS[0],
        'onboarding_fallback',
        'fallback',
        'Fallback',
        'onboarding_banner_copy',
        'control',
        1,
        1,
        null,
        1,
        null,
        null,
        asOfMs,
        'req_0123456789abcdef',
        'pz_0123456789abcdef',
      );
      insert.run(
        1,
        seq++,
        id,
        POINTS[1],
        'default_home_recs',
        'decision',
        'NoTargetingRule',
        null,
        null,
        null,
        null,
        '["prod_00001","prod_00002","prod_00003","prod_00004","prod_00005","prod_00006"]',
        1,
        null,
        null,
        asOfMs,
        'req_0123456789abcdef',
        'pz_0123456789abcdef',
      );
    }
  });
  let ids: string[] = [];
  let individuals = 0;
  for (const doc of store.dataGraphs.iterateSegmentDocuments(refreshId, SEGMENT)) {
    // Touch what the pipeline reads, so that decoding is not optimized away.
    checksum +=
      doc.data.engagement.browse.length +
      doc.data.engagement.cart.length +
      doc.data.engagement.order.length +
      doc.data.segments.length;
    ids.push(doc.individualId);
    individuals++;
    if (ids.length === CHUNK) {
      write(ids);
      ids = [];
    }
  }
  if (ids.length > 0) write(ids);
  db.close();
  for (const f of [scratch, `${scratch}-wal`, `${scratch}-shm`]) rmSync(f, { force: true });
  return { individuals, rows: seq, checksum };
}

/** One dry run through the service, to a JSONL file that is removed after; returns its run id. */
async function dryRun(
  service: Service,
  workers: number,
  out: string,
): Promise<{ runId: number; requests: number; bytes: number; errors: number }> {
  const started = await service.call('runs.start', { campaign: CAMPAIGN, asOf: AS_OF, workers, out });
  if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`);
  const job = await service.call('jobs.wait', { id: started.data.jobId });
  if (!job.ok || job.data.status !== 'succeeded')
    throw new Error(`bench run failed: ${JSON.stringify(job.ok ? job.data.error : job.error)}`);
  const s = await service.call('runs.get', { runId: started.data.runId });
  if (!s.ok) throw new Error(s.error.message);
  const bytes = statSync(out).size;
  rmSync(out, { force: true });
  return { runId: started.data.runId, requests: s.data.requests, bytes, errors: s.data.errors };
}

export async function run(): Promise<void> {
  const file = await benchWorkspace(N);
  const opened = openWorkspace(file);
  if (!opened.ok) throw new Error(opened.error.message);
  const store = opened.data;
  const service = createService(store);
  const dir = join(tmpdir(), `bpw-batch-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const original = service.context.sources.config();
  if (!original.ok) throw new Error(original.error.message);
  const runIds: number[] = [];
  try {
    // 1. The bench config (a revision of its own; the original is saved back at the end).
    const saved = saveConfig(
      service.context,
      benchConfig(original.data.config),
      'batch bench: segment of everyone, two-point campaign',
    );
    if (!saved.ok) throw new Error(saved.error.message);
    const rt = spaceRuntimeAt(store, saved.data.revision, 'default');
    if (!rt.ok) throw new Error(rt.error.message);
    // 2. What the runs read, built before and timed apart (a later bench reuses them).
    let t = performance.now();
    let shown = -1;
    const refresh = await ensureDataGraphRefresh(
      store,
      rt.data,
      rt.data.config.profileDataGraphs[0]!.apiName,
      parseIsoTime(AS_OF)!,
      {
        onProgress: (p) => {
          const tenth = Math.floor((10 * p.done) / Math.max(1, p.total));
          if (tenth === shown) return;
          shown = tenth;
          process.stderr.write(`\r  data-graph refresh ${fmt(p.done)} / ${fmt(p.total)}`);
        },
      },
    );
    process.stderr.write('\r\x1b[2K');
    if (!refresh.ok) throw new Error(refresh.error.message);
    const refreshSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const cis = recommendersOf(rt.data, POINTS).flatMap((r) =>
      r.type === 'rules-based' && r.calculatedInsight ? [r.calculatedInsight] : [],
    );
    rt.data.insights.at(cis, parseIsoTime(AS_OF)!);
    const ciSeconds = (performance.now() - t) / 1000;
    const members = store.dataGraphs.countSegmentMembers(refresh.data.id, SEGMENT);
    console.log(
      `\n## batch — dry run of ${fmt(members)} individuals × ${POINTS.length} points (${POINTS.join(', ')}) from ${file}`,
    );
    figure(
      'batch: reads',
      `data-graph refresh ${refresh.data.id} (${fmt(refresh.data.individuals)} documents; ${refreshSeconds.toFixed(1)} s to get, 0 when cached), CIs ${cis.join(', ') || 'none'} (${ciSeconds.toFixed(1)} s); peak RSS before the runs ${peakRssMb().toFixed(0)} MB`,
    );

    // 3. Contenders, interleaved round by round.
    const times: Record<string, number[]> = { 'run, 1 worker': [], 'run, 2 workers': [], floor: [] };
    const peaks: Record<string, number> = {};
    let outputBytes = 0;
    let checksum = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const workers of [1, 2]) {
        const name = workers === 1 ? 'run, 1 worker' : 'run, 2 workers';
        const t0 = performance.now();
        const r = await dryRun(service, workers, join(dir, `run-${workers}.jsonl`));
        times[name]!.push((performance.now() - t0) / 1000);
        peaks[name] = peakRssMb();
        runIds.push(r.runId);
        outputBytes = r.bytes;
        if (r.requests !== members * POINTS.length)
          throw new Error(`run ${r.runId} decided ${r.requests} requests, expected ${members * POINTS.length}`);
        figure(
          `batch: ${name}, round ${round + 1}`,
          `${times[name]!.at(-1)!.toFixed(1)} s, ${fmt(r.requests)} decisions (${fmt(r.errors)} error records), output ${(r.bytes / 1048576).toFixed(0)} MiB, peak RSS so far ${peaks[name]!.toFixed(0)} MB`,
        );
        // The run's rows are removed at once, so that the cached workspace does not grow.
        store.runs.delete(r.runId);
      }
      const t0 = performance.now();
      const f = floor(store, refresh.data.id, join(dir, 'floor.sqlite'));
      times['floor']!.push((performance.now() - t0) / 1000);
      peaks['floor'] = peakRssMb();
      checksum = f.checksum;
      if (f.rows !== members * POINTS.length)
        throw new Error(`floor wrote ${f.rows} rows, expected ${members * POINTS.length}`);
    }

    // 4. Medians, ratios, goals.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    const ms: Measurement[] = Object.entries(times).map(([name, xs]) => ({
      name,
      seconds: median(xs),
      ops: members,
      opsPerSec: members / median(xs),
    }));
    report(
      `batch: ${fmt(members)} individuals × ${POINTS.length} points (median of ${ROUNDS} round${ROUNDS === 1 ? '' : 's'})`,
      ms,
      'individuals/s',
    );
    const [one, two, fl] = ms as [Measurement, Measurement, Measurement];
    figure(
      'batch: run / floor',
      `1 worker ${(one.seconds / fl.seconds).toFixed(2)}×, 2 workers ${(two.seconds / fl.seconds).toFixed(2)}× (goal: within 2×)`,
    );
    figure('batch: 2 workers vs 1', `${(one.seconds / two.seconds).toFixed(2)}× faster (goal: faster)`);
    figure(
      'batch: peak RSS (process, worker threads included)',
      `after the 1-worker runs ${peaks['run, 1 worker']!.toFixed(0)} MB, after the 2-worker runs ${peaks['run, 2 workers']!.toFixed(0)} MB, after the floor ${peaks['floor']!.toFixed(0)} MB (goal: under 1 GB)`,
    );
    figure('batch: output', `${(outputBytes / 1048576).toFixed(0)} MiB of JSONL per run; floor checksum ${checksum}`);
  } finally {
    for (const id of runIds) if (store.runs.get(id)) store.runs.delete(id);
    saveConfig(service.context, original.data.config, 'batch bench: the original configuration again');
    rmSync(dir, { recursive: true, force: true });
    store.close();
  }
}
