/**
 * Use cases of the consumers: fold a batch of events into aggregate increments and write them,
 * inside the inbox's transaction (each event counted exactly once).
 */
import type { SqlQuery } from '@inkijk/platform';
import { AccountChange, foldAccountChanges, foldQueries, ReportableQuery } from '../domain/usage';
import type { ReportingRepository } from './ports';

export class UsageIngest {
  constructor(private readonly store: ReportingRepository) {}

  /** Attributed queries (inkijk.query.attributed.v1). */
  async queries(queries: readonly ReportableQuery[], sql: SqlQuery): Promise<void> {
    await this.store.applyQueryDelta(sql, foldQueries(queries));
  }

  /** User events (inkijk.registration.users.v1): account-management actions. */
  async accountChanges(changes: readonly AccountChange[], sql: SqlQuery): Promise<void> {
    const { actions, changed } = foldAccountChanges(changes);
    await this.store.applyAccountActions(sql, actions, changed);
  }
}
