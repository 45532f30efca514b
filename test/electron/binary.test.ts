import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workspaceArgument } from '../../electron/args.ts';
import { electronBinary, noDisplayReason } from '../../electron/binary.ts';
import { nodeCommand } from '../../electron/service-process.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'workbench-electron-bin-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('electronBinary', () => {
  it('reports each missing piece without requiring electron (which would try to download)', () => {
    expect(electronBinary(root)).toEqual({ ok: false, reason: expect.stringMatching(/not installed/) });
    mkdirSync(join(root, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'electron', 'package.json'), '{}');
    expect(electronBinary(root)).toEqual({ ok: false, reason: expect.stringMatching(/path\.txt is missing/) });
    writeFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'electron');
    expect(electronBinary(root)).toEqual({ ok: false, reason: expect.stringMatching(/dist\/electron is missing/) });
    mkdirSync(join(root, 'node_modules', 'electron', 'dist'));
    writeFileSync(join(root, 'node_modules', 'electron', 'dist', 'electron'), '');
    expect(electronBinary(root)).toEqual({
      ok: true,
      path: join(root, 'node_modules', 'electron', 'dist', 'electron'),
    });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH', () => {
    mkdirSync(join(root, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'electron', 'package.json'), '{}');
    writeFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'electron');
    mkdirSync(join(root, 'elsewhere'));
    writeFileSync(join(root, 'elsewhere', 'electron'), '');
    expect(electronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: join(root, 'elsewhere') })).toEqual({
      ok: true,
      path: join(root, 'elsewhere', 'electron'),
    });
  });

  it('knows when Linux has no display', () => {
    expect(noDisplayReason('linux', {})).toMatch(/no display/);
    expect(noDisplayReason('linux', { DISPLAY: ':0' })).toBeUndefined();
    expect(noDisplayReason('darwin', {})).toBeUndefined();
  });
});

describe('workspaceArgument', () => {
  it.each([
    [['electron', 'main.js', '--workspace', '/w/a.sqlite'], '/w/a.sqlite'],
    [['electron', 'main.js', '--workspace=/w/b.sqlite', '--dev'], '/w/b.sqlite'],
    [['electron', 'main.js', '--dev', '/w/c.sqlite'], '/w/c.sqlite'],
    [['electron', 'main.js', '--dev'], undefined],
  ])('%j → %s', (argv, expected) => expect(workspaceArgument(argv)).toBe(expected));
});

describe('nodeCommand', () => {
  it('prefers $WORKBENCH_NODE, then node on the PATH, else Electron as Node', () => {
    expect(nodeCommand({ WORKBENCH_NODE: process.execPath }, '/e/electron').command).toBe(process.execPath);
    const bin = join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'node'), '');
    expect(nodeCommand({ PATH: bin }, '/e/electron').command).toBe(join(bin, 'node'));
    const fallback = nodeCommand({ PATH: join(root, 'none') }, '/e/electron');
    expect(fallback).toEqual({ command: '/e/electron', env: { PATH: join(root, 'none'), ELECTRON_RUN_AS_NODE: '1' } });
  });
});
