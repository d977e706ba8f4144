/**
 * Use case: every interval, a signed checkpoint for every chain that grew since its last one,
 * stored (append-only) and published through the outbox on inkijk.audit.checkpoints.v1 in the
 * same transaction.
 */
import { randomUUID } from 'node:crypto';
import type { audit, TopicSpec } from '@inkijk/contracts';
import { addToOutbox, JsonLogger, meter, Transactor } from '@inkijk/platform';
import type { CheckpointSigner, SignedCheckpoint } from '../domain/checkpoint';
import type { CheckpointRepository } from './ports';

let gauges: { roundAt: number; writtenAt: number } | undefined;

/**
 * The age of the checkpoints, for the operators' alert (deploy/prometheus): when the last round
 * finished (every chain that had grown got its checkpoint) and when checkpoints were last signed.
 * Registered once per process, without labels (ADR 0010).
 */
function ensureGauges(): NonNullable<typeof gauges> {
  if (gauges) return gauges;
  const g = { roundAt: 0, writtenAt: 0 };
  const m = meter();
  m.createObservableGauge('inkijk_audit_checkpoint_round_at_seconds', { description: 'When the last checkpoint round finished, every grown chain signed (Unix time, seconds; 0: none yet)' }).addCallback((r) => r.observe(g.roundAt));
  m.createObservableGauge('inkijk_audit_checkpoint_written_at_seconds', { description: 'When checkpoints were last signed and stored (Unix time, seconds; 0: none since the start)' }).addCallback((r) => r.observe(g.writtenAt));
  gauges = g;
  return g;
}

export class CheckpointWriter {
  private timer?: NodeJS.Timeout;
  private readonly log = new JsonLogger('audit-checkpoints');

  constructor(
    private readonly db: Transactor<unknown>,
    private readonly store: CheckpointRepository,
    private readonly signer: CheckpointSigner,
    private readonly topic: TopicSpec<audit.AuditCheckpoint>,
    private readonly afterCommit: () => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Writes the checkpoints that are due; returns them. */
  async writeDue(): Promise<SignedCheckpoint[]> {
    const written = await this.db.transaction(async (_tx, query) => {
      const [heads, latest] = await Promise.all([this.store.heads(query), this.store.latestHeads(query)]);
      const createdAt = this.now();
      const out: SignedCheckpoint[] = [];
      for (const h of heads.filter((x) => x.sequence > (latest.get(x.chain) ?? 0))) {
        const signed = this.signer.sign({ chain: h.chain, headSequence: h.sequence, headHash: h.hash, recordCount: h.sequence, createdAt }, randomUUID());
        await this.store.insert(query, signed);
        await addToOutbox(query, this.topic, signed);
        out.push(signed);
      }
      return out;
    });
    const g = ensureGauges();
    g.roundAt = Math.floor(this.now() / 1000);
    if (written.length > 0) {
      g.writtenAt = g.roundAt;
      this.afterCommit();
    }
    return written;
  }

  start(intervalMs: number): void {
    const tick = async () => {
      try {
        const n = (await this.writeDue()).length;
        if (n > 0) this.log.log(`signed ${n} checkpoint(s)`);
      } catch (e) {
        this.log.warn(`checkpoints not written this round: ${(e as Error).message}`);
      }
      if (this.timer) this.timer = setTimeout(tick, intervalMs);
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
