import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkDrift, DriftCheckError } from '../src/drift';
import {
  addMigration,
  assertPostgresUp,
  copyFixture,
  databasesLike,
  editFile,
  FIXTURE_MIGRATIONS,
  FIXTURE_SCHEMA,
  type ServiceCopy,
  serverUrl,
} from './support';

describe('checkDrift (PostgreSQL, Prisma schema engine)', () => {
  let copy: ServiceCopy;

  beforeAll(assertPostgresUp);
  beforeEach(() => {
    copy = copyFixture();
  });
  afterEach(() => copy.cleanup());

  const drift = () => checkDrift({ schemaPath: copy.schemaPath, migrationsDir: copy.migrationsDir, serverUrl: serverUrl() });

  it('passes on the fixture, whose migrations also hold a function, a trigger, a role, grants and a comment', async () => {
    const before = await databasesLike('prisma_tools_');
    const result = await checkDrift({ schemaPath: FIXTURE_SCHEMA, migrationsDir: FIXTURE_MIGRATIONS, serverUrl: serverUrl() });
    expect(result).toEqual({ inSync: true, differences: [], summary: '', script: '' });
    // The temporary and shadow databases are gone.
    expect(await databasesLike('prisma_tools_')).toEqual(before);
  });

  it('fails on a column that is in the schema only', async () => {
    editFile(copy.schemaPath, '  name        String\n  status', '  name        String\n  traceId     String?             @map("trace_id")\n  status');
    const result = await drift();
    expect(result.inSync).toBe(false);
    expect(result.differences).toEqual(['table collaboration: column `trace_id` is in schema.prisma but missing in migrations']);
    expect(result.script).toContain('ALTER TABLE "collaboration" ADD COLUMN     "trace_id" TEXT;');
  });

  it('fails on a changed type', async () => {
    editFile(copy.schemaPath, '@map("cbs_code") @db.Char(4)', '@map("cbs_code") @db.VarChar(4)');
    expect((await drift()).differences).toEqual(['table municipality: column `cbs_code` differs between migrations and schema.prisma (type changed)']);
  });

  it('fails on a changed timestamp precision', async () => {
    editFile(copy.schemaPath, '@map("created_at") @db.Timestamptz(3)', '@map("created_at") @db.Timestamptz(6)');
    expect((await drift()).differences).toEqual(['table collaboration: column `created_at` differs between migrations and schema.prisma (type changed)']);
  });

  it('fails on an index that the schema no longer declares', async () => {
    editFile(copy.schemaPath, '  @@index([municipalityId, joinedOn])\n', '');
    expect((await drift()).differences).toEqual([
      'table membership: index on columns (municipality_id, joined_on) exists in migrations but not in schema.prisma',
    ]);
  });

  it('fails on a unique constraint, a default, nullability, an enum value and on delete', async () => {
    editFile(copy.schemaPath, '  @@unique([collaborationId, municipalityId])\n', '');
    editFile(copy.schemaPath, 'weight          Decimal       @default(1.5)', 'weight          Decimal?      @default(2.5)');
    editFile(copy.schemaPath, '  ENDED\n', '  ENDED\n  ARCHIVED\n');
    editFile(copy.schemaPath, 'onDelete: Restrict', 'onDelete: SetNull');
    editFile(copy.schemaPath, 'municipalityId  Int           @map("municipality_id")', 'municipalityId  Int?          @map("municipality_id")');
    editFile(copy.schemaPath, 'municipality    Municipality  @relation', 'municipality    Municipality? @relation');
    const { differences } = await drift();
    expect(differences).toEqual(
      expect.arrayContaining([
        'enum CollaborationStatus: variant `ARCHIVED` is in schema.prisma but missing in migrations',
        'table membership: unique index on columns (collaboration_id, municipality_id) exists in migrations but not in schema.prisma',
        'table membership: column `weight` differs between migrations and schema.prisma (required in migrations, nullable in schema.prisma, default 1.5 in migrations, 2.5 in schema.prisma)',
        'table membership: column `municipality_id` differs between migrations and schema.prisma (required in migrations, nullable in schema.prisma)',
        'table membership: foreign key on columns (municipality_id) exists in migrations but not in schema.prisma',
        'table membership: foreign key on columns (municipality_id) is in schema.prisma but missing in migrations',
      ]),
    );
  });

  it('fails on a model without a table and on a table without a model', async () => {
    fs.appendFileSync(copy.schemaPath, '\nmodel AuditRecord {\n  id      BigInt @id @default(autoincrement())\n  traceId String @map("trace_id") @db.Uuid\n\n  @@map("audit_record")\n}\n');
    addMigration(copy.migrationsDir, '20250201090000_legacy_import', 'CREATE TABLE "legacy_import" ("id" INTEGER PRIMARY KEY);\n');
    expect((await drift()).differences).toEqual([
      'table audit_record: is in schema.prisma but missing in migrations',
      'table legacy_import: exists in migrations but not in schema.prisma',
    ]);
  });

  it('passes when a new migration adds what the schema adds', async () => {
    editFile(copy.schemaPath, '  name        String\n  status', '  name        String\n  traceId     String?             @map("trace_id")\n  status');
    addMigration(copy.migrationsDir, '20250201090000_trace_id', 'ALTER TABLE "collaboration" ADD COLUMN "trace_id" TEXT;\n');
    expect((await drift()).inSync).toBe(true);
  });

  it('reports a migration that does not apply', async () => {
    addMigration(copy.migrationsDir, '20250201090000_broken', 'ALTER TABLE "nope" ADD COLUMN "x" TEXT;\n');
    const before = await databasesLike('prisma_tools_');
    const error = await drift().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriftCheckError);
    expect((error as Error).message).toContain('20250201090000_broken');
    expect((error as Error).message).toContain('No such table: nope');
    expect(await databasesLike('prisma_tools_')).toEqual(before);
  });

  it('reports an invalid schema', async () => {
    fs.writeFileSync(path.join(copy.schemaPath), 'model Broken {\n  id Int @id\n  other Unknown\n}\n');
    await expect(drift()).rejects.toThrow(DriftCheckError);
  });
});
