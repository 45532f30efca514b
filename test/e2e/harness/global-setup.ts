// Runs once before the e2e files: builds the renderer when stale and creates the template sample
// workspace that each file copies.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureRendererBuilt } from '../../../engine/server/renderer-build.ts';
import { createSampleWorkspace } from './template-workspace.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The template sample workspace (read-only: copy it). */
    e2eTemplateWorkspace: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const state = await ensureRendererBuilt({ log: (l) => process.stderr.write(`[e2e build] ${l}\n`) });
  if (state.state !== 'fresh') process.stderr.write(`[e2e] renderer was ${state.state}; rebuilt dist/renderer\n`);
  const dir = mkdtempSync(join(tmpdir(), 'workbench-e2e-template-'));
  const template = await createSampleWorkspace(join(dir, 'template.sqlite'));
  project.provide('e2eTemplateWorkspace', template);
  return () => rmSync(dir, { recursive: true, force: true });
}
