/** Storage of signed checkpoints (append-only), and the chain heads they are made of. */
import type { Pool } from 'pg';
import type { SqlQuery } from '@inkijk/platform';
import type { ChainHead } from '../../domain/hash-chain';
import type { SignedCheckpoint } from '../../domain/checkpoint';
import type { CheckpointRepository } from '../../app/ports';

type Row = Record<string, unknown>;

export function checkpointFromRow(r: Row): SignedCheckpoint {
  return {
    checkpointId: r.checkpoint_id as string,
    chain: r.chain as string,
    headSequence: Number(r.head_sequence),
    headHash: r.head_hash as string,
    recordCount: Number(r.record_count),
    createdAt: Number(r.created_at),
    keyId: r.key_id as string,
    signature: Buffer.from(r.signature as Uint8Array),
  };
}

const CHECKPOINT_COLUMNS = `checkpoint_id, chain, head_sequence::text AS head_sequence, head_hash, record_count::text AS record_count,
  (date_part('epoch', created_at) * 1000)::int8::text AS created_at, key_id, signature`;

export class CheckpointStore implements CheckpointRepository {
  constructor(private readonly pool: Pool) {}

  /** The newest record of every chain. */
  async heads(query: SqlQuery): Promise<ChainHead[]> {
    const rows = await query(
      `SELECT c.chain, r.sequence::text AS sequence, r.hash FROM audit_chain c
       CROSS JOIN LATERAL (SELECT sequence, hash FROM audit_record WHERE audit_record.chain = c.chain ORDER BY sequence DESC LIMIT 1) r
       ORDER BY c.chain`,
      [],
    );
    return rows.map((r) => ({ chain: r.chain as string, sequence: Number(r.sequence), hash: r.hash as string }));
  }

  /** Head sequence of the newest checkpoint per chain. */
  async latestHeads(query: SqlQuery): Promise<Map<string, number>> {
    const rows = await query('SELECT chain, max(head_sequence)::text AS head FROM audit_checkpoint GROUP BY chain', []);
    return new Map(rows.map((r) => [r.chain as string, Number(r.head)]));
  }

  async insert(query: SqlQuery, c: SignedCheckpoint): Promise<void> {
    await query(
      `INSERT INTO audit_checkpoint (checkpoint_id, chain, head_sequence, head_hash, record_count, created_at, key_id, signature)
       VALUES ($1, $2, $3, $4, $5, to_timestamp($6::float8 / 1000), $7, $8)`,
      [c.checkpointId, c.chain, c.headSequence, c.headHash, c.recordCount, c.createdAt, c.keyId, c.signature],
    );
  }

  /** Stored checkpoints, newest first. */
  async list(opts: { chain?: string; limit?: number } = {}): Promise<SignedCheckpoint[]> {
    const query: SqlQuery = async (sql, params) => (await this.pool.query(sql, params)).rows;
    const rows = opts.chain
      ? await query(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint WHERE chain = $1 ORDER BY head_sequence DESC LIMIT $2`, [opts.chain, opts.limit ?? 1000])
      : await query(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint ORDER BY created_at DESC, chain LIMIT $1`, [opts.limit ?? 100_000]);
    return rows.map(checkpointFromRow);
  }
}
