/**
 * The verifier from the command line, for operators and outside verifiers with read access:
 *
 *   node -r @swc-node/register services/audit-log/src/verify-cli.ts \
 *     [--checkpoints kept.jsonl] [--public-key <Ed25519 SPKI DER, base64>] [--no-stored-checkpoints] [--threads n]
 *
 * Reads every record of the database in DATABASE_URL, recomputes every link and prints the
 * report as JSON: { ok, checkedRecords, firstBroken: { chain, sequence, reason }, ... }.
 * --checkpoints: checkpoints kept outside, one JSON object per line as GET /audit/checkpoints
 * and the checkpoint topic give them (signature base64). --public-key: check every checkpoint's
 * signature (GET /audit/checkpoint-key). Exit code 0 when the log is intact, 1 when broken, 2 on
 * a usage error.
 */
import * as fs from 'node:fs';
import { Pool } from 'pg';
import { loadConfig, runMain } from '@inkijk/platform';
import { AuditStore } from './adapters/postgres/audit-store';
import { CheckpointStore } from './adapters/postgres/checkpoint-store';
import { checkpointFromJson, CheckpointJson } from './app/checkpoint-json';
import { verifyAuditLog } from './app/verify-log';
import { auditLogEnv } from './config';
import { publicKeyFromBase64 } from './domain/checkpoint';

const USAGE = 'usage: verify-cli [--checkpoints <file.jsonl>] [--public-key <base64 SPKI>] [--no-stored-checkpoints] [--threads <n>]';

function args(argv: string[]) {
  const out: { checkpoints?: string; publicKey?: string; stored: boolean; threads?: number } = { stored: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--checkpoints') out.checkpoints = argv[++i];
    else if (a === '--public-key') out.publicKey = argv[++i];
    else if (a === '--no-stored-checkpoints') out.stored = false;
    else if (a === '--threads') out.threads = Number(argv[++i]);
    else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  return out;
}

runMain(async () => {
  let opts: ReturnType<typeof args>;
  try {
    opts = args(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  const { DATABASE_URL } = loadConfig({ DATABASE_URL: auditLogEnv.DATABASE_URL });
  const pool = new Pool({ connectionString: DATABASE_URL, max: 2 });
  try {
    const kept = opts.checkpoints
      ? fs.readFileSync(opts.checkpoints, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => checkpointFromJson(JSON.parse(l) as CheckpointJson))
      : [];
    const stored = opts.stored ? await new CheckpointStore(pool).list() : [];
    if (!opts.publicKey && kept.length + stored.length > 0) process.stderr.write('note: no --public-key given, checkpoint signatures are not checked\n');
    const report = await verifyAuditLog(new AuditStore(pool), {
      kept: [...stored, ...kept],
      publicKey: opts.publicKey ? publicKeyFromBase64(opts.publicKey) : undefined,
      databaseUrl: DATABASE_URL,
      workers: opts.threads,
    });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await pool.end();
  }
});
