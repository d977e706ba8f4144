/**
 * What the login use cases need from storage: the accounts (read), the failure counters per
 * login name, the second factors, and the login security events; all in one transaction.
 */
import type { FailureCounter } from '../domain/login-security';
import type { Stores } from './ports';

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
