/**
 * What the use cases need from the outside: the log's storage in PostgreSQL (the adapters in
 * adapters/postgres implement these), the topic's offsets and the messages of a verifier thread.
 * Writes that must commit with the consumer's inbox claims take that transaction (`SqlTx`);
 * the others run on a connection of their own.
 */
import type { SqlQuery, SqlTx } from '@inkijk/platform';
import type { Scope } from '../domain/access-policy';
import type { ChainedEntry, ChainedRecord, LogEntry, RecordKind } from '../domain/audit-entry';
import type { SignedCheckpoint } from '../domain/checkpoint';
import type { ExtraDay, TopicDay } from '../domain/completeness';
import type { ChainHead } from '../domain/hash-chain';
import type { Period } from '../domain/period';
import type { ChainLink, VerificationReport } from '../domain/verifier';
import type { CheckpointJson } from './checkpoint-json';

/**
 * The caller's database transaction (the platform's SqlTx, pg's `query`): the inbox hands each
 * consumer chunk its pg client, so the chain append and the claims commit together.
 */
export type { SqlTx, TopicOffsets } from '@inkijk/platform';

/** A stored record: a chained entry of its kind with its row id (the keyset position of a search). */
export type StoredRecord = ChainedEntry & { id: string };
export type StoredQuery = ChainedRecord & { id: string; kind: 'QUERY' };

/** Criteria of a record search; every given criterion must hold, and at least one scope. */
export interface RecordSearch {
  scopes: Scope[];
  actingForId?: string;
  workerUserId?: string;
  subjectPseudonym?: string;
  traceId?: string;
  /** Only these kinds (absent: every kind). */
  kinds?: readonly RecordKind[];
  /** ACTION records of this category / action only (no other kind). */
  category?: string;
  action?: string;
  period?: Period;
  /** Keyset position: records after (startTime, id). */
  after?: { startTime: number; id: string };
  limit: number;
}

/** The hash-chained records: appended by the ingest, searched by the reads, scanned by the verifier. */
export interface AuditRepository {
  /** Appends entries to their chains inside `tx`, in the given order per chain; returns the stored records. */
  append(tx: SqlTx, entries: LogEntry[]): Promise<ChainedEntry[]>;
  /** Records matching the search, ordered by start time, then id. */
  search(s: RecordSearch): Promise<StoredRecord[]>;
  /** The chains that have records, each with its highest sequence as its size. */
  chains(): Promise<Array<{ chain: string; records: number }>>;
  /** Every record of the given chains (all when absent), chain by chain in sequence order, as verifier links, page by page. */
  scanLinks(onPage: (links: ChainLink[]) => void, opts?: { chains?: string[] }): Promise<void>;
}

/** The signed checkpoints and the chain heads they are made of; every method runs on the caller's transaction (`query`). */
export interface CheckpointRepository {
  /** The newest record of every chain. */
  heads(query: SqlQuery): Promise<ChainHead[]>;
  /** Head sequence of the newest checkpoint per chain. */
  latestHeads(query: SqlQuery): Promise<Map<string, number>>;
  insert(query: SqlQuery, c: SignedCheckpoint): Promise<void>;
}

/** The citizens' subscriptions to notifications and the notifications claimed (ADR 0025). */
export interface CitizenSubscriptionRepository {
  /** Subscribed citizens among `pseudonyms`, with since when (epoch ms), read inside the ingest's transaction. */
  subscribedSince(tx: SqlTx, pseudonyms: readonly string[]): Promise<Map<string, number>>;
  /** Claims (citizen, organisation, day) inside the ingest's transaction; false when it was notified already. */
  claimNotification(tx: SqlTx, n: { subjectPseudonym: string; organisationId: string; day: string; notificationId: string }): Promise<boolean>;
  /** Since when the citizen is subscribed (epoch ms), or null. */
  subscribedAt(pseudonym: string): Promise<number | null>;
  /**
   * Subscribes (keeping an earlier start) or unsubscribes, and runs `also` in the same
   * transaction. Returns whether the subscription changed.
   */
  setSubscribed(pseudonym: string, on: boolean, at: number, also: (query: SqlQuery, changed: boolean) => Promise<void>): Promise<boolean>;
}

/** The completeness index of the attributed-query topic and its two comparisons with the log. */
export interface CompletenessRepository {
  /** partition -> next offset not yet indexed. */
  positions(topic: string): Promise<Map<number, bigint>>;
  /** The newest audit record's id. */
  maxRecordId(): Promise<string>;
  /** Per municipality and day: distinct events on the topic below the committed offsets, and those of them without a QUERY record. */
  topicDays(topic: string, committed: ReadonlyMap<number, number>, period: Period, municipalityId?: string): Promise<TopicDay[]>;
  /** QUERY records (up to `maxId`) whose event is nowhere on the topic. */
  extraDays(topic: string, maxId: string, period: Period, municipalityId?: string): Promise<ExtraDay[]>;
  /** Records below the committed offsets that could not be decoded. */
  unreadable(topic: string, committed: ReadonlyMap<number, number>): Promise<number>;
}

/** A verifier thread's job: a share of the chains with their kept checkpoints, verified over a connection of its own. */
export interface VerifyWorkerInput {
  databaseUrl: string;
  chains: string[];
  checkpoints: CheckpointJson[];
  publicKeySpkiBase64?: string;
}

/** A verifier thread's answer to job `job`. */
export type VerifyWorkerReply = { job: number; report: VerificationReport } | { job: number; error: string };
