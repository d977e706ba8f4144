/**
 * Database level helpers: create/drop the database named in a URL through the maintenance
 * database `postgres`, and throwaway databases for tests and checks.
 */
import { randomBytes } from 'node:crypto';
import { Client, type ClientConfig } from 'pg';
import { quoteIdent } from './sql';

/** The local server used when DATABASE_URL is not set. */
export const LOCAL_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
export const MAINTENANCE_DATABASE = 'postgres';

/** DATABASE_URL, or the local server's maintenance database. */
export function serverUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL && env.DATABASE_URL.trim() !== '' ? env.DATABASE_URL : LOCAL_SERVER_URL;
}

function parse(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`not a valid database URL: ${redactUrl(url)}`);
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new Error(`not a postgresql:// URL: ${redactUrl(url)}`);
  }
  return parsed;
}

/** The database name in a postgresql:// URL. */
export function databaseNameFromUrl(url: string): string {
  const name = decodeURIComponent(parse(url).pathname.replace(/^\//, ''));
  if (name === '') throw new Error(`the URL names no database: ${redactUrl(url)}`);
  return name;
}

/** The same URL with another database name. */
export function withDatabaseName(url: string, database: string): string {
  const parsed = parse(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The PostgreSQL schema Prisma would use for this URL (`?schema=`, default public). */
export function schemaFromUrl(url: string): string {
  return parse(url).searchParams.get('schema') || 'public';
}

/** The URL with its password replaced by `***`, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparsable URL>';
  }
}

/**
 * pg connection settings for a Prisma style URL. Prisma-only query parameters (schema,
 * connection_limit, ...) are dropped, the rest is left to pg.
 */
export function connectionConfig(url: string): ClientConfig {
  const parsed = parse(url);
  for (const key of ['schema', 'connection_limit', 'pool_timeout', 'socket_timeout', 'pgbouncer', 'statement_cache_size']) {
    parsed.searchParams.delete(key);
  }
  return { connectionString: parsed.toString() };
}

async function withMaintenanceClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const maintenanceUrl = withDatabaseName(url, MAINTENANCE_DATABASE);
  const client = new Client(connectionConfig(maintenanceUrl));
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot connect to PostgreSQL at ${redactUrl(maintenanceUrl)}: ${(error as Error).message}`);
  }
  client.on('error', () => undefined);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the database named in `url` unless it exists. Returns true when it was created. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseNameFromUrl(url);
  return withMaintenanceClient(url, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount && found.rowCount > 0) return false;
    try {
      await createDatabaseRetrying(client, name);
      return true;
    } catch (error) {
      // Created concurrently by someone else (duplicate_database, or the catalogue's unique
      // index when both CREATE DATABASE ran at the same moment): that is fine.
      const code = (error as { code?: string }).code;
      if (code === '42P04' || code === '23505') {
        const again = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (again.rowCount && again.rowCount > 0) return false;
      }
      throw error;
    }
  });
}

/** CREATE DATABASE, retried a few times while the template database is busy (55006). */
async function createDatabaseRetrying(client: Client, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/** Drops the database named in `url` (if it exists), ending the sessions connected to it. */
export async function dropDatabase(url: string): Promise<void> {
  const name = databaseNameFromUrl(url);
  if (name === MAINTENANCE_DATABASE) throw new Error(`refusing to drop the maintenance database "${name}"`);
  await withMaintenanceClient(url, async (client) => {
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    const version = Number((await client.query<{ v: string }>('SHOW server_version_num')).rows[0].v);
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}${version >= 130000 ? ' WITH (FORCE)' : ''}`);
  });
}

/** A new, unused database name: `<prefix>_<yyyymmddhhmmss>_<random>` (at most 63 bytes). */
export function uniqueDatabaseName(prefix = 'prisma_tools_tmp'): string {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const suffix = randomBytes(4).toString('hex');
  const safePrefix = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 63 - stamp.length - suffix.length - 2);
  return `${safePrefix}_${stamp}_${suffix}`;
}

export interface TemporaryDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates a new empty database on the server of `serverUrl` (default: DATABASE_URL or the local server). */
export async function createTemporaryDatabase(
  options: { serverUrl?: string; prefix?: string } = {},
): Promise<TemporaryDatabase> {
  const name = uniqueDatabaseName(options.prefix);
  const url = withDatabaseName(options.serverUrl ?? serverUrlFromEnv(), name);
  await ensureDatabase(url);
  return { url, name, drop: () => dropDatabase(url) };
}

/**
 * Runs `fn` with the URL of a fresh, uniquely named database and drops the database afterwards,
 * whether `fn` succeeded or not.
 */
export async function withFreshDatabase<T>(
  fn: (url: string) => Promise<T>,
  options: { serverUrl?: string; prefix?: string } = {},
): Promise<T> {
  const db = await createTemporaryDatabase(options);
  try {
    return await fn(db.url);
  } finally {
    await db.drop();
  }
}
