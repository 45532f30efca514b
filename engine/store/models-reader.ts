import Database from 'better-sqlite3';
import { Connection } from './connection.ts';
import { SqliteModelRepository, type ModelRepository } from './models.ts';

/** The reads a training or evaluation run makes: the catalogue's keys and the events of a window. */
export type ModelReads = Pick<ModelRepository, 'itemKeys' | 'readInteractions'>;

/**
 * A read-only connection to a workspace that an open store has already checked (schema, migrations),
 * for worker threads that only read events: it loads the model repository alone, not the whole
 * store, so a training worker starts quickly. Close it before reporting back.
 */
export function openModelReader(file: string): { reads: ModelReads; close: () => void } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('mmap_size = 268435456');
  const repo = new SqliteModelRepository(new Connection(db), () => {
    throw new Error('the model reader is read-only');
  });
  return { reads: repo, close: () => db.close() };
}
