import type { z } from 'zod';
import { workspaceOps } from './ops/workspace.ts';
import { clockOps } from './ops/clock.ts';
import { configOps } from './ops/config.ts';
import { dataOps } from './ops/data.ts';
import { importOps, type ImportJobs } from './ops/import.ts';
import { decideOps } from './ops/decide.ts';
import { jobOps } from './ops/jobs.ts';
import { pointsTestOps } from './ops/points-test.ts';
import { identityOps, type IdentityJobs } from './ops/identity.ts';
import { runOps, type RunJobs } from './ops/runs.ts';
import { campaignOps } from './ops/campaigns.ts';
import { refreshOps, type RefreshJobs } from './ops/refresh.ts';
import { segmentOps } from './ops/segments.ts';
import { estimateOps } from './ops/estimate.ts';
import { modelOps, type ModelJobs } from './ops/models.ts';
import { insightsOps, type InsightJobs } from './ops/insights.ts';
import { analyticsOps } from './ops/analytics.ts';
import type { Operation } from './operation.ts';
import type { JobId } from './jobs.ts';

/** The service API: every operation any front end (CLI, HTTP bridge, Electron) can call. */
export const operations = {
  ...workspaceOps,
  ...clockOps,
  ...configOps,
  ...dataOps,
  ...importOps,
  ...decideOps,
  ...jobOps,
  ...pointsTestOps,
  ...identityOps,
  ...runOps,
  ...campaignOps,
  ...refreshOps,
  ...segmentOps,
  ...estimateOps,
  ...modelOps,
  ...insightsOps,
  ...analyticsOps,
};

export type Operations = typeof operations;
export type OperationName = keyof Operations;
type OpOf<K extends OperationName> = Operations[K];
/** What a caller passes (defaults not yet applied). */
export type InputOf<K extends OperationName> = OpOf<K> extends Operation<infer I, unknown> ? z.input<I> : never;
/** What a successful call returns. */
export type OutputOf<K extends OperationName> = OpOf<K> extends Operation<z.ZodType, infer O> ? O : never;

/**
 * The jobs the operations start, by kind: each module of operations declares its own beside them
 * (a run's progress counters and summary, an import's rows and report...), joined here as the
 * operations are. `JobKind` (engine/service/jobs.ts) is its keys; the operations that start a job
 * return its id typed with the kind (`jobIdOutput`).
 */
export interface JobTypes extends RunJobs, RefreshJobs, IdentityJobs, ModelJobs, InsightJobs, ImportJobs {}

/** The kinds of job the operation map's outputs start (every kind of JobTypes; the type test checks it). */
export type StartedJobKind = {
  [K in OperationName]: OutputOf<K> extends { jobId: JobId<infer J> } ? J : never;
}[OperationName];
