/**
 * Database transactions for the inbox, the outbox and the stores that write with them: one
 * Transactor interface and one SQL surface (SqlTx, pg's `query(text, params)`), whether the
 * service reaches PostgreSQL through a pg pool or through its Prisma client.
 */
import type { Pool, PoolClient } from 'pg';

/** What a statement gives back: its rows, and how many rows it returned or changed. */
export interface SqlResult {
  rows: Array<Record<string, unknown>>;
  rowCount: number | null;
}

/**
 * SQL inside one open transaction, as pg runs it: positional parameters ($1, $2, ...). A pg
 * client is one as it is; a Prisma interactive transaction becomes one through sqlTxOfPrisma.
 */
export interface SqlTx {
  query(text: string, params: unknown[]): Promise<SqlResult>;
}

/** A statement's rows only: the short form of SqlTx.query that most writers need. */
export type SqlQuery = (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** The short form of a transaction's SQL surface. */
export function sqlQueryOf(tx: SqlTx): SqlQuery {
  return async (sql, params) => (await tx.query(sql, params)).rows;
}

/**
 * Runs work in one database transaction: the work gets Tx (what the service writes with: the
 * pg client, or the Prisma transaction with its models) and the transaction's SQL (SqlQuery).
 */
export interface Transactor<Tx> {
  transaction<R>(fn: (tx: Tx, query: SqlQuery) => Promise<R>): Promise<R>;
}

/** Transactor over a pg pool; the work gets the pool client (a SqlTx). */
export function pgTransactor(pool: Pool): Transactor<PoolClient> {
  return {
    async transaction(fn) {
      const client = await pool.connect();
      // pg emits 'error' on a checked-out client whose connection is cut (the database went
      // away mid-transaction); unheard, that ends the process. Heard, the transaction fails
      // (a transient failure the consumer waits out) and the broken client is discarded.
      let broken: Error | undefined;
      const onError = (e: Error) => (broken = e);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(client, sqlQueryOf(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.removeListener('error', onError);
        client.release(broken);
      }
    },
  };
}

/** The raw-SQL part of a Prisma client or interactive transaction. */
export interface PrismaRaw {
  $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
}

/** The part of a generated Prisma client the Transactor needs. */
export interface PrismaLike<Tx> {
  $transaction<R>(fn: (tx: Tx) => Promise<R>, opts?: { timeout?: number; maxWait?: number }): Promise<R>;
}

/** A write that returns no rows: Prisma reports its count only through $executeRawUnsafe. */
const COUNTED_WRITE = /^\s*(INSERT|UPDATE|DELETE)\b/i;

/**
 * A Prisma interactive transaction as a SqlTx. Prisma runs a statement either for its rows or
 * for its count: writes without RETURNING are run for their count (rows empty), the others
 * for their rows (rowCount: how many rows came back).
 */
export function sqlTxOfPrisma(tx: PrismaRaw): SqlTx {
  return {
    async query(text, params) {
      if (COUNTED_WRITE.test(text) && !/\bRETURNING\b/i.test(text)) {
        return { rows: [], rowCount: await tx.$executeRawUnsafe(text, ...params) };
      }
      const rows = await tx.$queryRawUnsafe<Array<Record<string, unknown>>>(text, ...params);
      return { rows, rowCount: rows.length };
    },
  };
}

/** Transactor over a Prisma client (interactive transaction); the work gets the Prisma transaction. */
export function prismaTransactor<Tx extends PrismaRaw>(prisma: PrismaLike<Tx>, timeoutMs = 30_000): Transactor<Tx> {
  return {
    transaction: (fn) => prisma.$transaction((tx) => fn(tx, sqlQueryOf(sqlTxOfPrisma(tx))), { timeout: timeoutMs, maxWait: timeoutMs }),
  };
}
