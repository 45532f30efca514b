import { parseRecordRef } from '../identity/unified-id.ts';
import type { Connection } from './connection.ts';
import { quote } from './import/coerce-value.ts';

/** Where a source id leads: an individual's key, a reason it leads nowhere usable, or nowhere (not a source id). */
export type SourceIdTarget = { pk: number; unifiedId: string } | { problem: string } | undefined;

interface Candidate {
  source: string;
  unified_id: string | null;
  pk: number | null;
}

/**
 * Maps individual ids of engagement events that are source ids to unified individuals, through the
 * latest resolution's mapping. `source:sourceId` names one record; a plain sourceId is accepted
 * when its records (in any sources) all resolve to one unified individual. A record imported after
 * the last resolution, or a plain sourceId whose records resolve to several individuals, is a
 * problem; a text that names no source record is undefined.
 */
export function sourceIdLookup(c: Connection, spaceId: number): (ref: string) => SourceIdTarget {
  const byRef = c.stmt(
    `SELECT r.source, l.unified_id, i.pk FROM source_records r
       LEFT JOIN identity_links l ON l.record_pk = r.pk
       LEFT JOIN individuals i ON i.space_id = r.space_id AND i.id = l.unified_id
     WHERE r.space_id = ? AND r.source = ? AND r.source_id = ?`,
  );
  const bySourceId = c.stmt(
    `SELECT r.source, l.unified_id, i.pk FROM source_records r
       LEFT JOIN identity_links l ON l.record_pk = r.pk
       LEFT JOIN individuals i ON i.space_id = r.space_id AND i.id = l.unified_id
     WHERE r.space_id = ? AND r.source_id = ? ORDER BY r.source`,
  );
  const target = (ref: string, rows: Candidate[]): SourceIdTarget => {
    const unresolved = rows.filter((r) => r.unified_id === null);
    if (unresolved.length > 0)
      return {
        problem: `${quote(ref)} is a source record imported after the last identity resolution (${unresolved.map((r) => r.source).join(', ')}); run \`workbench resolve\` first`,
      };
    const ids = [...new Set(rows.map((r) => r.unified_id!))];
    if (ids.length > 1)
      return {
        problem: `${quote(ref)} is the sourceId of records in sources ${[...new Set(rows.map((r) => r.source))].join(', ')} that resolve to different individuals (${ids.join(', ')}); write it as source:sourceId`,
      };
    const pk = rows[0]!.pk;
    if (pk === null)
      return {
        problem: `${quote(ref)} resolves to unified individual ${ids[0]}, which is missing; run \`workbench resolve\` again`,
      };
    return { pk, unifiedId: ids[0]! };
  };
  return (ref) => {
    // 1. source:sourceId (source names hold no colon, so the first one splits).
    const parsed = parseRecordRef(ref);
    if (parsed) {
      const rows = byRef.all(spaceId, parsed.source, parsed.sourceId) as Candidate[];
      if (rows.length > 0) return target(ref, rows);
    }
    // 2. A plain sourceId (which may itself hold colons).
    const rows = bySourceId.all(spaceId, ref) as Candidate[];
    return rows.length > 0 ? target(ref, rows) : undefined;
  };
}
