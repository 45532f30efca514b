import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SAMPLE_NOW, tempDir } from './cli-harness.ts';

const bin = fileURLToPath(new URL('../../../bin/workbench.js', import.meta.url));
const tmp = tempDir();
afterAll(() => tmp.remove());

const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('the workbench bin (a real process)', () => {
  it('creates a workspace and exits 2 with a JSON error for an unknown individual', () => {
    const ws = tmp.path('ws.sqlite');
    const init = run(
      'init',
      ws,
      '--sample',
      'retail',
      '--individuals',
      '100',
      '--items',
      '40',
      '--now',
      SAMPLE_NOW,
      '--json',
    );
    expect(init.status).toBe(0);
    expect(JSON.parse(init.stdout).dataSpaces[0].individuals).toBe(100);
    // init builds in a temporary file (and trains the sample's model in a worker thread): nothing of
    // it is left behind, and everything it committed is in the renamed file.
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.init-'))).toEqual([]);
    const config = run('export-config', ws);
    expect(config.status).toBe(0);
    expect(JSON.parse(config.stdout).dataSpaces[0].personalizationPoints.length).toBeGreaterThan(0);
    const models = run(
      'decide',
      ws,
      '--individual',
      'ind_000001',
      '--point',
      'email_product_recs',
      '--as-of',
      SAMPLE_NOW,
      '--json',
    );
    expect(JSON.parse(models.stdout).errors).toBeUndefined();
    const r = run('decide', ws, '--individual', 'nobody', '--point', 'home_page_recs', '--json');
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('IndividualNotFound');
    expect(r.stderr).toBe('');
  });
});
