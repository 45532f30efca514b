import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, openWorkspace, WORKSPACE_APPLICATION_ID } from '../../../engine/store/index.ts';
import { mustOpen, newWorkspace, tempDir, writeFixture } from './workspace-fixture.ts';

describe('openWorkspace', () => {
  it('creates a workspace with the default data space, meta and pragmas', () => {
    const dir = tempDir();
    const file = join(dir, 'new.sqlite');
    const store = mustOpen(file, { create: true, createdAt: '2026-01-01T00:00:00.000Z', appVersion: '0.1.0' });
    expect(existsSync(file)).toBe(true);
    expect(store.file).toBe(file);
    expect(store.schemaVersion).toBe(MIGRATIONS.length);
    expect(store.getMeta('created_at')).toBe('2026-01-01T00:00:00.000Z');
    expect(store.getMeta('app_version')).toBe('0.1.0');
    expect(store.listDataSpaces()).toEqual([
      { apiName: 'default', label: 'Default', individuals: 0, items: 0, events: 0 },
    ]);
    store.close();

    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('application_id', { simple: true })).toBe(WORKSPACE_APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('configures the connection: WAL, foreign keys, NORMAL sync, memory temp store, cache and mmap', () => {
    const { store } = newWorkspace();
    expect(store.connectionSettings()).toEqual({
      journalMode: 'wal',
      foreignKeys: true,
      synchronous: 1,
      cacheSize: -65536,
      mmapSize: 268435456,
      tempStore: 2,
      busyTimeout: 5000,
    });
  });

  it('refuses a missing file without create (WorkspaceNotFound)', () => {
    const file = join(tempDir(), 'missing.sqlite');
    const r = openWorkspace(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('WorkspaceNotFound');
    expect(r.error.message).toContain(file);
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a missing file read-only even with create', () => {
    const r = openWorkspace(join(tempDir(), 'missing.sqlite'), { create: true, readonly: true });
    expect(r.ok ? 'ok' : r.error.code).toBe('WorkspaceNotFound');
  });

  it('refuses a file that is not SQLite with a clear message', () => {
    const file = writeFixture(tempDir(), 'notes.sqlite', 'these are my notes, not a database\n'.repeat(20));
    const r = openWorkspace(file, { create: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('WorkspaceIncompatible');
    expect(r.error.message).toMatch(/not a workspace: it is not an SQLite database/);
  });

  it("refuses another application's SQLite database without touching it", () => {
    const file = join(tempDir(), 'other.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)');
    db.close();
    const r = openWorkspace(file, { create: true });
    expect(r.ok ? 'ok' : r.error.code).toBe('WorkspaceIncompatible');
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all()).toEqual(['accounts']);
    check.close();
  });

  it('treats an empty file as missing unless create is given', () => {
    const dir = tempDir();
    const file = writeFixture(dir, 'empty.sqlite', '');
    expect(openWorkspace(file).ok).toBe(false);
    const store = mustOpen(file, { create: true });
    expect(store.dataSpaceId('default')).toBe(1);
  });

  it('reopens idempotently: nothing is re-applied and data survives', () => {
    const { store, file, space } = newWorkspace();
    store.setMeta('sample_seed', '42');
    store.insertIndividuals(space, [{ id: 'a', attributes: {} }]);
    store.close();
    for (let i = 0; i < 3; i++) {
      const again = mustOpen(file, { create: true });
      expect(again.getMeta('sample_seed')).toBe('42');
      expect(again.getMeta('created_at')).toBe('2026-01-01T00:00:00.000Z');
      expect(again.countIndividuals(space)).toBe(1);
      expect(again.listDataSpaces()).toHaveLength(1);
      again.close();
    }
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    db.close();
  });

  it('opens read-only: reads work, writes are refused', async () => {
    const { store, file, space } = newWorkspace();
    store.insertIndividuals(space, [{ id: 'a', attributes: { x: 1 } }]);
    store.close();
    const ro = mustOpen(file, { readonly: true });
    expect(ro.readonly).toBe(true);
    expect(ro.getIndividual(space, 'a')).toEqual({ id: 'a', attributes: { x: 1 } });
    expect(() => ro.setMeta('k', 'v')).toThrow(/readonly/i);
    const imported = await ro.importFile(space, 'profiles', file, { fields: [] });
    expect(imported.ok ? 'ok' : imported.error.code).toBe('InvalidRequest');
  });

  it('keeps meta values by key', () => {
    const { store } = newWorkspace();
    expect(store.getMeta('nope')).toBeUndefined();
    store.setMeta('sample_seed', '7');
    store.setMeta('sample_seed', '8');
    expect(store.getMeta('sample_seed')).toBe('8');
  });
});
