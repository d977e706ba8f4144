import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type AppliedMigrationRow, planDeployment, PRISMA_MIGRATIONS_TABLE_DDL } from './migration-deploy';
import {
  checksumOf,
  type LocalMigration,
  MigrationError,
  migrationNameProblem,
  migrationScriptProblem,
  migrationTimestamp,
  parseLockfileProvider,
  readMigrationsDir,
  renderLockfile,
  scriptMatchesChecksum,
  slugifyMigrationName,
  sortMigrationNames,
} from './migration-folder';

const FIXTURE_MIGRATIONS = path.join(__dirname, '../test/fixture/prisma/migrations');

describe('checksums', () => {
  it('is the SHA-256 hex digest, as the engine renders it', () => {
    // The engine's own unit test value for "hello".
    expect(checksumOf('hello')).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(checksumOf(Buffer.from('hello'))).toBe(checksumOf('hello'));
  });

  it('matches scripts regardless of LF/CRLF line endings, like the engine', () => {
    const lf = 'ab\ncd\nef\n';
    const crlf = 'ab\r\ncd\r\nef\r\n';
    expect(scriptMatchesChecksum(lf, checksumOf(crlf))).toBe(true);
    expect(scriptMatchesChecksum(crlf, checksumOf(lf))).toBe(true);
    expect(scriptMatchesChecksum('abc', checksumOf('abcd'))).toBe(false);
    expect(scriptMatchesChecksum('abc\n', checksumOf('abc'))).toBe(false);
  });

  it('accepts the old checksums without zero padding', () => {
    // A script whose digest has a byte below 0x10, so that the unpadded rendering is shorter.
    let script = '';
    let old = '';
    for (let i = 0; old.length === 0 || old.length === 64; i++) {
      script = `SELECT ${i};`;
      old = Array.from(Buffer.from(checksumOf(script), 'hex'), (b) => b.toString(16)).join('');
    }
    expect(scriptMatchesChecksum(script, old)).toBe(true);
    expect(scriptMatchesChecksum(`${script} `, old)).toBe(false);
  });
});

describe('migration names', () => {
  it('accepts <YYYYMMDDHHMMSS>_<name>', () => {
    expect(migrationNameProblem('20250101090000_init')).toBeUndefined();
    expect(migrationNameProblem('20251231235959_Add_Audit_2')).toBeUndefined();
  });

  it('rejects other names and impossible timestamps', () => {
    expect(migrationNameProblem('0_init')).toMatch(/YYYYMMDDHHMMSS/);
    expect(migrationNameProblem('20250101090000-init')).toMatch(/YYYYMMDDHHMMSS/);
    expect(migrationNameProblem('20250101090000_add-column')).toMatch(/letters, digits and _/);
    expect(migrationNameProblem('20251301090000_init')).toMatch(/valid UTC timestamp/);
    expect(migrationNameProblem('20250230090000_init')).toMatch(/valid UTC timestamp/);
  });

  it('makes timestamps and names like prisma migrate dev', () => {
    expect(migrationTimestamp(new Date(Date.UTC(2025, 0, 2, 3, 4, 5)))).toBe('20250102030405');
    expect(slugifyMigrationName(' Add audit-record table! ')).toBe('add_audit_record_table');
  });

  it('sorts by timestamp', () => {
    expect(sortMigrationNames(['20250102000000_b', '20241231000000_z', '20250101000000_a'])).toEqual([
      '20241231000000_z',
      '20250101000000_a',
      '20250102000000_b',
    ]);
  });
});

describe('migration_lock.toml', () => {
  it('reads the provider', () => {
    expect(parseLockfileProvider(renderLockfile())).toBe('postgresql');
    expect(parseLockfileProvider('provider="mysql"  # note')).toBe('mysql');
    expect(parseLockfileProvider('# nothing')).toBeUndefined();
  });
});

describe('the _prisma_migrations DDL', () => {
  it('is the engine DDL for PostgreSQL', () => {
    const columns = PRISMA_MIGRATIONS_TABLE_DDL.split('\n')
      .slice(1, -2)
      .map((l) => l.trim().replace(/,$/, '').split(/\s+/)[0]);
    expect(columns).toEqual(['id', 'checksum', 'finished_at', 'migration_name', 'logs', 'rolled_back_at', 'started_at', 'applied_steps_count']);
    expect(PRISMA_MIGRATIONS_TABLE_DDL).toContain('id                      VARCHAR(36) PRIMARY KEY NOT NULL');
    expect(PRISMA_MIGRATIONS_TABLE_DDL).toContain('started_at              TIMESTAMPTZ NOT NULL DEFAULT now()');
  });
});

describe('readMigrationsDir', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'prisma-tools-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const write = (rel: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
    fs.writeFileSync(path.join(tmp, rel), content);
  };

  it('reads the fixture: sorted, with checksums of the file bytes', () => {
    const folder = readMigrationsDir(FIXTURE_MIGRATIONS);
    expect(folder.provider).toBe('postgresql');
    expect(folder.migrations.map((m) => m.name)).toEqual([
      '20250101090000_init',
      '20250102090000_memberships',
      '20250103090000_updated_at_trigger_and_reader_role',
    ]);
    for (const m of folder.migrations) {
      expect(m.checksum).toBe(checksumOf(fs.readFileSync(m.scriptPath)));
    }
  });

  it('ignores files next to the migration folders', () => {
    write('migration_lock.toml', renderLockfile());
    write('README.md', 'notes');
    write('20250101000000_a/migration.sql', 'SELECT 1;');
    expect(readMigrationsDir(tmp).migrations.map((m) => m.name)).toEqual(['20250101000000_a']);
  });

  it('requires migration_lock.toml with provider postgresql', () => {
    write('20250101000000_a/migration.sql', 'SELECT 1;');
    expect(() => readMigrationsDir(tmp)).toThrow(/migration_lock.toml is missing/);
    write('migration_lock.toml', renderLockfile('mysql'));
    expect(() => readMigrationsDir(tmp)).toThrow(expect.objectContaining({ code: 'PROVIDER_MISMATCH' }));
  });

  it('reports every bad folder at once', () => {
    write('migration_lock.toml', renderLockfile());
    write('init/migration.sql', 'SELECT 1;');
    write('20250101000000_a/migration.sql', 'SELECT 1;');
    write('20250101000000_b/migration.sql', 'SELECT 1;');
    write('20250102000000_no_script/other.sql', 'SELECT 1;');
    write('20250103000000_latin1/migration.sql', Buffer.from([0x53, 0xe9, 0x3b]));
    let error: MigrationError | undefined;
    try {
      readMigrationsDir(tmp);
    } catch (e) {
      error = e as MigrationError;
    }
    expect(error?.code).toBe('INVALID_MIGRATIONS_DIR');
    expect(error?.message).toContain('"init" is not named');
    expect(error?.message).toContain('same timestamp');
    expect(error?.message).toContain('20250102000000_no_script: migration.sql is missing');
    expect(error?.message).toContain('20250103000000_latin1: migration.sql is not valid UTF-8');
  });

  it('fails clearly on a missing folder', () => {
    expect(() => readMigrationsDir(path.join(tmp, 'nope'))).toThrow(/does not exist/);
  });
});

describe('migrationScriptProblem', () => {
  it('rejects empty scripts and transaction control', () => {
    expect(migrationScriptProblem({ name: 'm', script: '-- todo\n' })).toMatch(/no SQL statement/);
    expect(migrationScriptProblem({ name: 'm', script: 'BEGIN; SELECT 1; COMMIT;' })).toMatch(/transaction control \(BEGIN; COMMIT\)/);
    expect(migrationScriptProblem({ name: 'm', script: 'SELECT 1;' })).toBeUndefined();
  });
});

describe('planDeployment', () => {
  const local = (name: string, script = `-- ${name}\nSELECT 1;`): LocalMigration => ({
    name,
    timestamp: name.slice(0, 14),
    scriptPath: `/x/${name}/migration.sql`,
    script,
    checksum: checksumOf(script),
  });
  const row = (m: LocalMigration, extra: Partial<AppliedMigrationRow> = {}): AppliedMigrationRow => ({
    id: '00000000-0000-4000-8000-000000000000',
    checksum: m.checksum,
    finished_at: new Date(),
    migration_name: m.name,
    logs: null,
    rolled_back_at: null,
    started_at: new Date(),
    applied_steps_count: 1,
    ...extra,
  });
  const a = local('20250101000000_a');
  const b = local('20250102000000_b');
  const c = local('20250103000000_c');

  it('returns the migrations without a row, in order', () => {
    expect(planDeployment([a, b, c], [row(a)]).map((m) => m.name)).toEqual([b.name, c.name]);
    expect(planDeployment([a, b, c], [row(a), row(b), row(c)])).toEqual([]);
  });

  it('applies a migration again whose earlier attempt was rolled back', () => {
    const rolledBack = row(b, { finished_at: null, rolled_back_at: new Date(), checksum: 'whatever' });
    expect(planDeployment([a, b], [row(a), rolledBack]).map((m) => m.name)).toEqual([b.name]);
  });

  it('refuses a failed migration (P3009)', () => {
    expect(() => planDeployment([a, b], [row(a), row(b, { finished_at: null, logs: 'boom' })])).toThrow(
      expect.objectContaining({ code: 'FAILED_MIGRATIONS', message: expect.stringMatching(/20250102000000_b.*failed with the following logs:\nboom/s) }),
    );
  });

  it('refuses an applied migration that was edited', () => {
    expect(() => planDeployment([a, local(b.name, 'SELECT 2;')], [row(a), row(b)])).toThrow(
      expect.objectContaining({ code: 'CHECKSUM_MISMATCH', message: expect.stringContaining('20250102000000_b was changed after it was applied') }),
    );
  });

  it('refuses an applied migration that is not in the folder', () => {
    expect(() => planDeployment([a], [row(a), row(b)])).toThrow(
      expect.objectContaining({ code: 'MISSING_LOCALLY', message: expect.stringContaining('20250102000000_b is applied in the database but not present') }),
    );
  });
});
