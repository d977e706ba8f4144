/** Shared helpers for the prisma-tools integration tests (real PostgreSQL, never skipped). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { connectionConfig, redactUrl, serverUrlFromEnv, withDatabaseName } from '../src/database';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const FIXTURE_DIR = path.join(__dirname, 'fixture');
export const FIXTURE_SCHEMA = path.join(FIXTURE_DIR, 'prisma', 'schema.prisma');
export const FIXTURE_MIGRATIONS = path.join(FIXTURE_DIR, 'prisma', 'migrations');
export const FIXTURE_MIGRATION_NAMES = [
  '20250101090000_init',
  '20250102090000_memberships',
  '20250103090000_updated_at_trigger_and_reader_role',
];

/** DATABASE_URL or the local server: only its server is used, test databases are made there. */
export function serverUrl(): string {
  return serverUrlFromEnv();
}

/** Fails (never skips) when PostgreSQL cannot be reached. */
export async function assertPostgresUp(): Promise<void> {
  const url = withDatabaseName(serverUrl(), 'postgres');
  const client = new Client({ ...connectionConfig(url), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${redactUrl(url)} (${(error as Error).message}). ` +
        'These integration tests need it: start it, or point DATABASE_URL at a server.',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs one query on the database of `url`. */
export async function query<T extends Record<string, unknown> = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client(connectionConfig(url));
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export interface ServiceCopy {
  /** A service directory: prisma.config.ts, prisma/schema.prisma, prisma/migrations. */
  dir: string;
  schemaPath: string;
  migrationsDir: string;
  cleanup(): void;
}

/** A throwaway copy of the fixture service, to edit. */
export function copyFixture(): ServiceCopy {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prisma-tools-fixture-'));
  fs.cpSync(path.join(FIXTURE_DIR, 'prisma'), path.join(dir, 'prisma'), { recursive: true });
  fs.copyFileSync(path.join(FIXTURE_DIR, 'prisma.config.ts'), path.join(dir, 'prisma.config.ts'));
  return {
    dir,
    schemaPath: path.join(dir, 'prisma', 'schema.prisma'),
    migrationsDir: path.join(dir, 'prisma', 'migrations'),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Replaces `from` by `to` in a file, failing when `from` is not there. */
export function editFile(file: string, from: string | RegExp, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const edited = text.replace(from, to);
  if (edited === text) throw new Error(`test setup: ${String(from)} not found in ${file}`);
  fs.writeFileSync(file, edited);
}

/** Adds a migration folder with the given SQL. */
export function addMigration(migrationsDir: string, name: string, sql: string): string {
  fs.mkdirSync(path.join(migrationsDir, name));
  const file = path.join(migrationsDir, name, 'migration.sql');
  fs.writeFileSync(file, sql);
  return file;
}

/** Names of databases on the server whose name starts with `prefix`. */
export async function databasesLike(prefix: string): Promise<string[]> {
  const rows = await query<{ datname: string }>(withDatabaseName(serverUrl(), 'postgres'), 'SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
  return rows.map((r) => r.datname).sort();
}
