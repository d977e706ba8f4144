import { Client } from 'pg';
import { connectionConfig, createTemporaryDatabase, dropDatabase, ensureDatabase, uniqueDatabaseName, withDatabaseName, withFreshDatabase } from '../src/database';
import { createMigratedDatabase, withMigratedDatabase } from '../src/testing';
import { assertPostgresUp, databasesLike, FIXTURE_MIGRATION_NAMES, FIXTURE_MIGRATIONS, query, serverUrl } from './support';

describe('database helpers (PostgreSQL)', () => {
  beforeAll(assertPostgresUp);

  it('ensureDatabase creates a missing database once; dropDatabase drops it despite open sessions', async () => {
    const url = withDatabaseName(serverUrl(), uniqueDatabaseName('prisma_tools_test_ensure'));
    try {
      expect(await ensureDatabase(url)).toBe(true);
      expect(await ensureDatabase(url)).toBe(false);
      const session = new Client(connectionConfig(url));
      session.on('error', () => undefined);
      await session.connect();
      await dropDatabase(url);
      await session.end().catch(() => undefined);
      expect(await databasesLike(url.split('/').pop()!.split('?')[0])).toEqual([]);
      await expect(dropDatabase(url)).resolves.toBeUndefined();
    } finally {
      await dropDatabase(url);
    }
  });

  it('runs concurrent ensureDatabase calls for the same name without error', async () => {
    const url = withDatabaseName(serverUrl(), uniqueDatabaseName('prisma_tools_test_race'));
    try {
      const results = await Promise.all([ensureDatabase(url), ensureDatabase(url), ensureDatabase(url)]);
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await dropDatabase(url);
    }
  });

  it('refuses to drop the maintenance database', async () => {
    await expect(dropDatabase(withDatabaseName(serverUrl(), 'postgres'))).rejects.toThrow(/refusing/);
  });

  it('withFreshDatabase gives an empty database and drops it, also when the callback throws', async () => {
    let name = '';
    await expect(
      withFreshDatabase(async (url) => {
        name = new URL(url).pathname.slice(1);
        expect(await query(url, "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'")).toEqual([{ n: 0 }]);
        throw new Error('test failure');
      }),
    ).rejects.toThrow('test failure');
    expect(name).toMatch(/^prisma_tools_tmp_/);
    expect(await databasesLike(name)).toEqual([]);
  });

  it('createTemporaryDatabase and createMigratedDatabase', async () => {
    const tmp = await createTemporaryDatabase({ prefix: 'prisma_tools_test_tmp' });
    expect(await databasesLike(tmp.name)).toEqual([tmp.name]);
    await tmp.drop();
    expect(await databasesLike(tmp.name)).toEqual([]);

    const migrated = await createMigratedDatabase({ migrationsDir: FIXTURE_MIGRATIONS });
    try {
      expect(migrated.applied).toEqual(FIXTURE_MIGRATION_NAMES);
      expect(await query(migrated.url, 'SELECT count(*)::int AS n FROM "collaboration"')).toEqual([{ n: 0 }]);
    } finally {
      await migrated.drop();
    }
    const count = await withMigratedDatabase({ migrationsDir: FIXTURE_MIGRATIONS }, async (url) =>
      (await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM _prisma_migrations'))[0].n,
    );
    expect(count).toBe(3);
  });
});
