/**
 * Use cases of the consumers: fold a batch of events into aggregate increments and write them,
 * inside the inbox's transaction (each event counted exactly once).
 */
import type { SqlQuery } from '@inkijk/platform';
import { foldActions, foldQueries, ReportableAction, ReportableQuery } from '../domain/usage';
import type { ReportingRepository } from './ports';

export class UsageIngest {
  constructor(private readonly store: ReportingRepository) {}

  /** Attributed queries (inkijk.query.attributed.v1). */
  async queries(queries: readonly ReportableQuery[], sql: SqlQuery): Promise<void> {
    await this.store.applyQueryDelta(sql, foldQueries(queries));
  }

  /** Actions (inkijk.audit.activity.v1): account management and logins. */
  async actions(actions: readonly ReportableAction[], sql: SqlQuery): Promise<void> {
    const { rows, changed } = foldActions(actions);
    await this.store.applyActivityUsage(sql, rows, changed);
  }
}
