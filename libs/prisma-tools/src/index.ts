export {
  checksumOf,
  deployMigrations,
  describePgError,
  MIGRATION_LOCK_FILE,
  MIGRATION_NAME_PATTERN,
  MIGRATION_SCRIPT_FILE,
  MigrationError,
  migrationNameProblem,
  migrationScriptProblem,
  migrationTimestamp,
  MIGRATIONS_TABLE,
  parseLockfileProvider,
  planDeployment,
  PRISMA_MIGRATE_ADVISORY_LOCK_ID,
  PRISMA_MIGRATIONS_TABLE_DDL,
  readMigrationsDir,
  renderLockfile,
  scriptMatchesChecksum,
  slugifyMigrationName,
  sortMigrationNames,
} from './migrations';
export type { AppliedMigrationRow, DeployOptions, LocalMigration, MigrationErrorCode, MigrationsFolder } from './migrations';
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
