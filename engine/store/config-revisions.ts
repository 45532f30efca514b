import { sha256Hex } from './checksum.ts';
import type { Connection } from './connection.ts';

/** One saved revision of the workspace configuration (raw JSON; the service validates it). */
export interface ConfigRevision {
  revision: number;
  savedAt: string;
  note: string;
  checksum: string;
  config: unknown;
}

/** A revision without its document, for history lists. */
export interface ConfigRevisionSummary {
  revision: number;
  savedAt: string;
  note: string;
  checksum: string;
}

interface RevisionRow {
  rev: number;
  saved_at: string;
  note: string;
  json: string;
  checksum: string;
}

const toRevision = (r: RevisionRow): ConfigRevision => ({
  revision: r.rev,
  savedAt: r.saved_at,
  note: r.note,
  checksum: r.checksum,
  config: JSON.parse(r.json),
});

/** The current configuration: the latest revision. */
export function getConfig(c: Connection): ConfigRevision | undefined {
  const row = c
    .stmt('SELECT rev, saved_at, note, json, checksum FROM config_revisions ORDER BY rev DESC LIMIT 1')
    .get() as RevisionRow | undefined;
  return row && toRevision(row);
}

/** One revision by number. */
export function getConfigRevision(c: Connection, revision: number): ConfigRevision | undefined {
  const row = c.stmt('SELECT rev, saved_at, note, json, checksum FROM config_revisions WHERE rev = ?').get(revision) as
    RevisionRow | undefined;
  return row && toRevision(row);
}

/** Saves a configuration as a new revision; returns its number. Throws (a bug) if it is not JSON. */
export function saveConfig(c: Connection, config: unknown, note: string, savedAt: string): number {
  const json = JSON.stringify(config);
  if (json === undefined) throw new Error('saveConfig: the configuration is not JSON-serialisable');
  return c
    .stmt(
      'INSERT INTO config_revisions (rev, saved_at, note, json, checksum) VALUES ((SELECT coalesce(max(rev), 0) + 1 FROM config_revisions), ?, ?, ?, ?) RETURNING rev',
    )
    .pluck()
    .get(savedAt, note, json, sha256Hex(json)) as number;
}

/** Every revision, newest first. */
export function listConfigRevisions(c: Connection): ConfigRevisionSummary[] {
  return c
    .stmt('SELECT rev AS revision, saved_at AS savedAt, note, checksum FROM config_revisions ORDER BY rev DESC')
    .all() as ConfigRevisionSummary[];
}
