/**
 * prisma-tools command line.
 *
 *   node -r @swc-node/register libs/prisma-tools/src/cli.ts <command> <serviceDir> [args]
 *   node libs/prisma-tools/bin/prisma-tools.js <command> <serviceDir> [args]
 *
 * Commands:
 *   generate <serviceDir>                       prisma generate (offline-safe)
 *   migrate-deploy <serviceDir>                 apply pending migrations to DATABASE_URL (created if missing)
 *   drift-check <serviceDir>                    fail when schema.prisma and the migrations disagree
 *   new-migration <serviceDir> <name> [--from-schema]
 *                                               add prisma/migrations/<timestamp>_<name>/migration.sql
 *
 * Exit codes: 0 ok, 1 failure or drift, 2 usage error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureDatabase, redactUrl, serverUrlFromEnv } from './database';
import { checkDrift, migrationSqlFromSchema } from './drift';
import { generateClient } from './generate';
import { deployMigrations } from './migration-deploy';
import {
  MIGRATION_LOCK_FILE,
  MIGRATION_SCRIPT_FILE,
  migrationNameProblem,
  migrationTimestamp,
  readMigrationsDir,
  renderLockfile,
  slugifyMigrationName,
} from './migration-folder';

export const USAGE = `usage: prisma-tools <command> <serviceDir> [args]

commands:
  generate <serviceDir>          run prisma generate for the service (works without the native engine)
  migrate-deploy <serviceDir>    apply pending migrations to DATABASE_URL (the database is created if missing)
  drift-check <serviceDir>       check that prisma/schema.prisma and prisma/migrations describe the same
                                 database, using temporary databases on the server of DATABASE_URL
                                 (or the local server); exit 1 on drift
  new-migration <serviceDir> <name> [--from-schema]
                                 create prisma/migrations/<YYYYMMDDHHMMSS>_<name>/migration.sql, empty, or
                                 with --from-schema the SQL that brings the migrations in line with
                                 schema.prisma (as prisma migrate dev --create-only would write)

A service directory holds prisma.config.ts, prisma/schema.prisma and prisma/migrations/.`;

export interface ServicePaths {
  serviceDir: string;
  schemaPath: string;
  migrationsDir: string;
}

/** The conventional layout of a service (matches each service's prisma.config.ts). */
export function servicePaths(serviceDir: string): ServicePaths {
  const dir = path.resolve(serviceDir);
  return { serviceDir: dir, schemaPath: path.join(dir, 'prisma', 'schema.prisma'), migrationsDir: path.join(dir, 'prisma', 'migrations') };
}

class UsageError extends Error {}

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  now?: () => Date;
}

const defaultIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

/** Runs one command; resolves to the exit code. */
export async function runCli(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`error: ${(error as Error).message ?? String(error)}`);
    return 1;
  }
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const flags = argv.filter((a) => a.startsWith('--'));
  const args = argv.filter((a) => !a.startsWith('--'));
  if (flags.includes('--help') || args.length === 0) {
    io.out(USAGE);
    return args.length === 0 && !flags.includes('--help') ? 2 : 0;
  }
  const [command, serviceDir, ...rest] = args;
  const known: Record<string, string[]> = {
    generate: [],
    'migrate-deploy': [],
    'drift-check': [],
    'new-migration': ['--from-schema'],
  };
  if (!(command in known)) throw new UsageError(`unknown command "${command}"`);
  const badFlag = flags.find((f) => !known[command].includes(f));
  if (badFlag) throw new UsageError(`unknown option ${badFlag} for ${command}`);
  if (!serviceDir) throw new UsageError(`${command} needs a service directory`);
  const paths = servicePaths(serviceDir);
  if (!fs.existsSync(paths.serviceDir)) throw new Error(`service directory ${paths.serviceDir} does not exist`);

  switch (command) {
    case 'generate':
      expectArgs(rest, 0, command);
      await generateClient({ serviceDir: paths.serviceDir, log: io.out });
      return 0;

    case 'migrate-deploy': {
      expectArgs(rest, 0, command);
      const url = io.env.DATABASE_URL;
      if (!url) throw new Error('DATABASE_URL is not set: it names the database to migrate');
      if (await ensureDatabase(url)) io.out(`Created database ${redactUrl(url)}`);
      const applied = await deployMigrations({ databaseUrl: url, migrationsDir: paths.migrationsDir, log: io.out });
      io.out(applied.length === 0 ? 'Database is up to date.' : `Applied: ${applied.join(', ')}`);
      return 0;
    }

    case 'drift-check': {
      expectArgs(rest, 0, command);
      requireFile(paths.schemaPath);
      const result = await checkDrift({
        schemaPath: paths.schemaPath,
        migrationsDir: paths.migrationsDir,
        serverUrl: serverUrlFromEnv(io.env),
      });
      const rel = path.relative(process.cwd(), paths.serviceDir) || '.';
      if (result.inSync) {
        io.out(`No drift: ${rel}/prisma/schema.prisma and its migrations agree.`);
        return 0;
      }
      io.err(`Drift in ${rel}: schema.prisma and the migrations disagree:`);
      for (const line of result.differences) io.err(`  - ${line}`);
      io.err('\nA migration with this SQL would bring the migrations in line with schema.prisma');
      io.err(`(create it with: new-migration ${rel} <name> --from-schema):\n`);
      io.err(result.script.trim());
      return 1;
    }

    case 'new-migration': {
      expectArgs(rest, 1, command);
      const name = slugifyMigrationName(rest[0]);
      if (!name) throw new UsageError(`"${rest[0]}" is not a usable migration name`);
      if (!fs.existsSync(paths.migrationsDir)) {
        fs.mkdirSync(paths.migrationsDir, { recursive: true });
      }
      const lockPath = path.join(paths.migrationsDir, MIGRATION_LOCK_FILE);
      if (!fs.existsSync(lockPath)) fs.writeFileSync(lockPath, renderLockfile());
      const existing = readMigrationsDir(paths.migrationsDir).migrations;
      let folderName = `${migrationTimestamp(io.now ? io.now() : new Date())}_${name}`;
      const last = existing[existing.length - 1];
      if (last && folderName <= last.name) {
        // Keep the order strict even when clocks disagree or two are made within a second.
        const next = new Date(Date.UTC(+last.timestamp.slice(0, 4), +last.timestamp.slice(4, 6) - 1, +last.timestamp.slice(6, 8),
          +last.timestamp.slice(8, 10), +last.timestamp.slice(10, 12), +last.timestamp.slice(12, 14) + 1));
        folderName = `${migrationTimestamp(next)}_${name}`;
      }
      const problem = migrationNameProblem(folderName);
      if (problem) throw new UsageError(problem);
      let sql = '';
      if (flags.includes('--from-schema')) {
        requireFile(paths.schemaPath);
        sql = await migrationSqlFromSchema({
          schemaPath: paths.schemaPath,
          migrationsDir: paths.migrationsDir,
          serverUrl: serverUrlFromEnv(io.env),
        });
        if (!sql.trim()) {
          io.out('schema.prisma and the migrations already agree: no migration needed, nothing created.');
          return 0;
        }
      }
      const dir = path.join(paths.migrationsDir, folderName);
      fs.mkdirSync(dir);
      const file = path.join(dir, MIGRATION_SCRIPT_FILE);
      fs.writeFileSync(file, sql);
      const rel = path.relative(process.cwd(), file);
      io.out(`Created ${rel}`);
      io.out(
        sql
          ? 'Review the generated SQL, add what schema.prisma cannot express (triggers, grants, data changes), then run drift-check and migrate-deploy.'
          : 'Write the SQL for the change to schema.prisma in it (or rerun with --from-schema to have it generated), then run drift-check and migrate-deploy.',
      );
      io.out('Never edit a migration once it has been applied anywhere: add a new one instead.');
      return 0;
    }
  }
  throw new UsageError(`unknown command "${command}"`);
}

function expectArgs(rest: string[], count: number, command: string): void {
  if (rest.length !== count) {
    throw new UsageError(`${command} takes ${count === 0 ? 'only a service directory' : `a service directory and ${count} more argument(s)`}`);
  }
}

function requireFile(file: string): void {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
