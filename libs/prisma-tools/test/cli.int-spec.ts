import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dropDatabase, uniqueDatabaseName, withDatabaseName } from '../src/database';
import {
  assertPostgresUp,
  copyFixture,
  editFile,
  FIXTURE_DIR,
  FIXTURE_MIGRATION_NAMES,
  query,
  REPO_ROOT,
  type ServiceCopy,
  serverUrl,
} from './support';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI the way the team does: `node -r @swc-node/register libs/prisma-tools/src/cli.ts ...`. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}, entry: 'src' | 'bin' = 'src'): Promise<Run> {
  const argv =
    entry === 'src'
      ? ['-r', '@swc-node/register', 'libs/prisma-tools/src/cli.ts', ...args]
      : ['libs/prisma-tools/bin/prisma-tools.js', ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    // Colour codes (nx sets FORCE_COLOR for its children) are not part of what a person reads.
    const plain = (t: string) => t.replace(/\x1b\[[0-9;]*m/g, '');
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: plain(stdout), stderr: plain(stderr) }));
  });
}

/** The part of the fixture's generated client used below. */
interface CollaborationRow {
  id: string;
  status: string;
  updatedAt: Date;
  memberships: { weight: { toString(): string }; municipality: { name: string } }[];
}
interface FixtureClient {
  collaboration: { create(args: unknown): Promise<CollaborationRow>; findUniqueOrThrow(args: unknown): Promise<CollaborationRow> };
  municipality: { create(args: unknown): Promise<{ id: number }> };
  membership: { create(args: unknown): Promise<unknown> };
  $disconnect(): Promise<void>;
}

describe('prisma-tools CLI', () => {
  const created: string[] = [];
  let copy: ServiceCopy | undefined;
  const newDatabaseUrl = () => {
    const url = withDatabaseName(serverUrl(), uniqueDatabaseName('prisma_tools_test_cli'));
    created.push(url);
    return url;
  };

  beforeAll(assertPostgresUp);
  afterEach(async () => {
    copy?.cleanup();
    copy = undefined;
    for (const url of created.splice(0)) await dropDatabase(url);
  });

  it('migrate-deploy creates the database, applies the migrations, and is a no-op the second time', async () => {
    const url = newDatabaseUrl();
    const first = await cli(['migrate-deploy', 'libs/prisma-tools/test/fixture'], { DATABASE_URL: url });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Created database');
    expect(first.stdout).toContain(`Applied: ${FIXTURE_MIGRATION_NAMES.join(', ')}`);

    const second = await cli(['migrate-deploy', 'libs/prisma-tools/test/fixture'], { DATABASE_URL: url }, 'bin');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Database is up to date.');
    expect(await query(url, 'SELECT count(*)::int AS n FROM _prisma_migrations')).toEqual([{ n: 3 }]);
  });

  it('migrate-deploy fails clearly without DATABASE_URL and on a refused deploy', async () => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const missing = await new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, ['-r', '@swc-node/register', 'libs/prisma-tools/src/cli.ts', 'migrate-deploy', 'libs/prisma-tools/test/fixture'], { cwd: REPO_ROOT, env });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout: '', stderr }));
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('DATABASE_URL is not set');

    copy = copyFixture();
    const url = newDatabaseUrl();
    expect((await cli(['migrate-deploy', copy.dir], { DATABASE_URL: url })).code).toBe(0);
    fs.appendFileSync(path.join(copy.migrationsDir, FIXTURE_MIGRATION_NAMES[1], 'migration.sql'), '\n-- edited\n');
    const refused = await cli(['migrate-deploy', copy.dir], { DATABASE_URL: url });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`migration ${FIXTURE_MIGRATION_NAMES[1]} was changed after it was applied`);
  });

  it('drift-check passes on the fixture and fails, naming the difference, on a drifted copy', async () => {
    const ok = await cli(['drift-check', 'libs/prisma-tools/test/fixture']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('No drift');

    copy = copyFixture();
    editFile(copy.schemaPath, '  @@index([municipalityId, joinedOn])\n', '');
    const drifted = await cli(['drift-check', copy.dir]);
    expect(drifted.code).toBe(1);
    expect(drifted.stderr).toContain('- table membership: index on columns (municipality_id, joined_on) exists in migrations but not in schema.prisma');
    expect(drifted.stderr).toContain('DROP INDEX "membership_municipality_id_joined_on_idx";');
  });

  it('new-migration creates an empty migration, or one generated from the schema that then passes drift-check and deploys', async () => {
    copy = copyFixture();
    const empty = await cli(['new-migration', copy.dir, 'Add audit record']);
    expect(empty.code).toBe(0);
    const folders = fs.readdirSync(copy.migrationsDir).filter((f) => f.endsWith('_add_audit_record'));
    expect(folders).toHaveLength(1);
    expect(folders[0]).toMatch(/^\d{14}_add_audit_record$/);
    expect(fs.readFileSync(path.join(copy.migrationsDir, folders[0], 'migration.sql'), 'utf8')).toBe('');
    expect(empty.stdout).toContain('Write the SQL');
    fs.rmSync(path.join(copy.migrationsDir, folders[0]), { recursive: true });

    const noChange = await cli(['new-migration', copy.dir, 'nothing', '--from-schema']);
    expect(noChange.code).toBe(0);
    expect(noChange.stdout).toContain('no migration needed');

    fs.appendFileSync(copy.schemaPath, '\nmodel AuditRecord {\n  id      BigInt   @id @default(autoincrement())\n  traceId String   @map("trace_id") @db.Uuid\n  at      DateTime @default(now()) @db.Timestamptz(3)\n\n  @@index([traceId])\n  @@map("audit_record")\n}\n');
    expect((await cli(['drift-check', copy.dir])).code).toBe(1);
    const generated = await cli(['new-migration', copy.dir, 'audit_record', '--from-schema']);
    expect(generated.code).toBe(0);
    const folder = fs.readdirSync(copy.migrationsDir).find((f) => f.endsWith('_audit_record'))!;
    const sql = fs.readFileSync(path.join(copy.migrationsDir, folder, 'migration.sql'), 'utf8');
    expect(sql).toContain('CREATE TABLE "audit_record"');
    expect(sql).toContain('CREATE INDEX "audit_record_trace_id_idx"');

    expect((await cli(['drift-check', copy.dir])).code).toBe(0);
    const url = newDatabaseUrl();
    const deploy = await cli(['migrate-deploy', copy.dir], { DATABASE_URL: url });
    expect(deploy.code).toBe(0);
    expect(deploy.stdout).toContain(folder);
  }, 180_000); // four CLI runs, each a process of its own: slow on a loaded machine

  it('reports usage errors with exit code 2', async () => {
    const unknown = await cli(['migrate', 'libs/prisma-tools/test/fixture']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "migrate"');
    expect(unknown.stderr).toContain('usage: prisma-tools');
    expect((await cli(['drift-check'])).code).toBe(2);
    expect((await cli(['drift-check', 'libs/prisma-tools/test/fixture', '--from-schema'])).code).toBe(2);
    const noDir = await cli(['drift-check', 'services/does-not-exist']);
    expect(noDir.code).toBe(1);
    expect(noDir.stderr).toContain('does not exist');
  });

  it('generate produces a client that works against a migrated database', async () => {
    const generatedDir = path.join(FIXTURE_DIR, 'src', 'generated', 'prisma');
    fs.rmSync(generatedDir, { recursive: true, force: true });
    const run = await cli(['generate', 'libs/prisma-tools/test/fixture'], { DATABASE_URL: '' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Generated Prisma Client');
    expect(fs.existsSync(path.join(generatedDir, 'client.ts'))).toBe(true);

    const url = newDatabaseUrl();
    expect((await cli(['migrate-deploy', 'libs/prisma-tools/test/fixture'], { DATABASE_URL: url })).code).toBe(0);

    // The generated client exists only after the run above: load it at run time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PrismaClient } = require(path.join(generatedDir, 'client.ts')) as { PrismaClient: new (options: unknown) => FixtureClient };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PrismaPg } = require('@prisma/adapter-pg') as typeof import('@prisma/adapter-pg');
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    try {
      const collaboration = await prisma.collaboration.create({ data: { code: 'SVW-01', name: 'Samenwerking Noord' } });
      const municipality = await prisma.municipality.create({ data: { cbsCode: '0014', name: 'Groningen', population: 240000n } });
      await prisma.membership.create({
        data: { collaborationId: collaboration.id, municipalityId: municipality.id, joinedOn: new Date('2025-01-01'), settings: { inkijk: true } },
      });
      const found = await prisma.collaboration.findUniqueOrThrow({ where: { code: 'SVW-01' }, include: { memberships: { include: { municipality: true } } } });
      expect(found.status).toBe('ACTIVE');
      expect(found.memberships[0].municipality.name).toBe('Groningen');
      expect(found.memberships[0].weight.toString()).toBe('1.5');
      // The hand-written trigger keeps updated_at current.
      const before = found.updatedAt.getTime();
      await new Promise((r) => setTimeout(r, 20));
      await query(url, 'UPDATE "collaboration" SET "name" = $1', ['Samenwerking Noord-Oost']);
      const after = await prisma.collaboration.findUniqueOrThrow({ where: { id: collaboration.id } });
      expect(after.updatedAt.getTime()).toBeGreaterThan(before);
    } finally {
      await prisma.$disconnect();
    }
  });
});
