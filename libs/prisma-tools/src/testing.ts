/** Helpers for services' integration tests: a throwaway database with the migrations applied. */
import { createTemporaryDatabase, type TemporaryDatabase } from './database';
import { deployMigrations } from './migration-deploy';

/**
 * Creates a uniquely named database on the server of `serverUrl` (default DATABASE_URL, else the
 * local server) and applies the migrations of `migrationsDir` to it. Call `drop()` when done.
 */
export async function createMigratedDatabase(options: {
  migrationsDir: string;
  serverUrl?: string;
  prefix?: string;
}): Promise<TemporaryDatabase & { applied: string[] }> {
  const db = await createTemporaryDatabase({ serverUrl: options.serverUrl, prefix: options.prefix ?? 'prisma_tools_test' });
  try {
    const applied = await deployMigrations({ databaseUrl: db.url, migrationsDir: options.migrationsDir });
    return { ...db, applied };
  } catch (error) {
    await db.drop();
    throw error;
  }
}

/** Runs `fn` with the URL of a fresh database holding the migrations, and drops it afterwards. */
export async function withMigratedDatabase<T>(
  options: { migrationsDir: string; serverUrl?: string; prefix?: string },
  fn: (url: string) => Promise<T>,
): Promise<T> {
  const db = await createMigratedDatabase(options);
  try {
    return await fn(db.url);
  } finally {
    await db.drop();
  }
}
