/**
 * Cross-check with Prisma's own schema engine (the wasm build of the engine that
 * `prisma migrate deploy` runs natively): a database migrated by deployMigrations must look
 * fully migrated to Prisma, and one migrated by Prisma must look fully migrated to us.
 */
import { createTemporaryDatabase, type TemporaryDatabase } from '../src/database';
import { migrationList } from '../src/drift';
import { deployMigrations } from '../src/migration-deploy';
import { readMigrationsDir } from '../src/migration-folder';
import { openSchemaEngine, schemaEngineWasmVersion } from '../src/schema-engine';
import { assertPostgresUp, FIXTURE_MIGRATION_NAMES, FIXTURE_MIGRATIONS, query, serverUrl } from './support';

const filters = { externalTables: [], externalEnums: [] };

describe("compatibility with Prisma's schema engine", () => {
  const dbs: TemporaryDatabase[] = [];
  const freshDb = async () => {
    const db = await createTemporaryDatabase({ serverUrl: serverUrl(), prefix: 'prisma_tools_test' });
    dbs.push(db);
    return db;
  };

  beforeAll(assertPostgresUp);
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.drop();
  });

  it('loads the wasm engine', () => {
    expect(schemaEngineWasmVersion()).toMatch(/^[0-9a-f]{40}$/);
  });

  it('Prisma sees the migrations we applied as applied, unedited and not failed', async () => {
    const db = await freshDb();
    await deployMigrations({ databaseUrl: db.url, migrationsDir: FIXTURE_MIGRATIONS });
    const list = migrationList(readMigrationsDir(FIXTURE_MIGRATIONS));

    const session = await openSchemaEngine({ databaseUrl: db.url });
    try {
      const diagnosis = await session.engine.diagnoseMigrationHistory({ migrationsList: list, optInToShadowDatabase: false, filters });
      expect(diagnosis).toEqual(
        expect.objectContaining({ history: null, failedMigrationNames: [], editedMigrationNames: [], hasMigrationsTable: true }),
      );
      // What `prisma migrate deploy` does after its checks: nothing left to apply.
      expect(await session.engine.applyMigrations({ migrationsList: list, filters })).toEqual({ appliedMigrationNames: [] });
    } finally {
      await session.close();
    }
  });

  it('we see the migrations Prisma applied as applied, in the same table', async () => {
    const ours = await freshDb();
    const prismas = await freshDb();
    await deployMigrations({ databaseUrl: ours.url, migrationsDir: FIXTURE_MIGRATIONS });
    const list = migrationList(readMigrationsDir(FIXTURE_MIGRATIONS));
    const session = await openSchemaEngine({ databaseUrl: prismas.url });
    try {
      expect(await session.engine.applyMigrations({ migrationsList: list, filters })).toEqual({ appliedMigrationNames: FIXTURE_MIGRATION_NAMES });
    } finally {
      await session.close();
    }
    expect(await deployMigrations({ databaseUrl: prismas.url, migrationsDir: FIXTURE_MIGRATIONS })).toEqual([]);

    // Same table definition...
    const describe = (url: string) =>
      query(
        url,
        `SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS def
           FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE a.attrelid = '_prisma_migrations'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      );
    expect(await describe(ours.url)).toEqual(await describe(prismas.url));
    const constraints = (url: string) =>
      query(url, "SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = '_prisma_migrations'::regclass");
    expect(await constraints(ours.url)).toEqual(await constraints(prismas.url));

    // ...and the same row contents, apart from ids and times.
    const rows = (url: string) =>
      query(
        url,
        `SELECT migration_name, checksum, logs, rolled_back_at, applied_steps_count, finished_at IS NOT NULL AS finished
           FROM _prisma_migrations ORDER BY migration_name`,
      );
    expect(await rows(ours.url)).toEqual(await rows(prismas.url));
  });

  it('Prisma refuses (P3009) after a failed row we would refuse too', async () => {
    const db = await freshDb();
    await deployMigrations({ databaseUrl: db.url, migrationsDir: FIXTURE_MIGRATIONS });
    await query(db.url, 'UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = $1', [FIXTURE_MIGRATION_NAMES[1]]);
    const session = await openSchemaEngine({ databaseUrl: db.url });
    try {
      await expect(
        session.engine.applyMigrations({ migrationsList: migrationList(readMigrationsDir(FIXTURE_MIGRATIONS)), filters }),
      ).rejects.toMatchObject({ code: 'P3009' });
    } finally {
      await session.close();
    }
    await expect(deployMigrations({ databaseUrl: db.url, migrationsDir: FIXTURE_MIGRATIONS })).rejects.toMatchObject({ code: 'FAILED_MIGRATIONS' });
  });
});
