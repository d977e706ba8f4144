/**
 * Storage of the audit log: appending batches to the hash chains (inside the consumer's inbox
 * transaction), and reading records back for the queries, the export and the verifier. The
 * row's columns and its mapping to records are in audit-record-row.ts.
 *
 * Appends take a transaction-scoped advisory lock per chain, read each chain's head from its
 * newest record, link the new records in memory and write them with one COPY (the server parses
 * no JSON; a raw COPY of the same rows is the benchmark's floor). The role
 * needs no UPDATE anywhere; the unique (chain, sequence) is the last guard against two writers.
 */
import { Client, Pool } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { ChainedEntry, LogEntry } from '../../domain/audit-entry';
import { chainOfEntry } from '../../domain/audit-entry';
import { appendToChain, ChainHead, emptyHead } from '../../domain/hash-chain';
import type { ChainLink } from '../../domain/verifier';
import type { AuditRepository, RecordSearch, SqlTx, StoredRecord } from '../../app/ports';
import { COPY_RECORDS_SQL, copyRows, linkOfRow, RECORD_COLUMNS, RecordRow, recordFromValues } from './audit-record-row';
import { CopyTextReader } from './copy-text';

/** pg settings: rows as arrays of the server's text, unparsed (RecordRow). */
const RAW_TEXT = { getTypeParser: () => (value: string) => value };
export const rawRows = (text: string, values: unknown[]) => ({ text, values, rowMode: 'array' as const, types: RAW_TEXT });

const iso = (t: number) => new Date(t).toISOString();

/** Streams COPY text into the transaction's connection (a pg client: the audit log's transactor is pg's). */
async function copyInto(tx: SqlTx, sql: string, text: string): Promise<void> {
  if (!(tx instanceof Client)) throw new Error('the audit store appends with COPY, which needs the pg client of the transaction');
  const stream = tx.query(copyFrom(sql));
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolve);
    stream.end(text);
  });
}

export class AuditStore implements AuditRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Appends entries to their chains inside the caller's transaction, in the given order per
   * chain. Returns the stored records.
   */
  async append(tx: SqlTx, entries: LogEntry[]): Promise<ChainedEntry[]> {
    if (entries.length === 0) return [];
    const byChain = new Map<string, LogEntry[]>();
    for (const e of entries) {
      const chain = chainOfEntry(e);
      const list = byChain.get(chain);
      if (list) list.push(e);
      else byChain.set(chain, [e]);
    }
    const chains = [...byChain.keys()].sort();
    await tx.query('INSERT INTO audit_chain (chain) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [chains]);
    // One writer per chain at a time; locks taken in a fixed order, released at commit.
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended(c, 0))::text FROM (SELECT c FROM unnest($1::text[]) AS c ORDER BY c) s', [chains]);
    const { rows: heads } = await tx.query(
      `SELECT c.chain, r.sequence::text AS sequence, r.hash FROM unnest($1::text[]) AS c(chain)
       CROSS JOIN LATERAL (SELECT sequence, hash FROM audit_record WHERE audit_record.chain = c.chain ORDER BY sequence DESC LIMIT 1) r`,
      [chains],
    );
    const headOf = new Map<string, ChainHead>(heads.map((h) => [h.chain as string, { chain: h.chain as string, sequence: Number(h.sequence), hash: h.hash as string }]));
    const records: ChainedEntry[] = [];
    for (const chain of chains) records.push(...appendToChain(headOf.get(chain) ?? emptyHead(chain), byChain.get(chain)!).records);
    await copyInto(tx, COPY_RECORDS_SQL, copyRows(records));
    return records;
  }

  /** Records matching the search, ordered by start time, then id. */
  async search(s: RecordSearch): Promise<StoredRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (s.actingForId !== undefined) where.push(`acting_for_id = ${p(s.actingForId)}`);
    if (s.workerUserId !== undefined) where.push(`worker_user_id = ${p(s.workerUserId)}`);
    if (s.subjectPseudonym !== undefined) where.push(`subject_pseudonym = ${p(s.subjectPseudonym)}`);
    if (s.traceId !== undefined) where.push(`trace_id = ${p(s.traceId)}`);
    if (s.kinds !== undefined) where.push(`kind = ANY(${p(s.kinds)}::text[])`);
    if (s.category !== undefined) where.push(`kind = 'ACTION' AND category = ${p(s.category)}`);
    if (s.action !== undefined) where.push(`kind = 'ACTION' AND action = ${p(s.action)}`);
    if (s.period?.from != null) where.push(`start_time >= ${p(iso(s.period.from))}::timestamptz`);
    if (s.period?.to != null) where.push(`start_time < ${p(iso(s.period.to))}::timestamptz`);
    if (s.after) where.push(`(start_time, id) > (${p(iso(s.after.startTime))}::timestamptz, ${p(s.after.id)}::bigint)`);
    // A worker's own records: the queries they made and the actions they performed.
    const scopes = s.scopes.map((sc) =>
      sc.kind === 'ALL' ? 'TRUE' : sc.kind === 'ACTING_FOR' ? `acting_for_id = ${p(sc.municipalityId)}` : `(worker_user_id = ${p(sc.userId)} AND kind IN ('QUERY', 'ACTION'))`,
    );
    where.push(scopes.length ? `(${scopes.join(' OR ')})` : 'FALSE');
    const sql = `SELECT ${RECORD_COLUMNS} FROM audit_record WHERE ${where.join(' AND ')} ORDER BY start_time, id LIMIT ${p(s.limit)}`;
    const { rows } = await this.pool.query<RecordRow>(rawRows(sql, params));
    return rows.map(recordFromValues);
  }

  /**
   * The chains that have records (from the records, not audit_chain), each with its highest
   * sequence as its size (its record count when intact; the verifier uses it to share the work).
   * A skip scan over the (chain, sequence) index: one index descent per chain, not a full count.
   */
  async chains(): Promise<Array<{ chain: string; records: number }>> {
    const { rows } = await this.pool.query(`
      WITH RECURSIVE c AS (
        SELECT min(chain) AS chain FROM audit_record
        UNION ALL
        SELECT (SELECT min(chain) FROM audit_record WHERE chain > c.chain) FROM c WHERE c.chain IS NOT NULL)
      SELECT chain, (SELECT max(sequence) FROM audit_record r WHERE r.chain = c.chain)::int AS records FROM c WHERE chain IS NOT NULL ORDER BY chain`);
    return rows as Array<{ chain: string; records: number }>;
  }

  /**
   * Every record of the given chains (all when absent), chain by chain in sequence order, as
   * verifier links, in pages as the rows arrive. One COPY per call: the server streams the rows
   * while `onPage` hashes the previous ones.
   */
  async scanLinks(onPage: (links: ChainLink[]) => void, opts: { chains?: string[] } = {}): Promise<void> {
    const chains = opts.chains ?? (await this.chains()).map((c) => c.chain);
    if (chains.length === 0) return;
    const client = await this.pool.connect();
    try {
      // The order comes from the (chain, sequence) index, never from sorting wide rows (which
      // would spill to disk); the parallelism is the verifier's own threads, not the server's.
      await client.query('BEGIN READ ONLY');
      await client.query('SET LOCAL enable_sort = off');
      await client.query('SET LOCAL max_parallel_workers_per_gather = 0');
      // COPY takes no parameters: the chain ids go in as escaped literals.
      const list = chains.map((c) => client.escapeLiteral(c)).join(', ');
      const stream = client.query(copyTo(`COPY (SELECT ${RECORD_COLUMNS} FROM audit_record WHERE chain IN (${list}) ORDER BY chain, sequence) TO STDOUT`));
      const reader = new CopyTextReader();
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        const rows = reader.push(chunk);
        if (rows.length > 0) onPage(rows.map(linkOfRow));
      }
      reader.end();
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query('SELECT count(*)::int AS n FROM audit_record');
    return rows[0].n as number;
  }
}
