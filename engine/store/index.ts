/** engine/store: the SQLite workspace — schema, migrations, importers, queries. */
export { openWorkspace, WORKSPACE_APPLICATION_ID, type OpenWorkspaceOptions } from './open-workspace.ts';
export type { ConnectionSettings, WorkspaceStore } from './workspace-store.ts';
export type { DataSpaceSummary } from './data-spaces.ts';
export type { ConfigRevision, ConfigRevisionSummary } from './config-revisions.ts';
export type { EngagementQuery } from './events.ts';
export type { ImportFormat, ImportKind, ImportOptions, ImportProgress, ImportReport } from './import/import-types.ts';
export { IMPORT_KINDS } from './import/import-types.ts';
export { importFormatOf } from './import/import-file.ts';
export { MIGRATIONS, type Migration } from './migrations.ts';
export { applyMigrations, type MigrationOutcome } from './migrate.ts';
export { META_KEYS } from './meta.ts';
