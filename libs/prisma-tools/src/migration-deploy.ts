/**
 * `deployMigrations`: the equivalent of `prisma migrate deploy` that needs no native schema
 * engine, applying a migrations folder (./migration-folder) to a database.
 *
 * Bookkeeping is Prisma's own `_prisma_migrations` table, created with the engine's DDL and
 * filled with rows that the engine reads as "applied": checksum = SHA-256 hex of the
 * migration.sql bytes, migration_name = folder name, finished_at set, rolled_back_at null,
 * applied_steps_count = 1. So `prisma migrate deploy` on a machine with the engine sees these
 * migrations as applied, and we see the ones it applied as applied.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { connectionConfig, redactUrl, schemaFromUrl } from './database';
import { type LocalMigration, MigrationError, migrationScriptProblem, readMigrationsDir, scriptMatchesChecksum } from './migration-folder';
import { quoteIdent } from './sql';

export const MIGRATIONS_TABLE = '_prisma_migrations';
/** The advisory lock id Prisma Migrate takes on PostgreSQL (see the engine's postgres flavour). */
export const PRISMA_MIGRATE_ADVISORY_LOCK_ID = 72707369;

/**
 * The engine's DDL for the bookkeeping table on PostgreSQL, verbatim
 * (sql-schema-connector, postgres flavour, `create_migrations_table`).
 */
export const PRISMA_MIGRATIONS_TABLE_DDL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

export interface AppliedMigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

export interface DeployOptions {
  /** postgresql:// URL of the database to migrate; `?schema=` is honoured like Prisma does (default public). */
  databaseUrl: string;
  /** The prisma/migrations folder. */
  migrationsDir: string;
  log?: (line: string) => void;
  /** How long to wait for another migration run holding the advisory lock. Default 10 s, as Prisma. */
  lockTimeoutMs?: number;
}

/**
 * Applies the pending migrations of `migrationsDir` to the database, each in one transaction
 * together with its `_prisma_migrations` row, and returns the names applied (oldest first).
 *
 * Refuses, before applying anything, when the table holds a failed migration (Prisma's P3009),
 * an applied migration whose migration.sql was edited since, or one that is not in the folder;
 * and when the database has objects but no `_prisma_migrations` table (Prisma's P3005).
 */
export async function deployMigrations(options: DeployOptions): Promise<string[]> {
  const log = options.log ?? (() => undefined);
  const folder = readMigrationsDir(options.migrationsDir);
  const schema = schemaFromUrl(options.databaseUrl);
  const table = `${quoteIdent(schema)}.${MIGRATIONS_TABLE}`;
  const client = new Client(connectionConfig(options.databaseUrl));
  try {
    await client.connect();
  } catch (error) {
    throw new MigrationError(
      'CONNECTION_FAILED',
      `cannot connect to ${redactUrl(options.databaseUrl)}: ${(error as Error).message}`,
    );
  }
  // A lost connection must reject the pending query, not crash the process.
  client.on('error', (error) => log(`database connection error: ${error.message}`));
  let locked = false;
  try {
    await acquireLock(client, options.lockTimeoutMs ?? 10_000);
    locked = true;
    const schemaExists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (schemaExists.rowCount === 0) {
      // Like Prisma, which creates the schema of the URL when it is missing.
      await client.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    }
    await client.query(`SET search_path TO ${quoteIdent(schema)}`);

    const exists = await client.query(
      `SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')`,
      [schema, MIGRATIONS_TABLE],
    );
    if (exists.rowCount === 0) {
      const objects = await userObjects(client, schema);
      if (objects.length > 0) {
        throw new MigrationError(
          'DATABASE_NOT_EMPTY',
          `database ${redactUrl(options.databaseUrl)} (schema "${schema}") is not empty but has no ${MIGRATIONS_TABLE} table ` +
            `(like Prisma's P3005); found ${objects.slice(0, 5).join(', ')}${objects.length > 5 ? ', ...' : ''}. ` +
            'Baseline it first (mark the migrations that are already in it as applied) or use an empty database.',
        );
      }
      log(`Creating ${MIGRATIONS_TABLE} in schema "${schema}"`);
      await client.query(PRISMA_MIGRATIONS_TABLE_DDL.replace(`CREATE TABLE ${MIGRATIONS_TABLE}`, `CREATE TABLE ${table}`));
    }

    const rows = (
      await client.query<AppliedMigrationRow>(
        `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
           FROM ${table} ORDER BY started_at ASC`,
      )
    ).rows;
    const pending = planDeployment(folder.migrations, rows);
    const scriptProblems = pending.map(migrationScriptProblem).filter((p): p is string => p !== undefined);
    if (scriptProblems.length > 0) {
      throw new MigrationError('INVALID_MIGRATION', `cannot apply:\n  ${scriptProblems.join('\n  ')}`);
    }
    if (pending.length === 0) {
      log(`No pending migrations (${folder.migrations.length} applied)`);
      return [];
    }

    const applied: string[] = [];
    for (const migration of pending) {
      log(`Applying migration ${migration.name}`);
      await applyOne(client, table, schema, migration);
      applied.push(migration.name);
    }
    log(`Applied ${applied.length} migration(s)`);
    return applied;
  } finally {
    if (locked) {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_ADVISORY_LOCK_ID]).catch(() => undefined);
    }
    await client.end().catch(() => undefined);
  }
}

/**
 * Decides which local migrations are pending, given the rows of `_prisma_migrations`, with the
 * engine's rules (rows with rolled_back_at set are ignored) plus stricter checks: throws on a
 * failed row, on an edited applied migration and on an applied migration missing locally.
 */
export function planDeployment(local: LocalMigration[], rows: AppliedMigrationRow[]): LocalMigration[] {
  const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed.length > 0) {
    const details = failed
      .map((r) => {
        const logs = r.logs?.trim() ? ` with the following logs:\n${r.logs.trim()}` : '';
        return `The \`${r.migration_name}\` migration started at ${r.started_at.toISOString()} failed${logs}`;
      })
      .join('\n');
    throw new MigrationError(
      'FAILED_MIGRATIONS',
      `${MIGRATIONS_TABLE} holds failed migrations (like Prisma's P3009); new migrations are not applied.\n${details}\n` +
        'Repair the database by hand, then mark the migration as rolled back (set rolled_back_at) or as applied.',
    );
  }
  const active = rows.filter((r) => r.rolled_back_at === null);
  const byName = new Map(local.map((m) => [m.name, m]));
  const edited = active.filter((r) => {
    const m = byName.get(r.migration_name);
    return m !== undefined && !scriptMatchesChecksum(m.script, r.checksum);
  });
  const missing = active.filter((r) => !byName.has(r.migration_name));
  const problems: string[] = [];
  for (const r of edited) {
    problems.push(
      `migration ${r.migration_name} was changed after it was applied (checksum in database ${r.checksum}, ` +
        `file ${byName.get(r.migration_name)!.checksum}); restore the file and put the change in a new migration`,
    );
  }
  for (const r of missing) {
    problems.push(`migration ${r.migration_name} is applied in the database but not present in the migrations folder`);
  }
  if (problems.length > 0) {
    throw new MigrationError(edited.length > 0 ? 'CHECKSUM_MISMATCH' : 'MISSING_LOCALLY', problems.join('\n'));
  }
  const appliedNames = new Set(active.map((r) => r.migration_name));
  return local.filter((m) => !appliedNames.has(m.name));
}

async function applyOne(client: Client, table: string, schema: string, migration: LocalMigration): Promise<void> {
  await client.query('BEGIN');
  try {
    const before = await client.query<{ txid: string }>('SELECT txid_current()::text AS txid');
    try {
      await client.query(migration.script);
    } catch (error) {
      throw new MigrationError('MIGRATION_FAILED', `migration ${migration.name} failed: ${describePgError(error, migration.script)}`);
    }
    const after = await client.query<{ txid: string }>('SELECT txid_current()::text AS txid');
    if (after.rows[0].txid !== before.rows[0].txid) {
      throw new MigrationError(
        'MIGRATION_FAILED',
        `migration ${migration.name} ended its transaction itself (COMMIT/ROLLBACK in the script); ` +
          'the database may hold part of it, check it by hand',
      );
    }
    await client.query(
      `INSERT INTO ${table} (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, now(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A script may have changed the search_path of this session: restore it for the next one.
    await client.query(`SET search_path TO ${quoteIdent(schema)}`).catch(() => undefined);
  }
}

async function acquireLock(client: Client, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      PRISMA_MIGRATE_ADVISORY_LOCK_ID,
    ]);
    if (result.rows[0].locked) return;
    if (Date.now() >= deadline) {
      throw new MigrationError(
        'LOCK_TIMEOUT',
        `timed out after ${timeoutMs} ms waiting for the migration advisory lock (pg_advisory_lock(${PRISMA_MIGRATE_ADVISORY_LOCK_ID})); ` +
          'another migration run is in progress on this database',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function userObjects(client: Client, schema: string): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
     UNION ALL
     SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 AND t.typtype = 'e'
     ORDER BY 1`,
    [schema],
  );
  return result.rows.map((r) => r.name);
}

/** Formats a PostgreSQL error with its detail, hint and the line it points at. */
export function describePgError(error: unknown, script?: string): string {
  const e = error as { message?: string; detail?: string; hint?: string; position?: string; code?: string };
  let text = e.message ?? String(error);
  if (e.code) text += ` (SQLSTATE ${e.code})`;
  if (e.detail) text += `\n  detail: ${e.detail}`;
  if (e.hint) text += `\n  hint: ${e.hint}`;
  if (script && e.position) {
    const offset = Number(e.position) - 1;
    if (Number.isInteger(offset) && offset >= 0 && offset <= script.length) {
      const lineNo = script.slice(0, offset).split('\n').length;
      const line = script.split('\n')[lineNo - 1]?.trim();
      text += `\n  at line ${lineNo}: ${line}`;
    }
  }
  return text;
}
