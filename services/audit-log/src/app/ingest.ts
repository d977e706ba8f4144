/**
 * Use cases: store attributed queries, actions and decision records in the audit log. Called by
 * each consumer with the fresh (never stored) events of one chunk, inside the inbox transaction:
 * the inbox claims and the records commit together, so redelivery after a crash adds nothing.
 * The three consumers append to the same chains; the store's per-chain lock orders them.
 */
import type { audit, authorization, query } from '@inkijk/contracts';
import { actionEntryOf, auditEntryOf, decisionEntryOf, LogEntry } from '../domain/audit-entry';
import type { AuditRepository, SqlTx } from './ports';

abstract class Ingest<T> {
  /** Figures for the benchmark: records stored, chunks, and time spent in the handler. */
  readonly stats = { stored: 0, chunks: 0, handlerMs: 0 };

  constructor(
    private readonly store: AuditRepository,
    private readonly now: () => number = Date.now,
  ) {}

  protected abstract entryOf(event: T, recordedAt: number): LogEntry;

  async handle(events: T[], tx: SqlTx): Promise<void> {
    const started = performance.now();
    const recordedAt = this.now();
    await this.store.append(tx, events.map((e) => this.entryOf(e, recordedAt)));
    this.stats.stored += events.length;
    this.stats.chunks++;
    this.stats.handlerMs += performance.now() - started;
  }
}

/**
 * Attributed queries: QUERY records in the chain of the municipality acted for; then, in the
 * same transaction, the notifications they yield to subscribed citizens (ADR 0025), if given.
 */
export class IngestAttributedQueries extends Ingest<query.AttributedQuery> {
  constructor(
    store: AuditRepository,
    private readonly notify?: (events: query.AttributedQuery[], tx: SqlTx) => Promise<unknown>,
    now?: () => number,
  ) {
    super(store, now);
  }

  override async handle(events: query.AttributedQuery[], tx: SqlTx): Promise<void> {
    await super.handle(events, tx);
    if (this.notify) await this.notify(events, tx);
  }

  protected entryOf(e: query.AttributedQuery, recordedAt: number): LogEntry {
    return auditEntryOf(e, recordedAt);
  }
}

/** Actions (ActivityEvent): ACTION records in the chain of the organisation acted for. */
export class IngestActivity extends Ingest<audit.ActivityEvent> {
  protected entryOf(e: audit.ActivityEvent, recordedAt: number): LogEntry {
    return actionEntryOf(e, recordedAt);
  }
}

/** The decision log: DECISION records in the chain of the municipality the query was for. */
export class IngestDecisions extends Ingest<authorization.AccessDecisionRecord> {
  protected entryOf(d: authorization.AccessDecisionRecord, recordedAt: number): LogEntry {
    return decisionEntryOf(d, recordedAt);
  }
}
