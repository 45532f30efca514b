import type Database from 'better-sqlite3';
import { fail, ok, type Result } from '../model/errors.ts';
import { sha256Hex } from './checksum.ts';
import type { Migration } from './migrations/migration.ts';

/** What migrating a workspace did. */
export interface MigrationOutcome {
  /** Schema version after migrating (the highest applied migration). */
  version: number;
  /** Versions applied by this call (empty when the workspace was up to date). */
  applied: number[];
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  checksum   TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

/** Throws (a bug) unless migrations are numbered 1..n in order. */
function assertWellFormed(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration list is malformed: entry ${i} has version ${m.version}, expected ${i + 1}`);
  });
}

/** Reads the migrations ledger; undefined when the table does not exist yet. */
function readLedger(db: Database.Database): AppliedRow[] | undefined {
  const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!exists) return undefined;
  return db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as AppliedRow[];
}

/**
 * Compares the applied migrations with the ones the code knows. Refuses (WorkspaceIncompatible)
 * a workspace from a newer version, an edited migration (checksum differs) or a gap in the ledger.
 */
function checkLedger(file: string, applied: AppliedRow[], migrations: readonly Migration[]): Result<number> {
  const known = migrations.length;
  const newest = applied.at(-1)?.version ?? 0;
  if (newest > known) {
    return fail(
      'WorkspaceIncompatible',
      `${file} was written by a newer version of the workbench (schema version ${newest}; this version knows up to ${known}). Update the workbench to open it.`,
      { file },
    );
  }
  for (const [i, row] of applied.entries()) {
    if (row.version !== i + 1) {
      return fail(
        'WorkspaceIncompatible',
        `${file} has an inconsistent migration history (expected migration ${i + 1}, found ${row.version}).`,
        { file },
      );
    }
    const m = migrations[i]!;
    const checksum = sha256Hex(m.sql);
    if (row.checksum !== checksum) {
      return fail(
        'WorkspaceIncompatible',
        `${file}: migration ${row.version} (${row.name}) was applied with checksum ${row.checksum.slice(0, 12)}…, but this version of the workbench has ${checksum.slice(0, 12)}… for it. The workspace and the code disagree about the schema; refusing to open it.`,
        { file },
      );
    }
  }
  return ok(newest);
}

/**
 * Brings a workspace's schema up to date. Each pending migration runs in its own IMMEDIATE
 * transaction and is recorded in schema_migrations with the sha256 of its SQL. The ledger is
 * re-read inside each transaction, so two processes opening the same new file do not both apply.
 * With `readonly`, pending migrations are an error instead.
 */
export function applyMigrations(
  db: Database.Database,
  migrations: readonly Migration[],
  opts: { file: string; readonly?: boolean; appliedAt: () => string },
): Result<MigrationOutcome> {
  assertWellFormed(migrations);
  const { file } = opts;

  // 1. Check what is already applied (read-only connections cannot create the ledger).
  const before = readLedger(db) ?? [];
  const checked = checkLedger(file, before, migrations);
  if (!checked.ok) return checked;
  if (checked.data === migrations.length) return ok({ version: checked.data, applied: [] });
  if (opts.readonly) {
    return fail(
      'WorkspaceIncompatible',
      `${file} needs a schema upgrade (version ${checked.data} → ${migrations.length}); open it read-write once to upgrade it.`,
      { file },
    );
  }

  // 2. Apply each pending migration in its own transaction, re-checking the ledger inside it.
  db.exec(CREATE_LEDGER);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  const applied: number[] = [];
  for (const m of migrations) {
    const step = db.transaction((): Result<boolean> => {
      const ledger = readLedger(db) ?? [];
      const again = checkLedger(file, ledger, migrations);
      if (!again.ok) return again;
      if (again.data >= m.version) return ok(false);
      db.exec(m.sql);
      record.run(m.version, m.name, sha256Hex(m.sql), opts.appliedAt());
      return ok(true);
    });
    const r = step.immediate();
    if (!r.ok) return r;
    if (r.data) applied.push(m.version);
  }
  return ok({ version: migrations.length, applied });
}
