/**
 * tidemark — the library. The CLI and the web admin use only what is exported here.
 *
 *   import { createMigrator } from "tidemark";
 *   const migrator = await createMigrator({ url, dir });
 *   await migrator.up();
 *   await migrator.close();
 */

export type { AppConfig, ConfigFile, EnvironmentConfig, LintConfig } from "./config/config.js";
export type { ConfigFlags, ResolvedConfig } from "./config/resolve-config.js";
export { resolveConfig } from "./config/resolve-config.js";
export type { UrlSource } from "./config/resolve-url.js";
export { checksum } from "./core/checksum.js";
export { DEFAULT_DIR, DEFAULT_TABLE, DEFAULT_URL } from "./core/defaults.js";
export type { DriftOptions, DriftReport } from "./core/drift.js";
export { errorJson } from "./core/error-json.js";
export type { ErrorCode } from "./core/errors.js";
export {
  LockTimeoutError,
  MigrationError,
  QueryError,
  TidemarkError,
} from "./core/errors.js";
export type {
  CompletedStep,
  MigratorEventMap,
  MigratorEventName,
  StepEvent,
} from "./core/events.js";
export type { RunBackup, RunReport, SchemaFileResult, StepResult } from "./core/executor.js";
export type {
  DiffOptions,
  DiffReport,
  GeneratedMigration,
  GenerateOptions,
  GenerateReport,
} from "./core/generate.js";
export type {
  AppliedHead,
  AppliedRecord,
  LogAction,
  LogEntry,
  RecordStatus,
} from "./core/history.js";
export type {
  MaintenanceOptions,
  RepairAction,
  RepairReport,
  StampReport,
} from "./core/maintenance.js";
export type {
  LoadedMigration,
  MigrationBody,
  MigrationContext,
  MigrationInfo,
  MigrationSource,
  Row,
} from "./core/migration.js";
export type {
  AppOption,
  AppOptions,
  DownOptions,
  MigratorOptions,
  RunOptions,
  UpOptions,
} from "./core/migrator.js";
export { createMigrator, Migrator } from "./core/migrator.js";
export type { HashedStep } from "./core/plan-hash.js";
export { planHash } from "./core/plan-hash.js";
export type { Plan, PlanStep, RollbackSelector, Target } from "./core/planner.js";
export { parseTarget } from "./core/planner.js";
export type { NewFormat, NewMigrationOptions } from "./core/scaffold.js";
export { configFileUrl, writeInit, writeNewMigration } from "./core/scaffold.js";
export type { PlannedStep } from "./core/sql-preview.js";
export type { MigrationState, Problem, ProblemKind } from "./core/state.js";
export type { StatusApplied, StatusReport } from "./core/status.js";
export { TOOL_VERSION } from "./core/tool-version.js";
export type { ValidateDialect, ValidateOptions, ValidateReport } from "./core/validate.js";
export { OFFLINE_URLS } from "./core/validate.js";
export type {
  VerifyErrorInfo,
  VerifyOptions,
  VerifyOutcome,
  VerifyReport,
  VerifyStepResult,
} from "./core/verify.js";
export { compareVersions } from "./core/version.js";
export { makeRedactor, redactText, redactUrl, redactUrlsIn, urlSecrets } from "./dialects/url.js";
export type { ImportedMigration, ImportOptions, ImportReport } from "./fleet/import/adopt.js";
export { IMPORT_TOOLS } from "./fleet/import/registry.js";
export type { PoolOptions, PoolOutcome, SkipReason } from "./fleet/pool.js";
export { DEFAULT_CONCURRENCY, runPool } from "./fleet/pool.js";
export type {
  FleetEntry,
  FleetOptions,
  FleetReport,
} from "./fleet/run-fleet.js";
export { runFleet } from "./fleet/run-fleet.js";
export type { SkewGroup } from "./fleet/skew.js";
export { versionSkew } from "./fleet/skew.js";
export type { FleetTarget, TargetsConfig } from "./fleet/targets.js";
export { readTargetsFile, resolveTargets, schemaTargets, urlTarget } from "./fleet/targets.js";
export { formatGithub } from "./lint/formats/github.js";
export { formatHuman, type Paint, summary as lintSummary } from "./lint/formats/human.js";
export { formatJson } from "./lint/formats/json.js";
export { formatSarif } from "./lint/formats/sarif.js";
export type { LintOptions, LintReport } from "./lint/lint-run.js";
export { LINT_RULES } from "./lint/rules/index.js";
export type { LintFinding, LintLevel, LintRule, LintSetting } from "./lint/types.js";
export { matchesAppRange } from "./ops/app-range.js";
export type {
  BackupResult,
  BackupSettings,
} from "./ops/backup/backups.js";
export type { BackupEntry, BackupManifest } from "./ops/backup/manifest.js";
export type { RestoreOptions, RestoreReport, RestoreSummary } from "./ops/backup/restore.js";
export type { ChangelogEntry } from "./ops/changelog.js";
export type {
  CompatibilityConfig,
  CompatibilityReport,
  CompatibilityRow,
} from "./ops/compatibility.js";
export { compatibilityVerdict, matchesDatabase } from "./ops/compatibility.js";
export type {
  ConfirmAction,
  ConfirmFn,
  ConfirmStep,
  ConfirmSummary,
  MigratorEnvironment,
} from "./ops/confirmation.js";
export type {
  CreateDatabaseReport,
  DropDatabaseReport,
  WaitOptions,
  WaitReport,
} from "./ops/lifecycle.js";
export type {
  CompareOptions,
  FieldChange,
  SchemaComparison,
  SchemaDifference,
  SchemaObjectKind,
} from "./schema/compare.js";
export { compareSnapshots } from "./schema/compare.js";
export { renderDifference, renderDifferences } from "./schema/render-diff.js";
export { renderSchemaSql } from "./schema/render-sql.js";
export type {
  ChangeOptions,
  ChangeStatement,
  DirectedChange,
  Rename,
  SchemaChange,
} from "./schema/schema-change.js";
export { changeSql, schemaChange } from "./schema/schema-change.js";
export type * from "./schema/snapshot.js";
export { emptySnapshot } from "./schema/snapshot.js";
export type { AdminHandler, AdminHandlerOptions } from "./server/create-admin-handler.js";
export { createAdminHandler } from "./server/create-admin-handler.js";
export type { AdminTargets, TargetEntry, TargetsDocument } from "./server/targets.js";
export { DirectorySource } from "./sources/directory-source.js";
export { factsStorePath } from "./sources/facts-store.js";
