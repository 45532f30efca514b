import type { Migration } from './migrations/migration.ts';
import { migration0001 } from './migrations/0001-initial-schema.ts';
import { migration0002 } from './migrations/0002-calculated-insights.ts';
import { migration0003 } from './migrations/0003-recommender-models.ts';
import { migration0004 } from './migrations/0004-data-graph-refreshes.ts';
import { migration0005 } from './migrations/0005-runs-and-decision-log.ts';
import { migration0007 } from './migrations/0007-data-version.ts';
import { migration0006 } from './migrations/0006-identity-resolution.ts';
import { migration0008 } from './migrations/0008-run-caps.ts';
import { migration0009 } from './migrations/0009-analytics-indexes.ts';

export type { Migration } from './migrations/migration.ts';

/** Every migration the code knows, in order. Append only: add a new file, never edit one. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
];
