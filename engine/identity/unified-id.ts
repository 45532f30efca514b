import { stableId } from '../pipeline/ids.ts';

/** Prefix of the unified individual ids identity resolution makes. */
export const UNIFIED_ID_PREFIX = 'ui_';

/**
 * The unified individual id of a cluster: a digest of its anchor record's (source, sourceId) — the
 * cluster's smallest record — so that it stays the same across resolutions while the anchor
 * stays in the cluster. `attempt` > 0 only after a (very unlikely) digest collision.
 */
export const unifiedIdOf = (source: string, sourceId: string, attempt = 0): string =>
  attempt === 0
    ? stableId(UNIFIED_ID_PREFIX, source, sourceId)
    : stableId(UNIFIED_ID_PREFIX, source, sourceId, String(attempt));

/** "source:sourceId", how messages, reports and event files name a source record. */
export const recordRef = (r: { source: string; sourceId: string }): string => `${r.source}:${r.sourceId}`;

/**
 * Splits "source:sourceId" at its first colon (source names cannot hold one); undefined when the
 * text has no colon or an empty side.
 */
export function parseRecordRef(text: string): { source: string; sourceId: string } | undefined {
  const i = text.indexOf(':');
  if (i <= 0 || i === text.length - 1) return undefined;
  return { source: text.slice(0, i), sourceId: text.slice(i + 1) };
}
