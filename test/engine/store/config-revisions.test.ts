import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../engine/store/checksum.ts';
import { mustOpen, newWorkspace } from './workspace-fixture.ts';

describe('config revisions', () => {
  it('has no config in a new workspace', () => {
    const { store } = newWorkspace();
    expect(store.getConfig()).toBeUndefined();
    expect(store.listConfigRevisions()).toEqual([]);
  });

  it('saves revisions; the current config is the latest', () => {
    const { store, file } = newWorkspace();
    const v1 = { version: 1, dataSpaces: [{ apiName: 'default', label: 'Default' }] };
    const v2 = { version: 1, dataSpaces: [{ apiName: 'default', label: 'Renamed' }] };
    expect(store.saveConfig(v1, 'first', '2026-01-01T00:00:00.000Z')).toBe(1);
    expect(store.saveConfig(v2, 'rename', '2026-01-02T00:00:00.000Z')).toBe(2);
    expect(store.getConfig()).toEqual({
      revision: 2,
      savedAt: '2026-01-02T00:00:00.000Z',
      note: 'rename',
      checksum: sha256Hex(JSON.stringify(v2)),
      config: v2,
    });
    expect(store.getConfigRevision(1)?.config).toEqual(v1);
    expect(store.getConfigRevision(3)).toBeUndefined();
    expect(store.listConfigRevisions().map((r) => [r.revision, r.note])).toEqual([
      [2, 'rename'],
      [1, 'first'],
    ]);
    store.close();
    expect(mustOpen(file).getConfig()?.revision).toBe(2);
  });

  it('stores raw JSON without validating it (the service validates)', () => {
    const { store } = newWorkspace();
    store.saveConfig({ anything: [1, 'two', null] }, '', '2026-01-01T00:00:00.000Z');
    expect(store.getConfig()?.config).toEqual({ anything: [1, 'two', null] });
  });

  it('throws (a bug) on a config that is not JSON', () => {
    const { store } = newWorkspace();
    expect(() => store.saveConfig(undefined, '', '2026-01-01T00:00:00.000Z')).toThrow(/not JSON/);
  });
});
