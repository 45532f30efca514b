import type { Connection } from './connection.ts';

/** Keys the store itself writes to workspace_meta. */
export const META_KEYS = { createdAt: 'created_at', appVersion: 'app_version' } as const;

/** A workspace_meta value, or undefined. */
export function getMeta(c: Connection, key: string): string | undefined {
  return c.stmt('SELECT value FROM workspace_meta WHERE key = ?').pluck().get(key) as string | undefined;
}

/** Sets (inserts or replaces) a workspace_meta value. */
export function setMeta(c: Connection, key: string, value: string): void {
  c.stmt(
    'INSERT INTO workspace_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/** Removes a workspace_meta value (nothing when absent). */
export function deleteMeta(c: Connection, key: string): void {
  c.stmt('DELETE FROM workspace_meta WHERE key = ?').run(key);
}
