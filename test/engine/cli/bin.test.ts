import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SAMPLE_NOW, tempDir } from './cli-harness.ts';

const bin = fileURLToPath(new URL('../../../bin/workbench.js', import.meta.url));
const tmp = tempDir();
afterAll(() => tmp.remove());

const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('the workbench bin (a real process)', () => {
  it('creates a workspace and exits 2 with a JSON error for an unknown individual', () => {
    const ws = tmp.path('ws.sqlite');
    const init = run('init', ws, '--sample', 'retail', '--individuals', '100', '--items', '40', '--now', SAMPLE_NOW, '--json');
    expect(init.status).toBe(0);
    expect(JSON.parse(init.stdout).dataSpaces[0].individuals).toBe(100);
    const r = run('decide', ws, '--individual', 'nobody', '--point', 'home_page_recs', '--json');
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('IndividualNotFound');
    expect(r.stderr).toBe('');
  });
});
