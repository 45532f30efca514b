import type { Connection } from './connection.ts';

/** A data space with its row counts. */
export interface DataSpaceSummary {
  apiName: string;
  label: string;
  individuals: number;
  items: number;
  events: number;
}

/** Creates the data space when missing (or updates its label); returns its id. */
export function ensureDataSpace(c: Connection, apiName: string, label: string): number {
  return c
    .stmt(
      'INSERT INTO data_spaces (api_name, label) VALUES (?, ?) ON CONFLICT (api_name) DO UPDATE SET label = excluded.label RETURNING id',
    )
    .pluck()
    .get(apiName, label) as number;
}

/** The id of a data space by API name. */
export function dataSpaceId(c: Connection, apiName: string): number | undefined {
  return c.stmt('SELECT id FROM data_spaces WHERE api_name = ?').pluck().get(apiName) as number | undefined;
}

/** The API name of a data space by id. */
export function dataSpaceApiName(c: Connection, id: number): string | undefined {
  return c.stmt('SELECT api_name FROM data_spaces WHERE id = ?').pluck().get(id) as string | undefined;
}

/** Every data space with its counts, by API name. */
export function listDataSpaces(c: Connection): DataSpaceSummary[] {
  return c
    .stmt(
      'SELECT api_name AS apiName, label, individual_count AS individuals, item_count AS items, event_count AS events FROM data_spaces ORDER BY api_name',
    )
    .all() as DataSpaceSummary[];
}

/** Row counts of a data space (kept by the write paths; see addCounts). */
export function dataSpaceCounts(c: Connection, id: number): { individuals: number; items: number; events: number } {
  const row = c
    .stmt(
      'SELECT individual_count AS individuals, item_count AS items, event_count AS events FROM data_spaces WHERE id = ?',
    )
    .get(id) as { individuals: number; items: number; events: number } | undefined;
  return row ?? { individuals: 0, items: 0, events: 0 };
}

/**
 * Adds to a data space's counts and bumps its data version; every write path calls it in the
 * transaction of its rows (also when it only updated rows, so that derived data goes stale).
 */
export function addCounts(
  c: Connection,
  id: number,
  delta: { individuals?: number; items?: number; events?: number },
): void {
  c.stmt(
    'UPDATE data_spaces SET individual_count = individual_count + ?, item_count = item_count + ?, event_count = event_count + ?, data_version = data_version + 1 WHERE id = ?',
  ).run(delta.individuals ?? 0, delta.items ?? 0, delta.events ?? 0, id);
}

/** Recomputes a data space's counts from its rows (a repair; scans the events index). */
export function recountDataSpace(c: Connection, id: number): void {
  c.stmt(
    `UPDATE data_spaces SET
       individual_count = (SELECT count(*) FROM individuals WHERE space_id = @id),
       item_count = (SELECT count(*) FROM items WHERE space_id = @id),
       event_count = (SELECT count(*) FROM events WHERE space_id = @id)
     WHERE id = @id`,
  ).run({ id });
}

/** The data space's data version: bumped by every write of its individuals, items or events. */
export function dataVersionOf(c: Connection, id: number): number {
  return (c.stmt('SELECT data_version FROM data_spaces WHERE id = ?').pluck().get(id) as number | undefined) ?? 0;
}
