/**
 * Use case: every interval, a signed checkpoint for every chain that grew since its last one,
 * stored (append-only) and published through the outbox on inkijk.audit.checkpoints.v1 in the
 * same transaction.
 */
import { randomUUID } from 'node:crypto';
import type { audit, TopicSpec } from '@inkijk/contracts';
import { addToOutbox, JsonLogger, Transactor } from '@inkijk/platform';
import type { CheckpointSigner, SignedCheckpoint } from '../domain/checkpoint';
import type { CheckpointStore } from '../adapters/prisma/checkpoint-store';

export class CheckpointWriter {
  private timer?: NodeJS.Timeout;
  private readonly log = new JsonLogger('audit-checkpoints');

  constructor(
    private readonly db: Transactor<unknown>,
    private readonly store: CheckpointStore,
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
    if (written.length > 0) this.afterCommit();
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
