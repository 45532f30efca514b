import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

/**
 * Row count and a sha256 of every row of every table of a workspace file, read on a connection of
 * its own: two equal results mean nothing was written in between (what "reading never writes" asks).
 */
export function workspaceChecksum(file: string): Record<string, { rows: number; sha256: string }> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    const out: Record<string, { rows: number; sha256: string }> = {};
    for (const t of tables) {
      const hash = createHash('sha256');
      let rows = 0;
      for (const row of db.prepare(`SELECT * FROM "${t}" ORDER BY 1`).raw(true).iterate() as IterableIterator<
        unknown[]
      >) {
        rows++;
        hash.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v)));
        hash.update('\n');
      }
      out[t] = { rows, sha256: hash.digest('hex') };
    }
    return out;
  } finally {
    db.close();
  }
}
