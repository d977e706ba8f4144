/**
 * Worker thread of the parallel verifier: takes jobs (a share of the chains, with their kept
 * checkpoints) one at a time, verifies them with its own database connection and the domain
 * verifier, and posts each report back. The thread stays for the next job until it is ended.
 */
import { parentPort } from 'node:worker_threads';
import { Pool } from 'pg';
import { checkpointFromJson } from '../../app/checkpoint-json';
import type { VerifyWorkerInput, VerifyWorkerReply } from '../../app/ports';
import { publicKeyFromBase64 } from '../../domain/checkpoint';
import { ChainVerifier, VerificationReport } from '../../domain/verifier';
import { AuditStore } from './audit-store';

async function run(input: VerifyWorkerInput): Promise<VerificationReport> {
  const pool = new Pool({ connectionString: input.databaseUrl, max: 1 });
  try {
    const verifier = new ChainVerifier(input.checkpoints.map(checkpointFromJson), input.publicKeySpkiBase64 ? publicKeyFromBase64(input.publicKeySpkiBase64) : undefined);
    await new AuditStore(pool).scanLinks((page) => verifier.pushLinks(page), { chains: input.chains });
    return verifier.finish();
  } finally {
    await pool.end();
  }
}

parentPort!.on('message', ({ job, input }: { job: number; input: VerifyWorkerInput }) => {
  run(input).then(
    (report) => parentPort!.postMessage({ job, report } satisfies VerifyWorkerReply),
    (e: unknown) => parentPort!.postMessage({ job, error: (e as Error).message } satisfies VerifyWorkerReply),
  );
});
parentPort!.postMessage({ ready: true });
