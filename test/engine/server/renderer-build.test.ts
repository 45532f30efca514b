// Whether dist/renderer matches the renderer's sources: the build stamp against the sources' digest.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILD_STAMP, rendererSourceHash, rendererState } from '../../../engine/server/renderer-build.ts';

let root: string;
let dist: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'workbench-renderer-build-'));
  dist = join(root, 'dist', 'renderer');
  mkdirSync(join(root, 'renderer', 'src'), { recursive: true });
  writeFileSync(join(root, 'renderer', 'index.html'), '<div id="root"></div>');
  writeFileSync(join(root, 'renderer', 'src', 'main.tsx'), 'export {};');
  writeFileSync(join(root, 'vite.config.ts'), 'export default {};');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const stamp = (hash: string, nodeEnv = 'production') => {
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<built/>');
  writeFileSync(join(dist, BUILD_STAMP), JSON.stringify({ sourceHash: hash, nodeEnv }));
};

describe('rendererState', () => {
  it('is missing without a built index.html', () => {
    expect(rendererState(dist, root)).toEqual({ state: 'missing' });
  });

  it('is fresh when the stamp matches the sources, stale after any source edit, addition or rename', () => {
    stamp(rendererSourceHash(root));
    expect(rendererState(dist, root)).toEqual({ state: 'fresh' });
    const before = rendererSourceHash(root);
    writeFileSync(join(root, 'renderer', 'src', 'main.tsx'), 'export const x = 1;');
    expect(rendererState(dist, root)).toEqual({ state: 'stale', builtFrom: before });
    stamp(rendererSourceHash(root));
    writeFileSync(join(root, 'renderer', 'src', 'extra.ts'), '');
    expect(rendererState(dist, root).state).toBe('stale');
    stamp(rendererSourceHash(root));
    writeFileSync(join(root, 'vite.config.ts'), 'export default { base: "/x/" };');
    expect(rendererState(dist, root).state).toBe('stale');
  });

  it('is stale when the bundle was built for development (the development build of React)', () => {
    stamp(rendererSourceHash(root), 'test');
    expect(rendererState(dist, root).state).toBe('stale');
    stamp(rendererSourceHash(root));
    expect(rendererState(dist, root).state).toBe('fresh');
  });

  it('is stale when the stamp is missing or unreadable', () => {
    stamp('x');
    writeFileSync(join(dist, BUILD_STAMP), '{not json');
    expect(rendererState(dist, root)).toEqual({ state: 'stale', builtFrom: null });
  });

  it('does not depend on where the package lives (paths are hashed relative to the root)', () => {
    const other = mkdtempSync(join(tmpdir(), 'workbench-renderer-build-copy-'));
    try {
      mkdirSync(join(other, 'renderer', 'src'), { recursive: true });
      writeFileSync(join(other, 'renderer', 'index.html'), '<div id="root"></div>');
      writeFileSync(join(other, 'renderer', 'src', 'main.tsx'), 'export {};');
      writeFileSync(join(other, 'vite.config.ts'), 'export default {};');
      expect(rendererSourceHash(other)).toBe(rendererSourceHash(root));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
