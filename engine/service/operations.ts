import type { z } from 'zod';
import { workspaceOps } from './ops/workspace.ts';
import { configOps } from './ops/config.ts';
import { dataOps } from './ops/data.ts';
import { decideOps } from './ops/decide.ts';
import { jobOps } from './ops/jobs.ts';
import { pointsTestOps } from './ops/points-test.ts';
import { identityOps } from './ops/identity.ts';
import { runOps } from './ops/runs.ts';
import { campaignOps } from './ops/campaigns.ts';
import { refreshOps } from './ops/refresh.ts';
import { segmentOps } from './ops/segments.ts';
import { estimateOps } from './ops/estimate.ts';
import { modelOps } from './ops/models.ts';
import { insightsOps } from './ops/insights.ts';
import type { Operation } from './operation.ts';

/** The service API: every operation any front end (CLI, HTTP bridge, Electron) can call. */
export const operations = {
  ...workspaceOps,
  ...configOps,
  ...dataOps,
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
};

export type Operations = typeof operations;
export type OperationName = keyof Operations;
type OpOf<K extends OperationName> = Operations[K];
/** What a caller passes (defaults not yet applied). */
export type InputOf<K extends OperationName> = OpOf<K> extends Operation<infer I, unknown> ? z.input<I> : never;
/** What a successful call returns. */
export type OutputOf<K extends OperationName> = OpOf<K> extends Operation<z.ZodType, infer O> ? O : never;
