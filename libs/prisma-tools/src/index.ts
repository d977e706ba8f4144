export {
  checksumOf,
  MIGRATION_LOCK_FILE,
  MIGRATION_NAME_PATTERN,
  MIGRATION_SCRIPT_FILE,
  MigrationError,
  migrationNameProblem,
  migrationScriptProblem,
  migrationTimestamp,
  parseLockfileProvider,
  readMigrationsDir,
  renderLockfile,
  scriptMatchesChecksum,
  slugifyMigrationName,
  sortMigrationNames,
} from './migration-folder';
export type { LocalMigration, MigrationErrorCode, MigrationsFolder } from './migration-folder';
export {
  deployMigrations,
  describePgError,
  MIGRATIONS_TABLE,
  planDeployment,
  PRISMA_MIGRATE_ADVISORY_LOCK_ID,
  PRISMA_MIGRATIONS_TABLE_DDL,
} from './migration-deploy';
export type { AppliedMigrationRow, DeployOptions } from './migration-deploy';
export {
  connectionConfig,
  createTemporaryDatabase,
  databaseNameFromUrl,
  dropDatabase,
  ensureDatabase,
  LOCAL_SERVER_URL,
  redactUrl,
  schemaFromUrl,
  serverUrlFromEnv,
  uniqueDatabaseName,
  withDatabaseName,
  withFreshDatabase,
} from './database';
export type { TemporaryDatabase } from './database';
export { checkDrift, describeDrift, DriftCheckError, migrationList, migrationSqlFromSchema, readableDefault } from './drift';
export type { DriftOptions, DriftResult } from './drift';
export { findInstalledSchemaEngine, generateClient, prismaCliEnv, prismaCliPath, runPrismaCli, SCHEMA_ENGINE_STUB } from './generate';
export { loadSchemaEngineWasm, openSchemaEngine, schemaEngineWasmVersion } from './schema-engine';
export type { EngineSession, WasmSchemaEngine } from './schema-engine';
export { runCli, servicePaths } from './cli';
export { findTransactionControl, isEmptySql, quoteIdent, splitSqlStatements } from './sql';
export { createMigratedDatabase, withMigratedDatabase } from './testing';
