import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { fail, ok, type Result } from '../model/errors.ts';
import { applyMigrations } from './migrate.ts';
import { MIGRATIONS } from './migrations.ts';
import { META_KEYS } from './meta.ts';
import { SqliteWorkspaceStore, type WorkspaceStore } from './workspace-store.ts';

/** SQLite application_id of workspace files ("BPWB"), so `file` and the store can tell them apart. */
export const WORKSPACE_APPLICATION_ID = 0x42505742;

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** How to open a workspace. */
export interface OpenWorkspaceOptions {
  /** Create the file when it does not exist (default false: WorkspaceNotFound). */
  create?: boolean;
  /** Open read-only: no migrations, no writes. */
  readonly?: boolean;
  /** created_at recorded in workspace_meta for a new workspace (default: now). */
  createdAt?: string;
  /** app_version recorded in workspace_meta for a new workspace. */
  appVersion?: string;
  /** How long a write waits for another connection's write lock before failing (default 5000 ms). */
  busyTimeoutMs?: number;
  /**
   * Page cache and memory-mapped reads of this connection, in MiB (default 64 and 256). A run's
   * worker connections take less: each thread's cache counts toward the process's memory.
   */
  memory?: { cacheMiB: number; mmapMiB: number };
}

const DEFAULT_MEMORY = { cacheMiB: 64, mmapMiB: 256 };

/** Connection settings. WAL lets readers (UI, workers) run while one writer imports. */
function applyPragmas(
  db: Database.Database,
  readonly: boolean,
  busyTimeoutMs: number,
  memory: { cacheMiB: number; mmapMiB: number },
): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  if (!readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL'); // durable at checkpoints; safe from corruption in WAL mode
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  db.pragma(`cache_size = ${-Math.round(memory.cacheMiB * 1024)}`); // negative: KiB of page cache
  db.pragma(`mmap_size = ${Math.round(memory.mmapMiB * 1048576)}`);
  if (!readonly) db.pragma('journal_size_limit = 67108864'); // keep the WAL file under 64 MiB after checkpoints
}

/** Whether the file can be opened for writing (nothing is written). */
function writable(file: string): boolean {
  try {
    closeSync(openSync(file, 'r+'));
    return true;
  } catch {
    return false;
  }
}

/** The first 100 bytes of a file: SQLite's database header when it is one. */
function readHeader(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(100);
    const n = readSync(fd, buf, 0, 100, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether an existing SQLite file is a workspace, looked at without writing anything: the header's
 * application_id (offset 68), then, on a read-only connection, its tables (a file without tables is
 * an empty database a workspace may be created in).
 */
function inspect(file: string, header: Buffer): Result<{ isNew: boolean }> {
  const appId = header.length >= 72 ? header.readUInt32BE(68) : 0;
  const other = () =>
    fail<never>(
      'WorkspaceIncompatible',
      `${file} is not a workspace: it is an SQLite database of another application`,
      {
        file,
      },
    );
  if (appId !== 0 && appId !== WORKSPACE_APPLICATION_ID) return other();
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[];
    if (tables.length > 0 && !tables.includes('schema_migrations')) return other();
    return ok({ isNew: tables.length === 0 });
  } finally {
    db.close();
  }
}

const sqliteCode = (e: unknown): string | undefined =>
  e instanceof Error && typeof (e as { code?: unknown }).code === 'string'
    ? (e as unknown as { code: string }).code
    : undefined;

/**
 * Opens (or, with `create`, creates) a workspace file and brings its schema up to date.
 * Failures are values: WorkspaceNotFound (no such file), WorkspaceIncompatible (not a SQLite
 * database, another application's database, a newer schema, an edited migration), InvalidInput
 * (the file cannot be opened).
 */
export function openWorkspace(file: string, opts: OpenWorkspaceOptions = {}): Result<WorkspaceStore> {
  const readonly = opts.readonly ?? false;

  // 1. Look at the file before SQLite does, to give clear reasons.
  let exists = false;
  try {
    const st = statSync(file);
    if (!st.isFile()) return fail('WorkspaceNotFound', `${file} is not a file`, { file });
    exists = st.size > 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      return fail('InvalidInput', `${file}: cannot open (${(e as NodeJS.ErrnoException).code})`, { file });
  }
  if (!exists && (!opts.create || readonly)) {
    return fail(
      'WorkspaceNotFound',
      `${file}: no such workspace${opts.create ? '' : ' (create it with `workbench init`)'}`,
      { file },
    );
  }
  let header: Buffer | undefined;
  if (exists) {
    try {
      header = readHeader(file);
    } catch (e) {
      return fail('InvalidInput', `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file });
    }
    if (header.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC)
      return fail('WorkspaceIncompatible', `${file} is not a workspace: it is not an SQLite database`, { file });
    // 2. Is it a workspace? Decided before any write (WAL switch, migration, header fields).
    try {
      const seen = inspect(file, header);
      if (!seen.ok) return seen;
    } catch (e) {
      const code = sqliteCode(e);
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
        return fail('WorkspaceIncompatible', `${file} is not a workspace: ${(e as Error).message}`, { file });
      if (code === 'SQLITE_BUSY')
        return fail('Conflict', `${file} is busy (another process holds a lock); try again`, { file });
      return fail('InvalidInput', `${file}: cannot open (${(e as Error).message})`, { file });
    }
  }

  // 3. Open, and check again on the connection that will be used (the file may have changed).
  let db: Database.Database;
  try {
    db = new Database(file, { readonly, fileMustExist: !opts.create || readonly });
  } catch (e) {
    return fail('InvalidInput', `${file}: cannot open (${(e as Error).message})`, { file });
  }
  // SQLite falls back to a read-only connection when the file cannot be written: say so up front
  // (opening the file for writing, without writing, is the test that also holds for root).
  if (!readonly && exists && !writable(file)) {
    db.close();
    return fail(
      'InvalidInput',
      `${file} cannot be written (a read-only file or folder); commands that only read (runs, trace, export-config, decide) still work`,
      { file },
    );
  }
  try {
    applyPragmas(db, readonly, opts.busyTimeoutMs ?? 5000, opts.memory ?? DEFAULT_MEMORY);
    const appId = db.pragma('application_id', { simple: true }) as number;
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[];
    const isNew = tables.length === 0;
    if ((appId !== 0 && appId !== WORKSPACE_APPLICATION_ID) || (!isNew && !tables.includes('schema_migrations'))) {
      db.close();
      return fail(
        'WorkspaceIncompatible',
        `${file} is not a workspace: it is an SQLite database of another application`,
        { file },
      );
    }

    // 4. Migrate (each migration in its own transaction, recorded with its checksum).
    const now = new Date().toISOString();
    const migrated = applyMigrations(db, MIGRATIONS, { file, readonly, appliedAt: () => now });
    if (!migrated.ok) {
      db.close();
      return migrated;
    }
    // Header fields are written only when they change: opening an up-to-date workspace writes nothing.
    if (!readonly) {
      if (appId === 0) db.pragma(`application_id = ${WORKSPACE_APPLICATION_ID}`);
      if (db.pragma('user_version', { simple: true }) !== migrated.data.version)
        db.pragma(`user_version = ${migrated.data.version}`);
    }
    const store = new SqliteWorkspaceStore(db, file, readonly, migrated.data.version);
    if (isNew) {
      store.setMeta(META_KEYS.createdAt, opts.createdAt ?? now);
      if (opts.appVersion !== undefined) store.setMeta(META_KEYS.appVersion, opts.appVersion);
    }
    return ok(store);
  } catch (e) {
    if (db.open) db.close();
    const code = sqliteCode(e);
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
      return fail('WorkspaceIncompatible', `${file} is not a workspace: ${(e as Error).message}`, { file });
    if (code === 'SQLITE_BUSY')
      return fail('Conflict', `${file} is busy (another process holds a lock); try again`, { file });
    if (code?.startsWith('SQLITE_CANTOPEN') || code?.startsWith('SQLITE_READONLY') || code?.startsWith('SQLITE_PERM')) {
      return fail('InvalidInput', `${file}: cannot open (${(e as Error).message})`, { file });
    }
    throw e;
  }
}
