import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { DataSpaceConfig, WorkspaceConfig } from '../../../engine/model/index.ts';
import { saveConfig } from '../../../engine/service/ops/config.ts';
import { openService, type Service } from '../../../engine/service/service.ts';
import type { JobInfo } from '../../../engine/service/jobs.ts';
import type { InputOf } from '../../../engine/service/operations.ts';
import type { RunSummary } from '../../../engine/batch/run-summary.ts';

/** The CLI's entry point (tsx-registered), for tests that run it as a process. */
export const BIN = fileURLToPath(new URL('../../../bin/workbench.js', import.meta.url));

export const SAMPLE_NOW = '2026-11-28T00:00:00.000Z';
/** On a 30-minute boundary: the run reads the refresh at exactly its as-of time. */
export const AS_OF = '2026-11-28T00:00:00.000Z';
/** A campaign over the two kinds of points: recommendations and manual with rules and an experiment. */
export const TWO_POINTS = 'Two Point Test';

/** A temporary directory for one test file (remove it in afterAll). */
export function tempDir(prefix = 'bpw-batch-'): { dir: string; path: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, path: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Opens a service on a workspace file; throws (test setup) on failure. */
export function open(file: string): Service {
  const s = openService(file);
  if (!s.ok) throw new Error(`${s.error.code}: ${s.error.message}`);
  return s.data;
}

/** Changes the data space config of an open service (saved as a new revision, validated). */
export function editConfig(service: Service, edit: (space: DataSpaceConfig) => void): number {
  const cfg = service.context.sources.config();
  if (!cfg.ok) throw new Error(cfg.error.message);
  const next = structuredClone(cfg.data.config) as WorkspaceConfig;
  edit(next.dataSpaces[0]!);
  const saved = saveConfig(service.context, next, 'test edit');
  if (!saved.ok) throw new Error(`${saved.error.message}\n${JSON.stringify(saved.error.problems, null, 1)}`);
  return saved.data.revision;
}

/**
 * A retail sample workspace (deterministic for its size and seed) with the two-point campaign added
 * (segment Active_Shoppers, points email_product_recs and onboarding_banner, chunks of `chunkSize`).
 */
export async function sampleWorkspace(
  file: string,
  opts: { individuals?: number; items?: number; chunkSize?: number } = {},
): Promise<void> {
  // `workbench init` in a process of its own, as a user runs it: its training threads are gone when it returns.
  const r = spawnSync(
    process.execPath,
    [
      BIN,
      'init',
      file,
      '--sample',
      'retail',
      '--individuals',
      String(opts.individuals ?? 600),
      '--items',
      String(opts.items ?? 150),
      '--seed',
      '3',
      '--now',
      SAMPLE_NOW,
      '--json',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`workbench init failed (${r.status}): ${r.stderr}`);
  const service = open(file);
  try {
    editConfig(service, (space) => {
      space.campaigns.push({
        name: TWO_POINTS,
        description: 'recommendations and a manual banner with rules and an experiment',
        segment: 'Active_Shoppers',
        points: ['email_product_recs', 'onboarding_banner'],
        schedule: { cron: '0 20 * * *', timezone: 'America/New_York' },
        chunkSize: opts.chunkSize ?? 50,
        output: { kind: 'records', table: 'Two_Point_Content__c' },
        status: 'Active',
      });
    });
  } finally {
    service.close();
  }
}

/** Copies a (closed) workspace file, so that two runs start from the same state. */
export function copyWorkspace(from: string, to: string): string {
  copyFileSync(from, to);
  return to;
}

/** A run that ended: its job and its summary. */
export interface EndedRun {
  runId: number;
  job: JobInfo;
  summary: RunSummary;
}

async function waitFor(service: Service, started: Awaited<ReturnType<Service['call']>>): Promise<EndedRun> {
  if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`);
  const { runId, jobId } = started.data as { runId: number; jobId: string };
  const job = await service.call('jobs.wait', { id: jobId });
  if (!job.ok) throw new Error(job.error.message);
  const summary = await service.call('runs.get', { runId });
  if (!summary.ok) throw new Error(summary.error.message);
  return { runId, job: job.data, summary: summary.data };
}

/** Starts a run and waits for its job to end. */
export async function runToEnd(service: Service, input: InputOf<'runs.start'>): Promise<EndedRun> {
  return waitFor(service, await service.call('runs.start', input));
}

/** Resumes a run and waits for its job to end. */
export async function resumeToEnd(service: Service, runId: number, workers?: number): Promise<EndedRun> {
  return waitFor(service, await service.call('runs.resume', { runId, ...(workers !== undefined ? { workers } : {}) }));
}

/** Rows of a query on a workspace file, read with better-sqlite3 directly (read-only). */
export function query<T = Record<string, unknown>>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Runs a statement on a workspace file (tests that simulate damage or a dead process). */
export function execute(file: string, sql: string, ...params: unknown[]): void {
  const db = new Database(file);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}
