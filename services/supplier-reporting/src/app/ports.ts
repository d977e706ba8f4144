/** What the use cases need from the outside: storage, a clock, where feed records and actions go. */
import type { ActionRecord, SqlQuery, TopicIndexStore, Transactor } from '@inkijk/platform';
import type { ReportMonth, TopicMonth } from '../domain/completeness';
import type { Month } from '../domain/month';
import type { SupplierProtocolLine } from '../domain/protocol';
import type { ReviewDecision, SignalScope, SignalStatus, StoredSignal } from '../domain/signals/review';
import type { Signal, SignalKind } from '../domain/signals/signal';
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
 * once the action is recorded durably; throws a Refusal of kind UNAVAILABLE when it
 * cannot be, and the caller then answers without the result (fail closed).
 */
export interface ActionLog {
  record(action: ActionRecord): Promise<void>;
}

/** Months as YYYY-MM, both ends inclusive (null: open). */
export interface MonthRange {
  from: string | null;
  to: string | null;
}

/**
 * The completeness check's index of the attributed-query topic (its positions per partition),
 * and the comparisons with the aggregates and the inbox claims of the attributed-query group.
 */
export interface CompletenessIndex extends Pick<TopicIndexStore, 'positions'> {
  /**
   * Per organisation and month: distinct events on the topic below the committed offsets, and
   * those of them the attributed-query group never claimed in its inbox (never counted).
   */
  topicMonths(topic: string, group: string, committed: ReadonlyMap<number, number>, months: MonthRange, municipalityId?: string): Promise<TopicMonth[]>;
  /** The queries the aggregates count, per organisation and month. */
  reportMonths(months: MonthRange, municipalityId?: string): Promise<ReportMonth[]>;
  /** Records below the committed offsets that could not be decoded. */
  unreadable(topic: string, committed: ReadonlyMap<number, number>): Promise<number>;
}

/** A consumer group's committed offsets and the topic's end offsets, per partition (the platform's). */
export type { TopicOffsets } from '@inkijk/platform';

/** Which signals a caller lists: their scope, and the filters they chose. */
export interface SignalFilter {
  scope: Exclude<SignalScope, null>;
  status?: SignalStatus;
  kind?: SignalKind;
  organisationId?: string;
  limit: number;
}

/** Every method runs on the caller's transaction (`sql`). */
export interface SignalRepository {
  /** Inserts the signals not stored yet; returns those it inserted. */
  insertNew(sql: SqlQuery, signals: readonly Signal[]): Promise<Signal[]>;
  list(sql: SqlQuery, filter: SignalFilter): Promise<StoredSignal[]>;
  get(sql: SqlQuery, signalId: string, forUpdate?: boolean): Promise<StoredSignal | null>;
  review(sql: SqlQuery, signalId: string, status: ReviewDecision, reason: string, by: string, at: number): Promise<void>;
}

/** Where stored signals and review actions go: outbox records in the same transaction. */
export interface SignalOutbox {
  signal(sql: SqlQuery, signal: Signal): Promise<void>;
  action(sql: SqlQuery, action: ActionRecord): Promise<void>;
}
