import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error bin/ is plain JavaScript without declarations
import { engineEntry } from '../../../bin/engine-entry.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A package folder with one engine source and, optionally, a bundle stamped at `stampAt`. */
function fakePackage(sourceAt: number, stampAt?: number): string {
  const root = mkdtempSync(join(tmpdir(), 'wb-entry-'));
  dirs.push(root);
  mkdirSync(join(root, 'engine', 'cli'), { recursive: true });
  const source = join(root, 'engine', 'cli', 'main.ts');
  writeFileSync(source, 'export {};\n');
  utimesSync(source, sourceAt, sourceAt);
  if (stampAt !== undefined) {
    mkdirSync(join(root, 'dist', 'node'), { recursive: true });
    writeFileSync(join(root, 'dist', 'node', 'cli.js'), 'export {};\n');
    const stamp = join(root, 'dist', 'node', 'build-stamp');
    writeFileSync(stamp, 'x\n');
    utimesSync(stamp, stampAt, stampAt);
  }
  return root;
}

describe('which engine bin/workbench.js runs', () => {
  it('runs the bundle while no engine source is newer than its build', () => {
    expect(engineEntry(fakePackage(1_000, 2_000), {})).toBe('bundle');
  });
  it('runs the sources when one is newer than the build (a working copy being edited)', () => {
    expect(engineEntry(fakePackage(3_000, 2_000), {})).toBe('sources');
  });
  it('runs the sources without a build, or when WORKBENCH_FROM_SOURCES=1', () => {
    expect(engineEntry(fakePackage(1_000), {})).toBe('sources');
    expect(engineEntry(fakePackage(1_000, 2_000), { WORKBENCH_FROM_SOURCES: '1' })).toBe('sources');
  });
});

describe('npm run build:engine', () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  it('bundles a CLI that answers like the sources', () => {
    // A build into a temporary copy of the package would need node_modules; the real build is
    // checked instead by running the bin both ways and comparing.
    const fromSources = spawnSync(process.execPath, [join(root, 'bin', 'workbench.js'), '--help'], {
      encoding: 'utf8',
      env: { ...process.env, WORKBENCH_FROM_SOURCES: '1' },
    });
    expect(fromSources.status).toBe(0);
    const built = spawnSync(process.execPath, [join(root, 'scripts', 'build-engine.js')], { encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    expect(engineEntry(root, {})).toBe('bundle');
    const fromBundle = spawnSync(process.execPath, [join(root, 'bin', 'workbench.js'), '--help'], {
      encoding: 'utf8',
    });
    expect(fromBundle.status).toBe(0);
    expect(fromBundle.stdout).toBe(fromSources.stdout);
    // Every file the bundle starts by path beside itself (workers, the insight query process) is there.
    const bundle = readFileSync(join(root, 'dist', 'node', 'cli.js'), 'utf8');
    const siblings = [...bundle.matchAll(/new URL\(\s*["']\.\/([\w.-]+\.js)["']\s*,\s*import\.meta\.url/g)].map(
      (m) => m[1]!,
    );
    expect(siblings).toEqual(expect.arrayContaining(['chunk-worker.js', 'insight-query-process.js']));
    for (const f of siblings) expect(existsSync(join(root, 'dist', 'node', f)), f).toBe(true);
  });
});
