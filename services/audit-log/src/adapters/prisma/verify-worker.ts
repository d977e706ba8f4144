/**
 * Worker thread of the parallel verifier: verifies its share of the chains with its own
 * database connection and the domain verifier, and posts the report back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'pg';
import { checkpointFromJson, CheckpointJson } from '../../app/checkpoint-json';
import { publicKeyFromBase64 } from '../../domain/checkpoint';
import { ChainVerifier } from '../../domain/verifier';
import { AuditStore } from './audit-store';

export interface VerifyWorkerInput {
  databaseUrl: string;
  chains: string[];
  checkpoints: CheckpointJson[];
  publicKeySpkiBase64?: string;
  pageSize?: number;
}

async function run(input: VerifyWorkerInput): Promise<void> {
  const pool = new Pool({ connectionString: input.databaseUrl, max: 1 });
  try {
    const verifier = new ChainVerifier(input.checkpoints.map(checkpointFromJson), input.publicKeySpkiBase64 ? publicKeyFromBase64(input.publicKeySpkiBase64) : undefined);
    await new AuditStore(pool).scanChains((page) => verifier.push(page), { chains: input.chains, pageSize: input.pageSize });
    parentPort!.postMessage({ report: verifier.finish() });
  } catch (e) {
    parentPort!.postMessage({ error: (e as Error).message });
  } finally {
    await pool.end();
  }
}

void run(workerData as VerifyWorkerInput);
