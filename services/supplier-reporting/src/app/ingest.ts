/**
 * Use cases of the consumers: fold a batch of events into aggregate increments and write them,
 * inside the inbox's transaction (each event counted exactly once).
 */
import type { SqlQuery } from '@inkijk/platform';
import { protocolLinesOfBatch, ProtocolQuery } from '../domain/protocol';
import { foldActions, foldQueries, ReportableAction, ReportableQuery } from '../domain/usage';
import type { ProtocolOutbox, ReportingRepository } from './ports';

export class UsageIngest {
  /** `protocol`: where the suppliers' protocol lines go (none: not written, e.g. the ingest benchmark). */
  constructor(
    private readonly store: ReportingRepository,
    private readonly protocol?: ProtocolOutbox,
  ) {}

  /** Attributed queries (inkijk.query.attributed.v1): aggregates, and a protocol line per provision. */
  async queries(queries: readonly (ReportableQuery & ProtocolQuery)[], sql: SqlQuery): Promise<void> {
    await this.store.applyQueryDelta(sql, foldQueries(queries));
    if (!this.protocol) return;
    const lines = protocolLinesOfBatch(queries);
    if (lines.length > 0) await this.protocol.add(sql, lines);
  }

  /** After a batch committed: publish its protocol lines now rather than at the relay's next poll. */
  committed(): void {
    this.protocol?.flush();
  }

  /** Actions (inkijk.audit.activity.v1): account management and logins. */
  async actions(actions: readonly ReportableAction[], sql: SqlQuery): Promise<void> {
    const { rows, changed } = foldActions(actions);
    await this.store.applyActivityUsage(sql, rows, changed);
  }
}
