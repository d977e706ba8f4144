import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { connectionConfig, createTemporaryDatabase, type TemporaryDatabase } from '../src/database';
import { deployMigrations, PRISMA_MIGRATE_ADVISORY_LOCK_ID } from '../src/migration-deploy';
import { MigrationError } from '../src/migration-folder';
import {
  addMigration,
  assertPostgresUp,
  copyFixture,
  FIXTURE_MIGRATION_NAMES,
  FIXTURE_MIGRATIONS,
  query,
  type ServiceCopy,
  serverUrl,
} from './support';

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function rejection(promise: Promise<unknown>): Promise<MigrationError> {
  try {
    await promise;
  } catch (error) {
    return error as MigrationError;
  }
  throw new Error('expected the promise to reject');
}

describe('deployMigrations (PostgreSQL)', () => {
  let db: TemporaryDatabase;
  let copy: ServiceCopy | undefined;

  beforeAll(assertPostgresUp);
  beforeEach(async () => {
    db = await createTemporaryDatabase({ serverUrl: serverUrl(), prefix: 'prisma_tools_test' });
  });
  afterEach(async () => {
    copy?.cleanup();
    copy = undefined;
    await db.drop();
  });

  const migrationRows = (url = db.url) =>
    query<{ id: string; checksum: string; migration_name: string; finished_at: Date | null; rolled_back_at: Date | null; logs: string | null; started_at: Date; applied_steps_count: number }>(
      url,
      'SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name',
    );

  it('applies all migrations and records them the way Prisma does', async () => {
    const lines: string[] = [];
    const applied = await deployMigrations({ databaseUrl: db.url, migrationsDir: FIXTURE_MIGRATIONS, log: (l) => lines.push(l) });

    expect(applied).toEqual(FIXTURE_MIGRATION_NAMES);
    expect(lines).toContain(`Applying migration ${FIXTURE_MIGRATION_NAMES[0]}`);
    const rows = await migrationRows();
    expect(rows.map((r) => r.migration_name)).toEqual(FIXTURE_MIGRATION_NAMES);
    for (const row of rows) {
      expect(row.checksum).toBe(sha256(path.join(FIXTURE_MIGRATIONS, row.migration_name, 'migration.sql')));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }

    // The tables of the migrations are there, and so is the hand-written trigger.
    const tables = await query<{ tablename: string }>(db.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    expect(tables.map((t) => t.tablename)).toEqual(['_prisma_migrations', 'collaboration', 'membership', 'municipality']);
    const triggers = await query(db.url, "SELECT 1 FROM pg_trigger WHERE tgname = 'collaboration_set_updated_at'");
    expect(triggers).toHaveLength(1);
  });

  it('creates _prisma_migrations with exactly the engine DDL', async () => {
    await deployMigrations({ databaseUrl: db.url, migrationsDir: FIXTURE_MIGRATIONS });
    const columns = await query(
      db.url,
      `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', len: 36, is_nullable: 'NO', column_default: null },
      { column_name: 'checksum', data_type: 'character varying', len: 64, is_nullable: 'NO', column_default: null },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'migration_name', data_type: 'character varying', len: 255, is_nullable: 'NO', column_default: null },
      { column_name: 'logs', data_type: 'text', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'started_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'applied_steps_count', data_type: 'integer', len: null, is_nullable: 'NO', column_default: '0' },
    ]);
    const constraints = await query(db.url, "SELECT conname, contype::text FROM pg_constraint WHERE conrelid = '_prisma_migrations'::regclass");
    expect(constraints).toEqual([{ conname: '_prisma_migrations_pkey', contype: 'p' }]);
  });

  it('applies nothing the second time', async () => {
    await deployMigrations({ databaseUrl: db.url, migrationsDir: FIXTURE_MIGRATIONS });
    const before = await migrationRows();
    expect(await deployMigrations({ databaseUrl: db.url, migrationsDir: FIXTURE_MIGRATIONS })).toEqual([]);
    expect(await migrationRows()).toEqual(before);
  });

  it('applies only the new migration when one is added', async () => {
    copy = copyFixture();
    await deployMigrations({ databaseUrl: db.url, migrationsDir: copy.migrationsDir });
    addMigration(copy.migrationsDir, '20250201090000_add_trace_id', 'ALTER TABLE "collaboration" ADD COLUMN "trace_id" TEXT;\n');
    expect(await deployMigrations({ databaseUrl: db.url, migrationsDir: copy.migrationsDir })).toEqual(['20250201090000_add_trace_id']);
    expect((await migrationRows()).map((r) => r.migration_name)).toEqual([...FIXTURE_MIGRATION_NAMES, '20250201090000_add_trace_id']);
  });

  it('refuses an applied migration that was edited afterwards, and accepts changed line endings', async () => {
    copy = copyFixture();
    await deployMigrations({ databaseUrl: db.url, migrationsDir: copy.migrationsDir });
    const file = path.join(copy.migrationsDir, FIXTURE_MIGRATION_NAMES[0], 'migration.sql');
    const original = fs.readFileSync(file, 'utf8');

    fs.writeFileSync(file, original.replace(/\n/g, '\r\n'));
    expect(await deployMigrations({ databaseUrl: db.url, migrationsDir: copy.migrationsDir })).toEqual([]);

    fs.writeFileSync(file, `${original}\nCREATE INDEX "collaboration_name_idx" ON "collaboration" ("name");\n`);
    addMigration(copy.migrationsDir, '20250201090000_next', 'SELECT 1;');
    const error = await rejection(deployMigrations({ databaseUrl: db.url, migrationsDir: copy.migrationsDir }));
    expect(error).toBeInstanceOf(MigrationError);
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain(`migration ${FIXTURE_MIGRATION_NAMES[0]} was changed after it was applied`);
    // Nothing was applied: not the edit, not the next migration.
    expect(await migrationRows()).toHaveLength(3);
    expect(await query(db.url, "SELECT to_regclass('collaboration_name_idx') AS idx")).toEqual([{ idx: null }]);
  });

  it('leaves no table and no bookkeeping row behind when a migration fails', async () => {
    copy = copyFixture();
    const file = addMigration(
      copy.migrationsDir,
      '20250201090000_broken',
      'CREATE TABLE "half_done" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "half_done" VALUES (1);\nINSERT INTO "collaboration" ("id") VALUES (\'not-a-uuid\');\n',
    );
    const error = await rejection(deployMigrations({ databaseUrl: db.url, migrationsDir: copy.migrationsDir }));
    expect(error.code).toBe('MIGRATION_FAILED');
    expect(error.message).toContain('migration 20250201090000_broken failed: invalid input syntax for type uuid');
    expect(error.message).toContain('at line 3: INSERT INTO "collaboration"');

    // The migrations before it are applied; of the broken one there is nothing.
    expect((await migrationRows()).map((r) => r.migration_name)).toEqual(FIXTURE_MIGRATION_NAMES);
    expect(await query(db.url, "SELECT to_regclass('half_done') AS t")).toEqual([{ t: null }]);

    // Fixed, it goes in.
    fs.writeFileSync(file, 'CREATE TABLE "half_done" ("id" INTEGER PRIMARY KEY);\n');
    expect(await deployMigrations({ databaseUrl: db.url, migrationsDir: copy.migrationsDir })).toEqual(['20250201090000_broken']);
  });

  it('refuses to go on after a failed migration recorded by Prisma (P3009)', async () => {
    await deployMigrations({ databaseUrl: db.url, migrationsDir: FIXTURE_MIGRATIONS });
    await query(db.url, "UPDATE _prisma_migrations SET finished_at = NULL, logs = 'syntax error' WHERE migration_name = $1", [FIXTURE_MIGRATION_NAMES[2]]);
    const error = await rejection(deployMigrations({ databaseUrl: db.url, migrationsDir: FIXTURE_MIGRATIONS }));
    expect(error.code).toBe('FAILED_MIGRATIONS');
    expect(error.message).toContain(`The \`${FIXTURE_MIGRATION_NAMES[2]}\` migration started at`);
    expect(error.message).toContain('syntax error');

    // Marked as rolled back, the migration is applied again.
    await query(db.url, "UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1", [FIXTURE_MIGRATION_NAMES[2]]);
    await query(db.url, 'DROP TRIGGER "collaboration_set_updated_at" ON "collaboration"; DROP FUNCTION "set_updated_at"()');
    expect(await deployMigrations({ databaseUrl: db.url, migrationsDir: FIXTURE_MIGRATIONS })).toEqual([FIXTURE_MIGRATION_NAMES[2]]);
  });

  it('refuses a database that has a migration the folder does not have', async () => {
    await deployMigrations({ databaseUrl: db.url, migrationsDir: FIXTURE_MIGRATIONS });
    await query(
      db.url,
      "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (gen_random_uuid()::text, repeat('0', 64), now(), '20250301000000_from_another_branch', 1)",
    );
    const error = await rejection(deployMigrations({ databaseUrl: db.url, migrationsDir: FIXTURE_MIGRATIONS }));
    expect(error.code).toBe('MISSING_LOCALLY');
    expect(error.message).toContain('20250301000000_from_another_branch is applied in the database but not present');
  });

  it('refuses a non-empty database without _prisma_migrations (P3005)', async () => {
    await query(db.url, 'CREATE TABLE "something" ("id" INTEGER)');
    const error = await rejection(deployMigrations({ databaseUrl: db.url, migrationsDir: FIXTURE_MIGRATIONS }));
    expect(error.code).toBe('DATABASE_NOT_EMPTY');
    expect(error.message).toContain('something');
  });

  it('checks every pending script before applying any', async () => {
    copy = copyFixture();
    addMigration(copy.migrationsDir, '20250201090000_with_commit', 'BEGIN;\nCREATE TABLE "x" ("id" INTEGER);\nCOMMIT;\n');
    addMigration(copy.migrationsDir, '20250202090000_empty', '-- to do\n');
    const error = await rejection(deployMigrations({ databaseUrl: db.url, migrationsDir: copy.migrationsDir }));
    expect(error.code).toBe('INVALID_MIGRATION');
    expect(error.message).toContain('20250201090000_with_commit: migration.sql contains transaction control (BEGIN; COMMIT)');
    expect(error.message).toContain('20250202090000_empty: migration.sql has no SQL statement');
    expect(await query(db.url, "SELECT to_regclass('collaboration') AS t")).toEqual([{ t: null }]);
  });

  it('waits for the migration advisory lock and gives up with a clear error', async () => {
    const holder = new Client(connectionConfig(db.url));
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_ADVISORY_LOCK_ID]);
      const error = await rejection(deployMigrations({ databaseUrl: db.url, migrationsDir: FIXTURE_MIGRATIONS, lockTimeoutMs: 600 }));
      expect(error.code).toBe('LOCK_TIMEOUT');
      expect(error.message).toContain('another migration run is in progress');

      // Released while waiting: the deploy goes ahead.
      const deploying = deployMigrations({ databaseUrl: db.url, migrationsDir: FIXTURE_MIGRATIONS, lockTimeoutMs: 10_000 });
      await new Promise((r) => setTimeout(r, 300));
      await holder.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_ADVISORY_LOCK_ID]);
      expect(await deploying).toEqual(FIXTURE_MIGRATION_NAMES);
    } finally {
      await holder.end();
    }
  });

  it('runs concurrent deploys one after the other', async () => {
    const results = await Promise.all([
      deployMigrations({ databaseUrl: db.url, migrationsDir: FIXTURE_MIGRATIONS }),
      deployMigrations({ databaseUrl: db.url, migrationsDir: FIXTURE_MIGRATIONS }),
    ]);
    expect(results.map((r) => r.length).sort()).toEqual([0, 3]);
    expect(await migrationRows()).toHaveLength(3);
  });

  it('uses the schema named by ?schema=, as Prisma does', async () => {
    const url = `${db.url}?schema=registration`;
    expect(await deployMigrations({ databaseUrl: url, migrationsDir: FIXTURE_MIGRATIONS })).toEqual(FIXTURE_MIGRATION_NAMES);
    const tables = await query<{ tablename: string }>(db.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'registration' ORDER BY 1");
    expect(tables.map((t) => t.tablename)).toEqual(['_prisma_migrations', 'collaboration', 'membership', 'municipality']);
    expect(await query(db.url, "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'")).toEqual([{ n: 0 }]);
    expect(await deployMigrations({ databaseUrl: url, migrationsDir: FIXTURE_MIGRATIONS })).toEqual([]);
  });

  it('fails clearly when the database cannot be reached', async () => {
    const error = await rejection(
      deployMigrations({ databaseUrl: db.url.replace(db.name, `${db.name}_missing`), migrationsDir: FIXTURE_MIGRATIONS }),
    );
    expect(error.code).toBe('CONNECTION_FAILED');
    expect(error.message).toContain('does not exist');
  });
});
