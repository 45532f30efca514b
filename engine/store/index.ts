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
export type {
  RunsRepository,
  RunRecord,
  RunStatus,
  RunCounters,
  RunOutputSpec,
  NewRun,
  ChunkCommit,
  ChunkOutput,
  ChunkRecord,
  CampaignState,
} from './runs.ts';
export type { AnalyticsRepository, CohortCountRow, RunWindow } from './analytics.ts';
export type { LogEntry, DecisionLogRow, DecisionLogQuery, PointDistribution, PackedLog } from './decision-log.ts';
export type { OutputEntry, OutputRow, OutputStatus, OutputTarget, PackedOutput } from './outputs.ts';
export type { DataGraphRefreshes, RefreshRecord, RefreshMatch } from './data-graph-refreshes.ts';
export type { RefreshBuild, RefreshBuildSpec, ScannedProfile } from './data-graph-refreshes-build.ts';
export type { ProfileScanSession, ProfileScanSpec } from './data-graph-refreshes-scan.ts';
export {
  InsightRepository,
  insightDefinitionHash,
  type InsightDefinition,
  type InsightRefresh,
  type InsightRefreshKind,
  type InsightRow,
} from './calculated-insights.ts';
export { checkInsightSql, INSIGHT_VIEWS, AS_OF_PARAMETER, insightColumns } from './calculated-insights-sql.ts';
export type { IdentityRepository, ResolutionApplied, ResolutionWrite, StoredResolution } from './identity.ts';
export type { LinkedSourceRecord, StoredSourceRecord } from './source-records.ts';
export { inferFieldType } from './import/infer-field-type.ts';
export type { ModelRepository, ModelHeader, StoredModel, NewModel, InteractionColumns, ItemKey } from './models.ts';
