import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, servicePaths } from './cli';

function io(now?: Date) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: {}, now: now && (() => now) } };
}

describe('runCli', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'prisma-tools-cli-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('prints usage and exits 2 without arguments, 0 with --help', async () => {
    const a = io();
    expect(await runCli([], a.io)).toBe(2);
    expect(a.out.join('\n')).toContain('usage: prisma-tools');
    expect(await runCli(['--help'], io().io)).toBe(0);
  });

  it('rejects unknown commands and options with exit 2', async () => {
    const a = io();
    expect(await runCli(['push', tmp], a.io)).toBe(2);
    expect(a.err.join('\n')).toContain('unknown command "push"');
    const b = io();
    expect(await runCli(['migrate-deploy', tmp, '--force'], b.io)).toBe(2);
    expect(b.err.join('\n')).toContain('unknown option --force');
    expect(await runCli(['new-migration', tmp], io().io)).toBe(2);
  });

  it('needs DATABASE_URL for migrate-deploy', async () => {
    const a = io();
    expect(await runCli(['migrate-deploy', tmp], a.io)).toBe(1);
    expect(a.err.join('\n')).toContain('DATABASE_URL is not set');
  });

  it('creates the migrations folder, the lock file and a timestamped, empty migration', async () => {
    const a = io(new Date(Date.UTC(2025, 5, 1, 12, 0, 0)));
    expect(await runCli(['new-migration', tmp, 'Add audit record'], a.io)).toBe(0);
    const { migrationsDir } = servicePaths(tmp);
    expect(fs.readFileSync(path.join(migrationsDir, 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"');
    expect(fs.readFileSync(path.join(migrationsDir, '20250601120000_add_audit_record', 'migration.sql'), 'utf8')).toBe('');
    expect(a.out.join('\n')).toContain('Write the SQL');

    // A clock behind the last migration still yields a later folder name.
    expect(await runCli(['new-migration', tmp, 'second'], io(new Date(Date.UTC(2024, 0, 1))).io)).toBe(0);
    expect(fs.readdirSync(migrationsDir).sort()).toEqual(['20250601120000_add_audit_record', '20250601120001_second', 'migration_lock.toml']);
  });
});
