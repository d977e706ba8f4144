import {
  connectionConfig,
  databaseNameFromUrl,
  LOCAL_SERVER_URL,
  redactUrl,
  schemaFromUrl,
  serverUrlFromEnv,
  uniqueDatabaseName,
  withDatabaseName,
} from './database';

describe('database URL helpers', () => {
  const url = 'postgresql://app:s3cret@db.internal:6543/inkijk_registration?schema=reg&sslmode=disable';

  it('reads the database and schema from a URL', () => {
    expect(databaseNameFromUrl(url)).toBe('inkijk_registration');
    expect(schemaFromUrl(url)).toBe('reg');
    expect(schemaFromUrl('postgresql://localhost/x')).toBe('public');
  });

  it('swaps the database name and keeps the rest', () => {
    expect(withDatabaseName(url, 'postgres')).toBe('postgresql://app:s3cret@db.internal:6543/postgres?schema=reg&sslmode=disable');
  });

  it('drops Prisma-only parameters for pg', () => {
    expect(connectionConfig(url)).toEqual({ connectionString: 'postgresql://app:s3cret@db.internal:6543/inkijk_registration?sslmode=disable' });
  });

  it('hides passwords in messages', () => {
    expect(redactUrl(url)).not.toContain('s3cret');
    expect(redactUrl(url)).toContain('app:***@');
  });

  it('rejects URLs without a database or of another kind', () => {
    expect(() => databaseNameFromUrl('postgresql://localhost:5432/')).toThrow(/names no database/);
    expect(() => databaseNameFromUrl('mysql://localhost/x')).toThrow(/not a postgresql/);
    expect(() => databaseNameFromUrl('nonsense')).toThrow(/not a valid database URL/);
  });

  it('uses DATABASE_URL, else the local server', () => {
    expect(serverUrlFromEnv({ DATABASE_URL: url })).toBe(url);
    expect(serverUrlFromEnv({})).toBe(LOCAL_SERVER_URL);
  });

  it('makes unique, valid database names', () => {
    const a = uniqueDatabaseName('My-Test');
    const b = uniqueDatabaseName('My-Test');
    expect(a).toMatch(/^my_test_\d{14}_[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    expect(uniqueDatabaseName('x'.repeat(100)).length).toBeLessThanOrEqual(63);
  });
});
