import type { Individual } from '../model/profile.ts';
import type { Connection } from './connection.ts';
import { addCounts, dataSpaceCounts } from './data-spaces.ts';

interface IndividualRow {
  id: string;
  attributes: string;
}

const toIndividual = (r: IndividualRow): Individual => ({
  id: r.id,
  attributes: JSON.parse(r.attributes) as Individual['attributes'],
});

/** Rows fetched per query by iterateIndividualIds (keyset pages, no long-lived cursor). */
const ID_PAGE = 2000;

/** One individual of a data space. */
export function getIndividual(c: Connection, spaceId: number, id: string): Individual | undefined {
  const row = c.stmt('SELECT id, attributes FROM individuals WHERE space_id = ? AND id = ?').get(spaceId, id) as
    IndividualRow | undefined;
  return row && toIndividual(row);
}

/** The surrogate key of an individual, for joining events. */
export function individualPk(c: Connection, spaceId: number, id: string): number | undefined {
  return c.stmt('SELECT pk FROM individuals WHERE space_id = ? AND id = ?').pluck().get(spaceId, id) as
    number | undefined;
}

/** How many individuals a data space holds. */
export const countIndividuals = (c: Connection, spaceId: number): number => dataSpaceCounts(c, spaceId).individuals;

/** Escapes LIKE wildcards so that a search text matches literally. */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/**
 * A page of individuals ordered by id. `search` matches (case-insensitively for ASCII) a
 * substring of the id or of any attribute value; it scans the data space.
 */
export function listIndividuals(
  c: Connection,
  spaceId: number,
  q: { offset: number; limit: number; search?: string },
): { total: number; rows: Individual[] } {
  const search = q.search?.trim();
  if (!search) {
    const rows = c
      .stmt('SELECT id, attributes FROM individuals WHERE space_id = ? ORDER BY id LIMIT ? OFFSET ?')
      .all(spaceId, q.limit, q.offset) as IndividualRow[];
    return { total: countIndividuals(c, spaceId), rows: rows.map(toIndividual) };
  }
  const where = `space_id = @space AND (id LIKE @pattern ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(attributes) WHERE json_each.value LIKE @pattern ESCAPE '\\'))`;
  const params = { space: spaceId, pattern: likePattern(search), limit: q.limit, offset: q.offset };
  const total = c
    .stmt(`SELECT count(*) FROM individuals WHERE ${where}`)
    .pluck()
    .get({ space: spaceId, pattern: params.pattern }) as number;
  const rows = c
    .stmt(`SELECT id, attributes FROM individuals WHERE ${where} ORDER BY id LIMIT @limit OFFSET @offset`)
    .all(params) as IndividualRow[];
  return { total, rows: rows.map(toIndividual) };
}

/**
 * Individual ids of a data space in id order (SQLite BINARY order: UTF-8 bytes), starting after
 * `afterId`, so that a chunked run can resume where it stopped. Reads in pages, so the connection
 * stays free for writes between pages.
 */
export function* iterateIndividualIds(
  c: Connection,
  spaceId: number,
  opts: { afterId?: string } = {},
): IterableIterator<string> {
  const first = c.stmt('SELECT id FROM individuals WHERE space_id = ? ORDER BY id LIMIT ?').pluck();
  const next = c.stmt('SELECT id FROM individuals WHERE space_id = ? AND id > ? ORDER BY id LIMIT ?').pluck();
  let after = opts.afterId;
  for (;;) {
    const page = (after === undefined ? first.all(spaceId, ID_PAGE) : next.all(spaceId, after, ID_PAGE)) as string[];
    yield* page;
    if (page.length < ID_PAGE) return;
    after = page[page.length - 1]!;
  }
}

/** Inserts or updates individuals by id; reports which. Call inside a transaction. */
export class IndividualWriter {
  private readonly insert;
  private readonly update;
  inserted = 0;
  updated = 0;

  constructor(
    private readonly c: Connection,
    private readonly spaceId: number,
  ) {
    this.insert = c.stmt(
      'INSERT INTO individuals (space_id, id, attributes) VALUES (?, ?, ?) ON CONFLICT (space_id, id) DO NOTHING',
    );
    this.update = c.stmt('UPDATE individuals SET attributes = ? WHERE space_id = ? AND id = ?');
  }

  /** Writes one individual; an existing id gets the new attributes (replaced, not merged). */
  write(id: string, attributesJson: string): void {
    if (this.insert.run(this.spaceId, id, attributesJson).changes === 1) this.inserted++;
    else {
      this.update.run(attributesJson, this.spaceId, id);
      this.updated++;
    }
  }

  /** Adds the inserted rows to the data space's count. */
  finish(): void {
    addCounts(this.c, this.spaceId, { individuals: this.inserted });
  }
}
