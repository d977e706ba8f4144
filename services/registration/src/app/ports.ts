/**
 * What the use cases need from the outside world. Adapters implement these (Prisma, outbox);
 * one unit of work is one database transaction: the change and the events announcing it commit
 * together or not at all. The login has a unit of work of its own (LoginUnitOfWork, below): the
 * few stores its use cases read and write.
 */
import type { TopicSpec } from '@inkijk/contracts';
import type { ActionRecord } from '@inkijk/platform';
import type { AgreementDocument } from '../domain/agreement';
import type { Change, Collaboration } from '../domain/collaboration';
import type { IsoDate } from '../domain/dates';
import type { RecordedChange } from '../domain/known-history';
import type { Grant } from '../domain/grants';
import type { FailureCounter } from '../domain/login-security';
import type { Role, Tasks } from '../domain/users';

export interface Actor {
  userId: string;
  homeMunicipalityId: string;
  roles: Role[];
}

export interface MunicipalityRecord {
  id: string;
  /** OPERATOR: the organisation that runs Inkijk (BKWI); it homes the security officers only. */
  kind: 'MUNICIPALITY' | 'COLLABORATION' | 'OPERATOR';
  cbsCode: string | null;
  oin: string;
  name: string;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

export interface ApplicationForm {
  signedBy: string;
  signedOn: IsoDate;
}

export interface UserRecord extends Tasks {
  id: string;
  username: string;
  displayName: string;
  homeMunicipalityId: string;
  active: boolean;
  passwordHash: string;
}

/** A name in the directory of the audit pages: who an actor id is. */
export interface DirectoryEntry {
  userId: string;
  displayName: string;
  roles: Role[];
  homeOrganisationId: string;
  homeOrganisationName: string;
}

/**
 * A grant as stored. For a new account also the account asked for: username and display name
 * (kept), and the password hash until the decision (then dropped).
 */
export interface GrantRecord extends Grant {
  username: string | null;
  displayName: string | null;
  passwordHash: string | null;
}

export interface Stores {
  organisations: {
    byId(id: string): Promise<MunicipalityRecord | null>;
    byCbsCode(code: string): Promise<MunicipalityRecord | null>;
    existsWithOinOrCode(oin: string, cbsCode: string | null): Promise<boolean>;
    create(o: MunicipalityRecord): Promise<void>;
    list(): Promise<MunicipalityRecord[]>;
    /** The operator's (BKWI) id; null while none is registered. */
    operatorId(): Promise<string | null>;
  };
  collaborations: {
    /** Loads and locks (SELECT ... FOR UPDATE) the aggregate; null when unknown. */
    lock(id: string): Promise<{ collaboration: Collaboration; sequence: number } | null>;
    /** Persists what a change did, and returns the next event sequence number. */
    record(before: Collaboration | null, after: Collaboration, change: Change | null, by: string, extra: { document?: AgreementDocument; form?: ApplicationForm & { applicationId: string } }): Promise<number>;
    load(id: string): Promise<Collaboration | null>;
    /** Every announced change as it was reported, in sequence (empty for collaborations registered before the log). */
    changes(id: string): Promise<RecordedChange[]>;
    listIds(memberOf?: string): Promise<string[]>;
    applications(status?: 'SUBMITTED' | 'APPROVED' | 'REJECTED'): Promise<Array<{ id: string; collaborationId: string; municipalityId: string; role: string; status: string; signedBy: string; signedOn: IsoDate; submittedAt: Date; decisionReason: string | null }>>;
    agreement(collaborationId: string, sha256: string): Promise<AgreementDocument | null>;
  };
  users: {
    byId(id: string): Promise<UserRecord | null>;
    byUsername(username: string): Promise<UserRecord | null>;
    create(u: UserRecord, by: string): Promise<void>;
    update(u: UserRecord): Promise<void>;
    listByMunicipality(municipalityId: string): Promise<UserRecord[]>;
    /** Loads and locks (SELECT ... FOR UPDATE) an account, so that changes to it happen one at a time. */
    lock(id: string): Promise<UserRecord | null>;
    /** Accounts by id with their home organisation's name (unknown ids left out). */
    directory(ids: string[]): Promise<DirectoryEntry[]>;
  };
  /** Grants of sensitive rights waiting for (or decided by) a second person. */
  grants: {
    create(g: GrantRecord): Promise<void>;
    /** Loads and locks a grant. */
    lock(id: string): Promise<GrantRecord | null>;
    /** Records the decision; a new account's password hash and username reservation go. */
    decide(g: Grant): Promise<void>;
    pending(): Promise<GrantRecord[]>;
    pendingFor(userId: string): Promise<GrantRecord[]>;
    /** True when a pending grant for a new account holds this username. */
    usernameReserved(username: string): Promise<boolean>;
  };
  whitelist: {
    /** The open entries (covering `day` or later) of these BSNs for a municipality. */
    openEntries(municipalityId: string, bsns: string[]): Promise<Array<{ id: bigint; bsn: string; from: IsoDate; to: IsoDate | null }>>;
    add(municipalityId: string, entries: Array<{ bsn: string; from: IsoDate }>, source: 'CASELOAD_EVENT' | 'BULK_IMPORT'): Promise<void>;
    close(entryId: bigint, to: IsoDate): Promise<void>;
    count(municipalityIds: string[], day: IsoDate): Promise<number>;
    contains(municipalityIds: string[], bsn: string, day: IsoDate): Promise<boolean>;
  };
  /** Adds an event to the transactional outbox (validated against its schema now). */
  announce<T>(topic: TopicSpec<T>, value: T): Promise<void>;
  /** Records an action (ActivityEvent, ADR 0018) in the transactional outbox. */
  record(action: ActionRecord): Promise<void>;
}

export interface UnitOfWork {
  run<R>(work: (stores: Stores) => Promise<R>): Promise<R>;
}

export interface Clock {
  now(): Date;
}

export interface Ids {
  next(): string;
}

// ---- the login (ADR 0015) ----------------------------------------------------------------------
// What the login use cases need from storage: the accounts (read), the failure counters per
// login name, the second factors, and the login security events; all in one transaction.

export interface SecondFactorRecord {
  userId: string;
  /** The confirmed secret, sealed (LoginSecrets); null while only an enrolment is pending. */
  secret: string | null;
  enrolledAt: Date | null;
  lastUsedStep: number | null;
  pendingSecret: string | null;
  pendingSince: Date | null;
}

export type LoginEventKind =
  | 'FAILED_PASSWORD'
  | 'FAILED_CODE'
  | 'CODE_REUSED'
  | 'LOCKED'
  | 'LIFTED_BY_HOLDER'
  | 'LIFTED_BY_ADMINISTRATOR'
  | 'SECOND_FACTOR_ENROLLED'
  | 'SECOND_FACTOR_RESET';

export interface LoginEvent {
  userId: string;
  kind: LoginEventKind;
  occurredAt: Date;
  sourceAddress: string | null;
  actorId: string | null;
}

export interface LoginStore {
  /** Serialises every attempt on one login name until the transaction ends (parallel guesses count one by one). */
  serialise(nameKey: string): Promise<void>;
  counter(nameKey: string): Promise<FailureCounter | null>;
  saveCounter(nameKey: string, c: FailureCounter): Promise<void>;
  clearCounter(nameKey: string): Promise<void>;
  secondFactor(userId: string): Promise<SecondFactorRecord | null>;
  saveSecondFactor(r: SecondFactorRecord): Promise<void>;
  deleteSecondFactor(userId: string): Promise<void>;
  addEvent(e: LoginEvent): Promise<void>;
  /** The latest events of an account, newest first. */
  events(userId: string, limit: number): Promise<LoginEvent[]>;
}

export interface LoginStores {
  users: Pick<Stores['users'], 'byId' | 'byUsername'>;
  organisations: Pick<Stores['organisations'], 'byId' | 'operatorId'>;
  login: LoginStore;
  record: Stores['record'];
}

export interface LoginUnitOfWork {
  run<R>(work: (stores: LoginStores) => Promise<R>): Promise<R>;
}
