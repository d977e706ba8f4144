/**
 * Drift check: do schema.prisma and the migrations folder describe the same database?
 *
 * This is `prisma migrate diff --from-migrations <dir> --to-schema <schema> --exit-code`, run by
 * Prisma's own schema engine (wasm build): the engine replays the migrations on a fresh shadow
 * database, reads the result back and diffs it with the schema's datamodel using Prisma's own
 * type mapping and naming rules. Objects Prisma does not model (functions, triggers, grants,
 * roles, comments) are not part of the diff; tables, columns, defaults, keys, indexes, foreign
 * keys and enums are.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTemporaryDatabase, serverUrlFromEnv } from './database';
import { readMigrationsDir, type MigrationsFolder } from './migration-folder';
import { openSchemaEngine } from './schema-engine';

export interface DriftResult {
  /** True when the migrations produce exactly what schema.prisma declares. */
  inSync: boolean;
  /** One readable line per difference, e.g. "table note: column `title` is in schema.prisma but missing in migrations". */
  differences: string[];
  /** The engine's own summary (empty when in sync). */
  summary: string;
  /** The SQL a new migration would need to bring the migrations in line with schema.prisma (empty when in sync). */
  script: string;
}

export interface DriftOptions {
  schemaPath: string;
  migrationsDir: string;
  /**
   * Any URL on the PostgreSQL server to use for the temporary databases (default DATABASE_URL,
   * else the local server). Only new, uniquely named databases are created there, and dropped.
   */
  serverUrl?: string;
  log?: (line: string) => void;
}

export class DriftCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DriftCheckError';
  }
}

/** The engine's view of a migrations folder (MigrationList in the engine's API). */
export function migrationList(folder: MigrationsFolder, shadowDbInitScript = '') {
  return {
    baseDir: folder.dir,
    lockfile: { path: 'migration_lock.toml', content: folder.lockfile },
    shadowDbInitScript,
    migrationDirectories: folder.migrations.map((m) => ({
      path: m.name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.script } },
    })),
  };
}

/** Runs the engine's diff from the migrations to the schema: summary and/or SQL script. */
async function diffMigrationsToSchema(options: DriftOptions): Promise<{ summary: string; script: string; differs: boolean }> {
  const schemaPath = path.resolve(options.schemaPath);
  if (!fs.existsSync(schemaPath)) throw new DriftCheckError(`schema file ${schemaPath} does not exist`);
  const schema = fs.readFileSync(schemaPath, 'utf8');
  const folder = readMigrationsDir(options.migrationsDir);
  const temp = await createTemporaryDatabase({ serverUrl: options.serverUrl ?? serverUrlFromEnv(), prefix: 'prisma_tools_drift' });
  try {
    const session = await openSchemaEngine({ databaseUrl: temp.url, datamodels: [[schemaPath, schema]], log: options.log });
    try {
      const params = (script: boolean) => ({
        from: { tag: 'migrations', ...migrationList(folder) },
        to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
        script,
        exitCode: true,
        filters: { externalTables: [], externalEnums: [] },
      });
      const summaryResult = await runEngine(() => session.engine.diff(params(false)));
      const differs = summaryResult.exitCode === 2;
      const script = differs ? ((await runEngine(() => session.engine.diff(params(true)))).stdout ?? '') : '';
      return { summary: differs ? (summaryResult.stdout ?? '') : '', script, differs };
    } finally {
      await session.close();
    }
  } finally {
    await temp.drop();
  }
}

async function runEngine<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const e = error as { message?: string; code?: string };
    const message = (e.message ?? String(error)).split(/\n\s+0: /)[0].trim();
    throw new DriftCheckError(`schema engine${e.code ? ` (${e.code})` : ''}: ${message}`);
  }
}

/** Compares schema.prisma with the migrations folder. */
export async function checkDrift(options: DriftOptions): Promise<DriftResult> {
  const { summary, script, differs } = await diffMigrationsToSchema(options);
  if (!differs) return { inSync: true, differences: [], summary: '', script: '' };
  const differences = describeDrift(summary);
  return { inSync: false, differences: differences.length > 0 ? differences : [summary.trim()], summary, script };
}

/**
 * The SQL for a new migration that takes the database from what the migrations produce to what
 * schema.prisma declares (what `prisma migrate dev --create-only` would write); empty when
 * there is nothing to do.
 */
export async function migrationSqlFromSchema(options: DriftOptions): Promise<string> {
  const { script, differs } = await diffMigrationsToSchema(options);
  return differs ? script : '';
}

/**
 * Turns the engine's diff summary (direction: from the migrations to schema.prisma) into
 * readable lines, one per difference, e.g.
 *   table note: column `title` is in schema.prisma but missing in migrations
 *   table person: column `email` differs between migrations and schema.prisma (type changed)
 *   table legacy: exists in migrations but not in schema.prisma
 */
export function describeDrift(summary: string): string[] {
  const lines: string[] = [];
  let list: { kind: string; added: boolean } | undefined;
  let owner: string | undefined;
  for (const raw of summary.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line === ')' || line === '`') continue;
    if (!/^\s/.test(raw)) {
      list = undefined;
      owner = undefined;
      const top = /^\[([+-])\] (?:Added|Removed) (\w+)$/.exec(line);
      const changed = /^\[\*\] Changed the `(.+)` (\w+)$/.exec(line);
      const redefined = /^\[\*\] Redefined table `(.+)`$/.exec(line);
      if (top) {
        list = { kind: singular(top[2]), added: top[1] === '+' };
      } else if (changed) {
        owner = `${changed[2]} ${changed[1]}`;
      } else if (redefined) {
        owner = `table ${redefined[1]}`;
        lines.push(`${owner}: differs between migrations and schema.prisma`);
      } else {
        lines.push(line.replace(/^\[.\] /, ''));
      }
      continue;
    }
    if (list && line.startsWith('- ')) {
      const name = line.slice(2).trim();
      lines.push(
        `${list.kind} ${name}: ${list.added ? 'is in schema.prisma but missing in migrations' : 'exists in migrations but not in schema.prisma'}`,
      );
      continue;
    }
    lines.push(`${owner ? `${owner}: ` : ''}${describeChange(line)}`);
  }
  return lines;
}

function describeChange(line: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^\[\+\] Added (.*)$/.exec(line))) return `${m[1]} is in schema.prisma but missing in migrations`;
  if ((m = /^\[-\] (?:Removed|Dropped) (?:the )?(.*)$/.exec(line))) return `${m[1]} exists in migrations but not in schema.prisma`;
  if ((m = /^\[\*\] Altered column (`.*`) \((.*)\)$/.exec(line)) || (m = /^\[\*\] Column (`.*`) would be dropped and recreated \((.*)\)$/.exec(line))) {
    return `column ${m[1]} differs between migrations and schema.prisma (${describeColumnChanges(m[2])})`;
  }
  if ((m = /^\[\*\] Renamed (?:the )?(index|foreign key) (\S+) to (\S+)$/.exec(line))) {
    return `${m[1]} ${m[2]} in migrations is named ${m[3]} in schema.prisma`;
  }
  if ((m = /^\[\*\] Renamed the primary key on columns (.*)$/.exec(line))) {
    return `primary key on columns ${m[1]} has another name in migrations than in schema.prisma`;
  }
  if (/^\[\*\] Changed the primary key for /.test(line)) return 'primary key differs between migrations and schema.prisma';
  if ((m = /^\[\*\] Redefined index (.*)$/.exec(line))) return `index ${m[1]} differs between migrations and schema.prisma`;
  return line.replace(/^\[.\] /, '');
}

/** "type changed, changed from Required to Nullable, default changed from `a` to `b`" -> readable. */
function describeColumnChanges(changes: string): string {
  return changes
    .replace(/\bchanged from (Required|Nullable|List) to (Required|Nullable|List)\b/g, (_m, a: string, b: string) =>
      `${a.toLowerCase()} in migrations, ${b.toLowerCase()} in schema.prisma`,
    )
    .replace(/\bdefault changed from `(.*?)` to `(.*?)`(?=, |$)/g, (_m, a: string, b: string) =>
      `default ${readableDefault(a)} in migrations, ${readableDefault(b)} in schema.prisma`,
    );
}

/** The engine prints defaults as Rust debug output, e.g. `Some(Value(Float(BigDecimal("1.5"))))`. */
export function readableDefault(text: string): string {
  let value = text.trim();
  if (value === 'None') return 'none';
  for (;;) {
    const m = /^(?:Some|Value|Int|BigInt|Float|Text|Enum|Boolean|BigDecimal|Bytes|Json|Numeric|DateTime|Constant)\((.*)\)$/.exec(value);
    if (!m) break;
    value = m[1];
  }
  if (value === 'Now') return 'now()';
  if (value === 'UniqueRowid') return 'unique_rowid()';
  const generated = /^DbGenerated\((?:Some\()?"?(.*?)"?\)?\)$/.exec(value);
  if (generated) return `dbgenerated(${generated[1]})`;
  const sequence = /^Sequence\("?(.*?)"?\)$/.exec(value);
  if (sequence) return `nextval(${sequence[1]})`;
  const quoted = /^"(.*)"$/.exec(value);
  return quoted ? quoted[1] : value;
}

function singular(kind: string): string {
  if (kind === 'UDTs') return 'type';
  return kind.replace(/s$/, '');
}
