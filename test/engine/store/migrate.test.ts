import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../engine/store/checksum.ts';
import { applyMigrations, MIGRATIONS, openWorkspace, type Migration } from '../../../engine/store/index.ts';
import { newWorkspace, tempDir } from './workspace-fixture.ts';

const at = () => '2026-01-01T00:00:00.000Z';

function ledger(file: string): { version: number; name: string; checksum: string; applied_at: string }[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare('SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version')
      .all() as never;
  } finally {
    db.close();
  }
}

function tamper(file: string, sql: string): void {
  const db = new Database(file);
  db.exec(sql);
  db.close();
}

describe('migrations', () => {
  it('are numbered 1..n', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('are recorded with their sha256 checksum', () => {
    const { store, file } = newWorkspace();
    store.close();
    const rows = ledger(file);
    expect(rows.map((r) => [r.version, r.name, r.checksum])).toEqual(
      MIGRATIONS.map((m) => [m.version, m.name, sha256Hex(m.sql)]),
    );
    for (const r of rows) expect(r.applied_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('refuse a workspace whose applied migration was edited (checksum differs)', () => {
    const { store, file } = newWorkspace();
    store.close();
    tamper(file, "UPDATE schema_migrations SET checksum = 'deadbeef' WHERE version = 1");
    const r = openWorkspace(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('WorkspaceIncompatible');
    expect(r.error.message).toMatch(/migration 1 \(initial-schema\) was applied with checksum deadbeef/);
  });

  it('refuse a workspace written by a newer version', () => {
    const { store, file } = newWorkspace();
    store.close();
    tamper(
      file,
      `INSERT INTO schema_migrations VALUES (${MIGRATIONS.length + 1}, 'from-the-future', 'x', '2030-01-01T00:00:00Z')`,
    );
    const r = openWorkspace(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('WorkspaceIncompatible');
    expect(r.error.message).toMatch(
      new RegExp(
        `newer version of the workbench \\(schema version ${MIGRATIONS.length + 1}; this version knows up to ${MIGRATIONS.length}\\)`,
      ),
    );
  });

  it('apply pending migrations in order, each in its own transaction', () => {
    const db = new Database(join(tempDir(), 'm.sqlite'));
    const first: Migration = { version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER);' };
    const second: Migration = { version: 2, name: 'b', sql: 'CREATE TABLE b (y INTEGER);' };
    const broken: Migration = {
      version: 3,
      name: 'broken',
      sql: 'CREATE TABLE c (z INTEGER); INSERT INTO nowhere VALUES (1);',
    };
    expect(applyMigrations(db, [first], { file: 'm', appliedAt: at })).toEqual({
      ok: true,
      data: { version: 1, applied: [1] },
    });
    expect(applyMigrations(db, [first, second], { file: 'm', appliedAt: at })).toEqual({
      ok: true,
      data: { version: 2, applied: [2] },
    });
    expect(applyMigrations(db, [first, second], { file: 'm', appliedAt: at })).toEqual({
      ok: true,
      data: { version: 2, applied: [] },
    });
    // A failing migration is a bug: it throws, and its transaction leaves nothing behind.
    expect(() => applyMigrations(db, [first, second, broken], { file: 'm', appliedAt: at })).toThrow(/nowhere/);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'c'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(2);
    db.close();
  });

  it('refuse a malformed migration list (a bug)', () => {
    const db = new Database(':memory:');
    expect(() => applyMigrations(db, [{ version: 2, name: 'x', sql: '' }], { file: 'm', appliedAt: at })).toThrow(
      /malformed/,
    );
    db.close();
  });

  it('are not applied on a read-only connection', () => {
    const file = join(tempDir(), 'ro.sqlite');
    const rw = new Database(file);
    applyMigrations(rw, [{ version: 1, name: 'a', sql: 'CREATE TABLE a (x);' }], { file, appliedAt: at });
    rw.close();
    const ro = new Database(file, { readonly: true });
    const r = applyMigrations(
      ro,
      [
        { version: 1, name: 'a', sql: 'CREATE TABLE a (x);' },
        { version: 2, name: 'b', sql: 'CREATE TABLE b (x);' },
      ],
      { file, readonly: true, appliedAt: at },
    );
    expect(r.ok ? 'ok' : r.error.message).toMatch(/needs a schema upgrade \(version 1 → 2\)/);
    ro.close();
  });
});
