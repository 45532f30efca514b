import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Result } from '../../../engine/model/errors.ts';
import { initWorkspace } from '../../../engine/service/init.ts';
import { jobOutcome } from '../../../engine/service/jobs.ts';
import type { ImportOutcome } from '../../../engine/service/ops/import.ts';
import type { IdentityReport } from '../../../engine/batch/identity-resolution.ts';
import { resolveDataSpace } from '../../../engine/service/ops/identity.ts';
import { openService, type Service } from '../../../engine/service/service.ts';

export const NOW = Date.parse('2026-11-28T12:00:00Z');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** Fails the test on an error value. */
export function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}\n${JSON.stringify(r.error.problems ?? [], null, 1)}`);
  return r.data;
}

/** An empty workspace (one data space, an empty Customer_Profile graph) with its service; removed after the test. */
export async function identityWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'bpw-identity-'));
  const file = join(dir, 'ws.sqlite');
  must(await initWorkspace(file, { clock: () => NOW }));
  const service: Service = must(openService(file, { now: () => NOW }));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => service.close());
  const ctx = service.context;
  const space = ctx.store.dataSpaceId('default')!;
  let n = 0;
  const write = (name: string, content: string): string => {
    const p = join(dir, `${++n}-${name}`);
    writeFileSync(p, content);
    return p;
  };
  /** Imports a file through the import job; resolves to its report or fault. */
  const importFile = async (
    kind: 'profiles' | 'items' | 'events' | 'source-records',
    name: string,
    content: string,
  ): Promise<Result<ImportOutcome>> => {
    const started = await service.call('import.start', { kind, file: write(name, content) });
    if (!started.ok) return started;
    return jobOutcome(await ctx.jobs.wait(started.data.jobId)!);
  };
  const resolve = (signal?: AbortSignal): Promise<Result<IdentityReport>> =>
    resolveDataSpace(ctx, 'default', signal ? { signal } : {});
  /** Every individual with its attributes, by id. */
  const individuals = () =>
    Object.fromEntries(
      ctx.store.listIndividuals(space, { offset: 0, limit: 10_000 }).rows.map((i) => [i.id, i.attributes]),
    );
  return { dir, file, service, ctx, store: ctx.store, space, write, importFile, resolve, individuals };
}

export const RECORDS_HEADER = 'sourceId,source,email,phone,firstName,lastName,updatedAt';
