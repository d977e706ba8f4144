/** What the use cases need from the outside: storage, a clock, where feed records and actions go. */
import type { ActionRecord, SqlQuery, Transactor } from '@inkijk/platform';
import type { Month } from '../domain/month';
import type { SupplierProtocolLine } from '../domain/protocol';
import type { GenericReport, KnownOrganisation, SupplierFeed } from '../domain/reports';
import type {
  ActivityUsageRow,
  ChangedMonth,
  ProvisionLine,
  QueryDelta,
  QueryUsageRow,
  SubjectUsageRow,
  SupplierUsageRow,
  WorkerUsageRow,
} from '../domain/usage';

export type ReportKind = 'GENERIC' | 'SUPPLIER';

export interface StoredVersion {
  version: number;
  contentHash: string;
  body: string;
  createdAt: Date;
}

export type ChangeMark = ChangedMonth & { revision: number };

/** Every method runs on the caller's transaction (`sql`). */
export interface ReportingRepository {
  applyQueryDelta(sql: SqlQuery, delta: QueryDelta): Promise<void>;
  applyActivityUsage(sql: SqlQuery, rows: readonly ActivityUsageRow[], changed: readonly ChangedMonth[]): Promise<void>;

  organisation(sql: SqlQuery, id: string): Promise<KnownOrganisation | null>;
  organisationKnown(sql: SqlQuery, id: string): Promise<boolean>;
  organisationsWithUsage(sql: SqlQuery, from: Month, to: Month): Promise<string[]>;
  queryUsage(sql: SqlQuery, organisationId: string, from: Month, to: Month): Promise<Omit<QueryUsageRow, 'organisationId'>[]>;
  supplierUsageOfOrganisation(sql: SqlQuery, organisationId: string, from: Month, to: Month): Promise<Omit<SupplierUsageRow, 'organisationId'>[]>;
  activityUsage(sql: SqlQuery, organisationId: string, from: Month, to: Month): Promise<Omit<ActivityUsageRow, 'organisationId'>[]>;
  supplierUsage(sql: SqlQuery, supplier: string, month: Month): Promise<Array<Omit<SupplierUsageRow, 'month' | 'supplier'> & { organisation: KnownOrganisation }>>;
  workerUsage(sql: SqlQuery, organisationId: string, from: Month, to: Month): Promise<Omit<WorkerUsageRow, 'organisationId'>[]>;
  subjectUsage(sql: SqlQuery, organisationId: string, from: Month, to: Month): Promise<Omit<SubjectUsageRow, 'organisationId'>[]>;
  provisions(sql: SqlQuery, organisationId: string, month: Month): Promise<Omit<ProvisionLine, 'organisationId'>[]>;

  lockReport(sql: SqlQuery, kind: ReportKind, scope: string, month: Month): Promise<void>;
  version(sql: SqlQuery, kind: ReportKind, scope: string, month: Month, version?: number): Promise<StoredVersion | null>;
  versions(sql: SqlQuery, kind: ReportKind, scope: string, month: Month): Promise<Omit<StoredVersion, 'body'>[]>;
  insertVersion(sql: SqlQuery, kind: ReportKind, scope: string, month: Month, version: number, contentHash: string, body: string): Promise<void>;
  builtMonths(sql: SqlQuery, kind: ReportKind, scope: string, months: readonly Month[]): Promise<Month[]>;

  changedMonths(sql: SqlQuery, limit?: number): Promise<ChangeMark[]>;
  clearChanged(sql: SqlQuery, mark: ChangeMark): Promise<void>;
  scheduledBuildDone(sql: SqlQuery, month: Month): Promise<boolean>;
  recordScheduledBuild(sql: SqlQuery, month: Month): Promise<void>;
}

/** Runs work in one database transaction, giving the SQL handle of that transaction. */
export type Database = Transactor<unknown>;

export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Where a new report version is announced: called inside the version's transaction (a
 * transactional outbox), so a stored version and its feed record commit together.
 */
export interface FeedOutbox {
  genericReport(sql: SqlQuery, report: GenericReport): Promise<void>;
  supplierFeed(sql: SqlQuery, feed: SupplierFeed): Promise<void>;
  /** Publish what was committed (nudges the relay). */
  flush(): void;
}

/**
 * Where protocol lines go (issue 20): called inside the ingest's transaction (a transactional
 * outbox), so a query's lines are written exactly when its counts are, once (the inbox), and
 * published after the commit, in order per customer organisation.
 */
export interface ProtocolOutbox {
  add(sql: SqlQuery, lines: readonly SupplierProtocolLine[]): Promise<void>;
  /** Publish what was committed (nudges the relay). */
  flush(): void;
}

/**
 * The audit trail of this service's own actions (ADR 0018): report downloads and builds. Resolves
 * once the action is recorded durably; throws a ReportingRefusal of kind UNAVAILABLE when it
 * cannot be, and the caller then answers without the result (fail closed).
 */
export interface ActionLog {
  record(action: ActionRecord): Promise<void>;
}
