/**
 * The inbox and outbox tables are declared once here (INBOX_TABLE_SQL, OUTBOX_TABLE_SQL) and
 * copied into each owning service's Prisma migrations (Prisma keeps one migrations folder per
 * service). This proves every copy creates the same tables, columns, keys and indexes as the
 * platform declares, and that no later migration changes them.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { INBOX_TABLE_SQL } from './inbox';
import { OUTBOX_TABLE_SQL } from './outbox';

const SERVICES_DIR = join(__dirname, '..', '..', '..', '..', 'services');
const TABLES = { inbox_message: INBOX_TABLE_SQL, outbox_message: OUTBOX_TABLE_SQL } as const;
type Table = keyof typeof TABLES;

/**
 * One statement as compared: comments and `IF NOT EXISTS` removed, whitespace collapsed and
 * dropped next to punctuation. Quoted literals and identifiers are kept as written.
 */
function normalise(statement: string): string {
  return statement
    .replace(/--[^\n]*/g, ' ')
    .replace(/\bIF\s+NOT\s+EXISTS\b/gi, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),])\s*/g, '$1')
    .trim();
}

function statementsOf(sql: string): string[] {
  return sql
    .split(';')
    .map(normalise)
    .filter((s) => s.length > 0);
}

/** Statements that create, change or drop the table or an index on it. */
function shapes(table: Table, statements: string[]): string[] {
  const name = `"${table}"`;
  const shapeOf = new RegExp(`^(CREATE|ALTER|DROP) (TABLE ${name}|(UNIQUE )?INDEX "[^"]+" ON ${name}|INDEX "${table}_)`, 'i');
  return statements.filter((s) => shapeOf.test(s));
}

interface ServiceMigrations {
  service: string;
  schema: string;
  statements: string[];
}

function serviceMigrations(): ServiceMigrations[] {
  return readdirSync(SERVICES_DIR)
    .filter((service) => existsSync(join(SERVICES_DIR, service, 'prisma', 'schema.prisma')))
    .map((service) => {
      const prisma = join(SERVICES_DIR, service, 'prisma');
      const migrations = join(prisma, 'migrations');
      const folders = existsSync(migrations)
        ? readdirSync(migrations, { withFileTypes: true })
            .filter((d) => d.isDirectory() && existsSync(join(migrations, d.name, 'migration.sql')))
            .map((d) => d.name)
            .sort()
        : [];
      return {
        service,
        schema: readFileSync(join(prisma, 'schema.prisma'), 'utf8'),
        statements: folders.flatMap((f) => statementsOf(readFileSync(join(migrations, f, 'migration.sql'), 'utf8'))),
      };
    });
}

describe('the inbox and outbox tables in the services\' migrations', () => {
  const services = serviceMigrations();

  it.each(Object.keys(TABLES) as Table[])('%s: the platform declares the table and its indexes', (table) => {
    const declared = shapes(table, statementsOf(TABLES[table]));
    expect(declared[0]).toMatch(new RegExp(`^CREATE TABLE "${table}"\\(`));
    expect(declared).toHaveLength(statementsOf(TABLES[table]).length);
  });

  const owners = (table: Table) => services.filter((s) => s.schema.includes(`@@map("${table}")`));

  it('finds the services that own an inbox or outbox', () => {
    expect(owners('inbox_message').length).toBeGreaterThan(0);
    expect(owners('outbox_message').length).toBeGreaterThan(0);
  });

  const cases = services.flatMap((s) => (Object.keys(TABLES) as Table[]).map((table) => [s.service, table, s] as const));
  it.each(cases)('%s: %s is created exactly as the platform declares it, and never changed', (_service, table, s) => {
    const copied = shapes(table, s.statements);
    if (!s.schema.includes(`@@map("${table}")`)) {
      expect(copied).toEqual([]);
      return;
    }
    expect(copied).toEqual(shapes(table, statementsOf(TABLES[table])));
  });

  it('compares normalised SQL: a changed column is a difference, layout is not', () => {
    const declared = shapes('inbox_message', statementsOf(INBOX_TABLE_SQL));
    const relaidOut = INBOX_TABLE_SQL.replace('IF NOT EXISTS ', '').replace(/, /g, ',\n      ').replace('TEXT', '  TEXT');
    const changed = INBOX_TABLE_SQL.replace('"event_id" TEXT', '"event_id" UUID');
    expect(shapes('inbox_message', statementsOf(relaidOut))).toEqual(declared);
    expect(shapes('inbox_message', statementsOf(changed))).not.toEqual(declared);
  });
});
