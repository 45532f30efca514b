import type { Migration } from './migrations/migration.ts';
import { migration0001 } from './migrations/0001-initial-schema.ts';

export type { Migration } from './migrations/migration.ts';

/** Every migration the code knows, in order. Append only: add a new file, never edit one. */
export const MIGRATIONS: readonly Migration[] = [migration0001];
