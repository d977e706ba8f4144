/**
 * The one SQL surface over Prisma: which of Prisma's two raw calls a statement goes to, and the
 * interactive transaction's time limits. (Over pg, and a connection cut mid-transaction, the
 * integration tests of the inbox and the consumer cover it against a real database.)
 */
import { prismaTransactor, sqlQueryOf, sqlTxOfPrisma, type PrismaRaw } from './transactor';

function fakePrisma() {
  const calls: Array<[string, string, unknown[]]> = [];
  const tx: PrismaRaw = {
    $queryRawUnsafe: async <T,>(sql: string, ...values: unknown[]) => {
      calls.push(['query', sql, values]);
      return [{ n: 1 }, { n: 2 }] as T;
    },
    $executeRawUnsafe: async (sql: string, ...values: unknown[]) => {
      calls.push(['execute', sql, values]);
      return 3;
    },
  };
  return { tx, calls };
}

describe('sqlTxOfPrisma', () => {
  it('runs reads and writes with RETURNING for their rows', async () => {
    const { tx, calls } = fakePrisma();
    const sql = sqlTxOfPrisma(tx);
    expect(await sql.query('SELECT n FROM t WHERE a = $1', [1])).toEqual({ rows: [{ n: 1 }, { n: 2 }], rowCount: 2 });
    await sql.query('INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING RETURNING a', [2]);
    expect(calls.map(([how, , values]) => [how, values])).toEqual([
      ['query', [1]],
      ['query', [2]],
    ]);
  });

  it('runs writes without RETURNING for their count', async () => {
    const { tx, calls } = fakePrisma();
    const sql = sqlTxOfPrisma(tx);
    expect(await sql.query('  update t SET a = $1', [5])).toEqual({ rows: [], rowCount: 3 });
    expect(await sql.query('DELETE FROM t', [])).toEqual({ rows: [], rowCount: 3 });
    expect(calls.map(([how]) => how)).toEqual(['execute', 'execute']);
  });

  it('gives the rows alone through sqlQueryOf', async () => {
    const { tx } = fakePrisma();
    expect(await sqlQueryOf(sqlTxOfPrisma(tx))('SELECT n FROM t', [])).toEqual([{ n: 1 }, { n: 2 }]);
  });
});

describe('prismaTransactor', () => {
  it('runs the work in one interactive transaction with its time limits, handing the transaction and its SQL', async () => {
    const { tx, calls } = fakePrisma();
    const options: unknown[] = [];
    const prisma = {
      $transaction: async <R,>(fn: (t: PrismaRaw) => Promise<R>, opts?: { timeout?: number; maxWait?: number }) => {
        options.push(opts);
        return fn(tx);
      },
    };
    const result = await prismaTransactor(prisma, 1234).transaction(async (given, query) => {
      expect(given).toBe(tx);
      return query('SELECT n FROM t', []);
    });
    expect(result).toEqual([{ n: 1 }, { n: 2 }]);
    expect(options).toEqual([{ timeout: 1234, maxWait: 1234 }]);
    expect(calls).toHaveLength(1);
  });
});
