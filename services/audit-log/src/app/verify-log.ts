/**
 * Use case: verify the whole log. Every record is read in (chain, sequence) order and fed to
 * the domain verifier, with the checkpoints an outside party kept and (unless told otherwise)
 * the log's own stored checkpoints, their signatures checked with the checkpoint public key.
 *
 * Reading and hashing cost about the same per record and both run on the client, so large logs
 * are verified off the service's event loop, by worker threads, each with its own connection
 * and a share of the chains (a chain is never split: its links are checked in one pass). Small
 * logs stay in this thread.
 */
import type { KeyObject } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ChainVerifier, KeptCheckpoint, mergeReports, VerificationReport } from '../domain/verifier';
import type { AuditStore } from '../adapters/prisma/audit-store';
import type { VerifyWorkerInput } from '../adapters/prisma/verify-worker';
import { checkpointToJson } from './checkpoint-json';

export interface VerifyOptions {
  /** Checkpoints kept outside (and/or the stored ones); signatures checked when publicKey is given. */
  kept?: KeptCheckpoint[];
  publicKey?: KeyObject;
  /** Records per read (default 2,000). */
  pageSize?: number;
  /** Worker threads for large logs (default: the machine's parallelism, at most 4; 1 still moves the work off this thread). */
  workers?: number;
  /** Needed for worker threads (each opens its own connection); without it, one thread. */
  databaseUrl?: string;
  /** Below this many records, verify in this thread (default 50,000). */
  parallelFrom?: number;
}

export type VerifyResult = VerificationReport & { durationMs: number; threads: number };

export async function verifyAuditLog(store: AuditStore, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const started = Date.now();
  const kept = opts.kept ?? [];
  const chains = await store.chains();
  const total = chains.reduce((n, c) => n + c.records, 0);
  const threads = Math.max(1, Math.min(opts.workers ?? Math.min(os.availableParallelism(), 4), chains.length));
  if (!opts.databaseUrl || total < (opts.parallelFrom ?? 50_000)) {
    const verifier = new ChainVerifier(kept, opts.publicKey);
    await store.scanChains((page) => verifier.push(page), { pageSize: opts.pageSize });
    return { ...verifier.finish(), durationMs: Date.now() - started, threads: 1 };
  }
  const groups = balance(chains, threads);
  const present = new Set(chains.map((c) => c.chain));
  const publicKeySpkiBase64 = opts.publicKey?.export({ format: 'der', type: 'spki' }).toString('base64');
  const reports = await Promise.all(
    groups.map((group) => {
      const mine = new Set(group);
      return runWorker({ databaseUrl: opts.databaseUrl!, chains: group, checkpoints: kept.filter((k) => mine.has(k.chain)).map(checkpointToJson), publicKeySpkiBase64, pageSize: opts.pageSize });
    }),
  );
  // Checkpoints of chains that have no record left: the chain was removed.
  const orphans = new ChainVerifier(kept.filter((k) => !present.has(k.chain)), opts.publicKey).finish();
  return { ...mergeReports([...reports, orphans]), durationMs: Date.now() - started, threads: groups.length };
}

/** Splits chains into n groups of about equal record counts (largest first, into the lightest group). */
function balance(chains: Array<{ chain: string; records: number }>, n: number): string[][] {
  const groups = Array.from({ length: n }, () => ({ chains: [] as string[], records: 0 }));
  for (const c of [...chains].sort((a, b) => b.records - a.records)) {
    const lightest = groups.reduce((a, b) => (b.records < a.records ? b : a));
    lightest.chains.push(c.chain);
    lightest.records += c.records;
  }
  return groups.filter((g) => g.chains.length > 0).map((g) => g.chains);
}

const YOUNG_GENERATION_MB = 192;
const WORKER_FILE = path.join(__dirname, '../adapters/prisma/verify-worker' + path.extname(__filename));

function runWorker(input: VerifyWorkerInput): Promise<VerificationReport> {
  // From source (.ts), the worker compiles itself the way the service runs (ADR 0004).
  const fromSource = WORKER_FILE.endsWith('.ts');
  const worker = new Worker(WORKER_FILE, {
    workerData: input,
    execArgv: fromSource ? ['-r', '@swc-node/register'] : [],
    env: fromSource ? { ...process.env, SWC_NODE_PROJECT: process.env.SWC_NODE_PROJECT ?? path.resolve(__dirname, '../../../../tsconfig.json') } : process.env,
    // Reading makes many short-lived strings: a larger young generation halves the time in GC.
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { report?: VerificationReport; error?: string }) => (m.report ? resolve(m.report) : reject(new Error(`verifier thread failed: ${m.error}`))));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`verifier thread exited with ${code}`)));
  });
}

/** The verifier as the service uses it: its store, its database URL for the threads, its key. */
export class AuditVerifier {
  constructor(
    private readonly store: AuditStore,
    private readonly databaseUrl: string,
    private readonly publicKey: KeyObject,
  ) {}

  verify(kept: KeptCheckpoint[], opts: Pick<VerifyOptions, 'workers' | 'parallelFrom' | 'pageSize'> = {}): Promise<VerifyResult> {
    return verifyAuditLog(this.store, { ...opts, kept, publicKey: this.publicKey, databaseUrl: this.databaseUrl });
  }
}
