import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RECENT, RecentWorkspaces } from '../../electron/recent-workspaces.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'workbench-recent-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ws = (name: string) => {
  const f = join(dir, name);
  writeFileSync(f, '');
  return f;
};

describe('RecentWorkspaces', () => {
  it('keeps the most recent first, once each, persisted across instances', () => {
    const store = join(dir, 'user', 'recent.json');
    const r = new RecentWorkspaces(store);
    const [a, b] = [ws('a.sqlite'), ws('b.sqlite')];
    r.add(a);
    r.add(b);
    r.add(a);
    expect(new RecentWorkspaces(store).list()).toEqual([a, b]);
    expect(r.has(b)).toBe(true);
    expect(r.has(join(dir, 'c.sqlite'))).toBe(false);
  });

  it(`keeps at most ${MAX_RECENT} and drops files that are gone`, () => {
    const r = new RecentWorkspaces(join(dir, 'recent.json'));
    const files = Array.from({ length: MAX_RECENT + 3 }, (_, i) => ws(`w${i}.sqlite`));
    for (const f of files) r.add(f);
    expect(r.list()).toHaveLength(MAX_RECENT);
    expect(r.list()[0]).toBe(files.at(-1));
    rmSync(files.at(-1)!);
    expect(r.list()[0]).toBe(files.at(-2));
  });

  it('treats a missing, unreadable or malformed store as empty, and clears', () => {
    const store = join(dir, 'recent.json');
    expect(new RecentWorkspaces(store).list()).toEqual([]);
    writeFileSync(store, '{ nope');
    expect(new RecentWorkspaces(store).list()).toEqual([]);
    writeFileSync(store, JSON.stringify({ version: 1, workspaces: [42] }));
    expect(new RecentWorkspaces(store).list()).toEqual([]);
    const r = new RecentWorkspaces(store);
    r.add(ws('a.sqlite'));
    r.clear();
    expect(r.list()).toEqual([]);
  });
});
