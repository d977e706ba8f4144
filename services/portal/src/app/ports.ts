/**
 * What the portal asks of the other services, each call with the user's own token. Every answer
 * is either the service's body or a failure with the service's `{code, message}` (or
 * `SERVICE_UNAVAILABLE` when it could not be reached): pages show failures, they never crash on
 * them.
 */
import type { GatewayQueryAnswer, GatewayQueryRequest, reporting } from '@inkijk/contracts';
export type Failure = { ok: false; status: number; code: string; message: string; details?: unknown };
export type Answer<T> = { ok: true; status: number; body: T } | Failure;

/** A file passed through (agreement PDF, report CSV). */
export interface Download {
  contentType: string;
  disposition: string | null;
  body: Buffer;
}

export interface PrincipalView {
  userId: string;
  homeMunicipalityId: string;
  roles: string[];
  displayName: string;
}

export interface LoginAnswer {
  token: string;
  expiresIn: number;
  principal: PrincipalView;
}

/** A password login of an account whose roles require a second factor it has not enrolled yet. */
export interface EnrolmentRequired {
  secondFactor: 'ENROLMENT_REQUIRED';
  /** Accepted only by registration's enrolment endpoints (another audience): never a session. */
  enrolmentToken: string;
  expiresIn: number;
  principal: PrincipalView;
}

export interface Enrolment {
  secret: string;
  otpauthUri: string;
  issuer: string;
  account: string;
  digits: number;
  period: number;
  expiresAt: string;
}

export interface LoginSecurity {
  username: string;
  secondFactor: { enrolled: boolean; enrolledAt: string | null; required: boolean };
  lockout: { locked: boolean; lockedAt: string | null; failuresInARow: number; lastFailureAt: string | null };
  events: Array<{ kind: string; occurredAt: string; sourceAddress: string | null; actorId: string | null }>;
}

export interface Organisation {
  id: string;
  name: string;
  cbsCode: string;
  oin: string;
  /** OPERATOR: BKWI, the home of the security officers; never a municipality to choose. */
  kind?: 'MUNICIPALITY' | 'COLLABORATION' | 'OPERATOR';
}

export interface KeuzelijstEntry {
  id: string;
  name: string;
  cbsCode: string;
  own: boolean;
  legalDomains: string[];
  via: Array<{ collaborationId: string; name: string }>;
}

export interface Product {
  id: string;
  name: string;
  kind: string;
  suppliers: string[];
  searchKeys: string[];
}

export interface EscapeReason {
  code: string;
  label: string;
}

export interface PendingApplication {
  id: string;
  collaborationId: string;
  municipalityId: string;
  role: string;
  status: string;
  signedBy: string;
  signedOn: string;
  submittedAt: string;
  decisionReason: string | null;
}

export interface CollaborationSummary {
  id: string;
  day: string;
  status: string;
  name: string | null;
  legalForm: string;
  legalDomains: string[];
  agreementSha256: string | null;
  executingOrganisationId: string;
  members: string[];
}

export interface CollaborationHistory {
  id: string;
  legalForm: string;
  executingOrganisationId: string;
  status: string;
  activeFrom: string | null;
  endsOn: string | null;
  terminationReason: string | null;
  memberships: Array<{ municipalityId: string; from: string; to: string | null }>;
  terms: Array<{ effectiveFrom: string; name: string; legalDomains: string[]; agreementSha256: string }>;
  applications: Array<{ id: string; municipalityId: string; role: string; status: string; reason: string | null }>;
}

/** A change as it was reported: effective when, reported when and by whom; backdated when it takes effect before the day it was reported. */
export interface RecordedChangeLine {
  sequence: number;
  type: string;
  effectiveOn: string | null;
  recordedAt: string;
  recordedOn: string;
  recordedBy: string;
  backdated: boolean;
}

/** A collaboration on a day, as known now or as known on a day (registration's knownAt). */
export type CollaborationOnDay = CollaborationSummary & { knownAt?: string; recorded?: RecordedChangeLine[] };

export type CollaborationDetail = CollaborationSummary & { history: CollaborationHistory; recorded?: RecordedChangeLine[] };

/**
 * A record of the audit log. QUERY records (the layout before ADR 0018) look like this; ACTION and
 * DECISION records carry `kind` and their own fields: domain/audit-entries.ts reads all three.
 */
export interface AuditRecord {
  kind?: 'QUERY' | 'ACTION' | 'DECISION';
  trace_id: string;
  start_time: string;
  attributes: Record<string, string>;
  audit: {
    event_id: string;
    chain: string;
    sequence: number;
    worker: { user_id: string; home_municipality: { id: string; name: string }; roles?: string[] | null };
    acting_for: { id: string; name: string; cbs_code: string | null };
    legal_domain: string;
    product: string;
    search_key_type: string;
    sources: Array<{ supplier: string; outcome: string }>;
    whitelist: { outcome: string; escape_reason: string | null };
    decision: { result: string; reason_code: string | null };
    outcome: string;
  };
}

export interface AuditPage {
  /** AuditRecord, or an ACTION or DECISION record (read with domain/audit-entries.ts). */
  records: unknown[];
  nextCursor: string | null;
}

/** The audit log's filters on the list endpoints (ADR 0018). */
export interface AuditFilter {
  kind?: 'QUERY' | 'ACTION' | 'DECISION';
  category?: string;
  action?: string;
}

/** A person as registration's directory gives them to the audit pages (`POST /users/directory`). */
export interface DirectoryUser {
  userId: string;
  displayName: string;
  roles: string[];
  homeOrganisationId: string;
  homeOrganisationName: string;
}

export interface VerificationReport {
  ok: boolean;
  checkedRecords: number;
  chains: number;
  checkpointsChecked: number;
  firstBroken: { chain: string; sequence: number; reason?: string } | null;
  durationMs?: number;
}

/** The generic report as supplier-reporting serves it: the contract type (nl.inkijk.reporting.CustomerUsageReport). */
export type MonthUsage = reporting.MonthUsage;
export type GenericReport = Pick<reporting.CustomerUsageReport, 'customerOrganisationId' | 'customerName' | 'month' | 'version' | 'generatedAt' | 'months'>;

export interface SpecificReport {
  customerOrganisationId: string;
  month: string;
  months: string[];
  workers: Array<{ userId: string; queries: number; byMonth: Record<string, number> }>;
  topSubjects: Array<{ pseudonym: string; queries: number }>;
}

export interface Gateway {
  keuzelijst(token: string): Promise<Answer<KeuzelijstEntry[]>>;
  products(token: string): Promise<Answer<Product[]>>;
  escapeReasons(token: string): Promise<Answer<EscapeReason[]>>;
  /** One query (the gateway's POST /queries: its request and answer types are in contracts/src/gateway-api.ts). */
  query(token: string, body: GatewayQueryRequest): Promise<Answer<GatewayQueryAnswer>>;
}

/** A grant of a sensitive right waiting for a second person (four eyes, registration's ADR 0016). */
export interface PendingGrant {
  id: string;
  userId: string;
  homeMunicipalityId: string;
  account: 'NEW' | 'EXISTING';
  username: string | null;
  displayName: string | null;
  requested: { roles: string[]; permittedProducts: string[]; escapeRight: boolean };
  current: { roles: string[]; permittedProducts: string[]; escapeRight: boolean } | null;
  sensitiveRights: Array<'ESCAPE_RIGHT' | 'SECURITY_OFFICER' | 'MANDATED_PERSON'>;
  requestedBy: string;
  requestedAt: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  /** Whether the caller may approve it (not the requester, not the holder, and authorised). */
  mayApprove: boolean;
}

export interface Registration {
  /** The one login; `sourceAddress` is the browser's address (registration throttles per source). */
  login(username: string, password: string, code: string | null, sourceAddress: string): Promise<Answer<LoginAnswer | EnrolmentRequired>>;
  /** A secret for the authenticator app (token: the session's, or the enrolment token). */
  startEnrolment(token: string): Promise<Answer<Enrolment>>;
  /** The first code confirms it; the answer is a login token. */
  confirmEnrolment(token: string, code: string, sourceAddress: string): Promise<Answer<LoginAnswer>>;
  /** The holder's second factor, lockout and failed attempts. */
  loginSecurity(token: string): Promise<Answer<LoginSecurity>>;
  /** Signs the session's token out at the source: every service refuses it within seconds (ADR 0017). */
  logout(token: string): Promise<Answer<unknown>>;
  organisations(token: string): Promise<Answer<Organisation[]>>;
  pendingApplications(token: string): Promise<Answer<PendingApplication[]>>;
  collaborations(token: string): Promise<Answer<CollaborationSummary[]>>;
  collaboration(token: string, id: string): Promise<Answer<CollaborationDetail>>;
  /** The collaboration as effective on a day, with everything known now, or as known at the end of a day (`knownOn`). */
  collaborationOn(token: string, id: string, day: string, knownOn?: string): Promise<Answer<CollaborationOnDay>>;
  decide(token: string, collaborationId: string, applicationId: string, decision: 'APPROVED' | 'REJECTED', reason: string | null): Promise<Answer<unknown>>;
  activate(token: string, collaborationId: string, effectiveFrom: string): Promise<Answer<unknown>>;
  addMember(token: string, collaborationId: string, municipalityId: string, effectiveFrom: string): Promise<Answer<unknown>>;
  removeMember(token: string, collaborationId: string, municipalityId: string, effectiveTo: string): Promise<Answer<unknown>>;
  changeTerms(token: string, collaborationId: string, change: { effectiveFrom: string; name?: string; legalDomains?: string[] }): Promise<Answer<unknown>>;
  terminate(token: string, collaborationId: string, effectiveTo: string, reason: string): Promise<Answer<unknown>>;
  agreement(token: string, collaborationId: string, sha256: string): Promise<Answer<Download>>;
  /** Grants the caller may approve, and the caller's own requests. */
  pendingGrants(token: string): Promise<Answer<PendingGrant[]>>;
  /** Approve (the second person) or reject (or withdraw one's own request). */
  decideGrant(token: string, userId: string, grantId: string, decision: 'APPROVED' | 'REJECTED', reason: string | null): Promise<Answer<unknown>>;
  /** Names and roles of up to 200 accounts (security officer, mandated person); unknown ids are left out. */
  directory(token: string, userIds: string[]): Promise<Answer<{ users: DirectoryUser[] }>>;
}

export interface AuditLog {
  byWorker(token: string, userId: string, from: string, filter?: AuditFilter): Promise<Answer<AuditPage>>;
  byMunicipality(token: string, municipalityId: string | undefined, from: string, filter?: AuditFilter): Promise<Answer<AuditPage>>;
  /** Every record of one trace the caller may see: the query, its decision record, the actions. */
  byTrace(token: string, traceId: string): Promise<Answer<{ records: unknown[] }>>;
  verify(token: string): Promise<Answer<VerificationReport>>;
}

/** A signal of misuse as supplier reporting serves it (ADR 0021). */
export interface MisuseSignal {
  signalId: string;
  kind: string;
  severity: 'LOW' | 'MEDIUM' | 'HIGH';
  organisationId: string | null;
  workerUserId: string | null;
  subjectPseudonym: string | null;
  windowStart: number;
  windowEnd: number;
  evidence: { counted: string; count: number; threshold: number; workerBaseline?: number | null; organisationBaseline?: number | null; escapeReason?: string | null };
  status: 'OPEN' | 'REVIEWED' | 'DISMISSED';
  reviewReason: string | null;
  reviewedBy: string | null;
  reviewedAt: number | null;
  detectedAt: number;
}

export interface Reporting {
  signals(token: string, status?: string): Promise<Answer<{ signals: MisuseSignal[] }>>;
  reviewSignal(token: string, signalId: string, decision: 'REVIEWED' | 'DISMISSED', reason: string): Promise<Answer<MisuseSignal>>;
  generic(token: string, organisationId: string, month: string): Promise<Answer<GenericReport>>;
  genericCsv(token: string, organisationId: string, month: string): Promise<Answer<Download>>;
  specific(token: string, organisationId: string, month: string): Promise<Answer<SpecificReport>>;
  specificCsv(token: string, organisationId: string, month: string): Promise<Answer<Download>>;
}

export const GATEWAY = Symbol('Gateway');
export const REGISTRATION = Symbol('Registration');
export const AUDIT_LOG = Symbol('AuditLog');
export const REPORTING = Symbol('Reporting');

/** A part's state on the status page (the operations service's GET /status). */
export type PartState = 'up' | 'down' | 'unknown';

/** The operators' status as the operations service answers it (issue 24). */
export interface SystemStatus {
  state: PartState;
  checkedAt: string;
  recorded: boolean;
  services: { name: string; state: PartState; checks: { name: string; state: PartState; detail: string | null }[]; detail: string | null }[];
  broker: { state: PartState; clusterId: string | null; controller: number | null; brokers: { nodeId: number; address: string }[]; detail: string | null };
  consumerGroups: { group: string; topic: string; lag: string | null; groupState: string | null; members: number | null; state: PartState; detail: string | null }[];
  deadLetters: { state: PartState; total: number; open: number; byGroupAndReason: { group: string; reason: string; count: number; open: number }[]; detail: string | null };
  checkpoints: { state: PartState; chains: { chain: string; headSequence: number; recordCount: number; createdAt: number; ageSeconds: number }[]; detail: string | null };
}

export interface Operations {
  status(token: string): Promise<Answer<SystemStatus>>;
}

export const OPERATIONS = Symbol('Operations');
