// The small sample workspace every e2e test file starts from (a copy of it, so files never share state).
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { initWorkspace, type InitOptions } from '../../../engine/service/init.ts';
import { E2E_SAMPLE_NOW } from './paths.ts';

/** The default e2e sample: small enough to init in a second, large enough for paging and charts. */
export const E2E_SAMPLE: Required<Pick<InitOptions, 'sample' | 'individuals' | 'items' | 'seed' | 'now'>> = {
  sample: 'retail',
  individuals: 2000,
  items: 300,
  seed: 1,
  now: E2E_SAMPLE_NOW,
};

/** Creates a sample workspace file (throws on failure: a broken harness is a bug, not a test result). */
export async function createSampleWorkspace(file: string, opts: Partial<typeof E2E_SAMPLE> = {}): Promise<string> {
  const r = await initWorkspace(file, { ...E2E_SAMPLE, ...opts });
  if (!r.ok)
    throw new Error(`e2e harness: cannot create the sample workspace ${file}: ${r.error.code}: ${r.error.message}`);
  return file;
}

/** Copies a workspace file (and its WAL/SHM companions when present) into a folder. */
export function copyWorkspace(template: string, dir: string, name = 'workspace.sqlite'): string {
  const target = join(dir, name);
  copyFileSync(template, target);
  for (const suffix of ['-wal', '-shm'])
    if (existsSync(template + suffix)) copyFileSync(template + suffix, target + suffix);
  return target;
}
