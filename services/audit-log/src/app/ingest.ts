/**
 * Use case: store attributed queries in the audit log. Called by the consumer with the fresh
 * (never stored) events of one chunk, inside the inbox transaction: the inbox claims and the
 * records commit together, so redelivery after a crash adds nothing.
 */
import type { query } from '@inkijk/contracts';
import { auditEntryOf } from '../domain/audit-entry';
import type { AuditStore, RawTx } from '../adapters/prisma/audit-store';

export class IngestAttributedQueries {
  /** Figures for the benchmark: records stored, chunks, and time spent in the handler. */
  readonly stats = { stored: 0, chunks: 0, handlerMs: 0 };

  constructor(
    private readonly store: AuditStore,
    private readonly now: () => number = Date.now,
  ) {}

  async handle(events: query.AttributedQuery[], tx: RawTx): Promise<void> {
    const started = performance.now();
    const recordedAt = this.now();
    await this.store.append(tx, events.map((e) => auditEntryOf(e, recordedAt)));
    this.stats.stored += events.length;
    this.stats.chunks++;
    this.stats.handlerMs += performance.now() - started;
  }
}
