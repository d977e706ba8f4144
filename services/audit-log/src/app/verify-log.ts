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
import { checkpointToJson } from './checkpoint-json';
import type { AuditRepository, VerifyWorkerInput, VerifyWorkerReply } from './ports';

export interface VerifyOptions {
  /** Checkpoints kept outside (and/or the stored ones); signatures checked when publicKey is given. */
  kept?: KeptCheckpoint[];
  publicKey?: KeyObject;
  /** Worker threads for large logs (default: defaultThreads()). */
  workers?: number;
  /** Needed for worker threads (each opens its own connection); without it, one thread. */
  databaseUrl?: string;
  /** Below this many records, verify in this thread (default 50,000). */
  parallelFrom?: number;
  /** Threads kept by the caller; without them, threads are started for this verification only. */
  threads?: VerifierThreads;
}

export type VerifyResult = VerificationReport & { durationMs: number; threads: number };

/** Below this many records a log is verified in the caller's thread. */
const PARALLEL_FROM = 50_000;

/** One thread per core, at most 4 (1 still moves the work off the service's event loop). */
export const defaultThreads = () => Math.min(os.availableParallelism(), 4);

export async function verifyAuditLog(store: AuditRepository, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const started = Date.now();
  const kept = opts.kept ?? [];
  const chains = await store.chains();
  const total = chains.reduce((n, c) => n + c.records, 0);
  const threads = Math.max(1, Math.min(opts.threads?.size ?? opts.workers ?? defaultThreads(), chains.length));
  if (!opts.databaseUrl || total < (opts.parallelFrom ?? PARALLEL_FROM)) {
    const verifier = new ChainVerifier(kept, opts.publicKey);
    await store.scanLinks((page) => verifier.pushLinks(page));
    return { ...verifier.finish(), durationMs: Date.now() - started, threads: 1 };
  }
  const groups = balance(chains, threads);
  const present = new Set(chains.map((c) => c.chain));
  const publicKeySpkiBase64 = opts.publicKey?.export({ format: 'der', type: 'spki' }).toString('base64');
  const inputs = groups.map((group) => {
    const mine = new Set(group);
    return { databaseUrl: opts.databaseUrl!, chains: group, checkpoints: kept.filter((k) => mine.has(k.chain)).map(checkpointToJson), publicKeySpkiBase64 };
  });
  const pool = opts.threads ?? new VerifierThreads(groups.length);
  let reports: VerificationReport[];
  try {
    reports = await pool.run(inputs);
  } finally {
    if (!opts.threads) await pool.close();
  }
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
/** The thread's script: the adapter that reads its share of the chains (messages: VerifyWorkerInput / VerifyWorkerReply in ports.ts). */
const WORKER_FILE = path.join(__dirname, '../adapters/postgres/verify-worker' + path.extname(__filename));

/**
 * Verifier threads that stay: starting a thread (loading the driver and the verifier) costs
 * about 0.4 s, a fifth of verifying 200,000 records on two cores, so the service starts its
 * threads once and gives each verification to them. Idle threads do not keep the process alive.
 */
export class VerifierThreads {
  private threads: Array<{ worker: Worker; ready: Promise<void>; busy: Promise<unknown> }> = [];
  private readonly pending = new Map<number, { resolve: (r: VerificationReport) => void; reject: (e: Error) => void }>();
  private nextJob = 1;
  private closed = false;

  /** The threads start with the first run (or start()), not here. */
  constructor(readonly size: number) {}

  start(): void {
    if (this.threads.length === 0) this.threads = Array.from({ length: Math.max(1, this.size) }, () => this.spawn());
  }

  private spawn() {
    // From source (.ts), the worker compiles itself the way the service runs (ADR 0004).
    const fromSource = WORKER_FILE.endsWith('.ts');
    const worker = new Worker(WORKER_FILE, {
      execArgv: fromSource ? ['-r', '@swc-node/register'] : [],
      env: fromSource ? { ...process.env, SWC_NODE_PROJECT: process.env.SWC_NODE_PROJECT ?? path.resolve(__dirname, '../../../../tsconfig.json') } : process.env,
      // Reading makes many short-lived strings: a larger young generation halves the time in GC.
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    worker.unref();
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    ready.catch(() => undefined);
    worker.on('message', (m: VerifyWorkerReply | { ready: true }) => {
      if (!('job' in m)) return;
      const p = this.pending.get(m.job);
      this.pending.delete(m.job);
      if ('report' in m) p?.resolve(m.report);
      else p?.reject(new Error(`verifier thread failed: ${m.error}`));
    });
    const fail = (e: Error) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => !this.closed && fail(new Error(`verifier thread exited with ${code}`)));
    return { worker, ready, busy: Promise.resolve() as Promise<unknown> };
  }

  /** Runs the jobs, at most one per thread at a time. */
  async run(inputs: VerifyWorkerInput[]): Promise<VerificationReport[]> {
    if (this.closed) throw new Error('the verifier threads are closed');
    this.start();
    return Promise.all(
      inputs.map((input, i) => {
        const t = this.threads[i % this.threads.length];
        const job = t.busy.then(async () => {
          await t.ready;
          const id = this.nextJob++;
          return new Promise<VerificationReport>((resolve, reject) => {
            this.pending.set(id, { resolve, reject });
            t.worker.postMessage({ job: id, input });
          });
        });
        t.busy = job.catch(() => undefined);
        return job;
      }),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}

/**
 * The verifier as the service uses it: its store, its database URL for the threads, its key, and
 * its threads, started by the first verification that needs them and kept for the next ones
 * (not at start: the service's start, its consumers joining their group, stays light).
 */
export class AuditVerifier {
  private readonly threads: VerifierThreads;

  constructor(
    private readonly store: AuditRepository,
    private readonly databaseUrl: string,
    private readonly publicKey: KeyObject,
    threadCount = defaultThreads(),
  ) {
    this.threads = new VerifierThreads(threadCount);
  }

  verify(kept: KeptCheckpoint[], opts: Pick<VerifyOptions, 'parallelFrom'> = {}): Promise<VerifyResult> {
    return verifyAuditLog(this.store, { ...opts, kept, publicKey: this.publicKey, databaseUrl: this.databaseUrl, threads: this.threads });
  }

  close(): Promise<void> {
    return this.threads.close();
  }
}
