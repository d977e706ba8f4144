// Generated from contracts/schemas by contracts/tools/generate-types.ts. Do not edit:
// change the .avsc files and run `npm run contracts:generate`.
/* eslint-disable */

// ---- ActivityEvent (newest: v2) ----

export interface Actor {
  /** The acting account; null when no account is known (a login under an unknown name). */
  userId?: null | string;
  /** The account's home organisation (a municipality, or the operator). */
  homeOrganisationId?: null | string;
  /** The actor's roles when acting (from the token). */
  roles?: Array<string>;
}

export type ActivityAction = 'OTHER' | 'LOGIN' | 'LOGIN_SECOND_FACTOR' | 'LOGOUT' | 'ACCOUNT_LOCKED' | 'LOCKOUT_LIFTED' | 'SECOND_FACTOR_ENROLLED' | 'SECOND_FACTOR_RESET' | 'PASSWORD_CHANGED' | 'USER_CREATED' | 'USER_CHANGED' | 'USER_DEACTIVATED' | 'GRANT_REQUESTED' | 'GRANT_APPROVED' | 'GRANT_REJECTED' | 'ORGANISATION_REGISTERED' | 'ORGANISATION_CHANGED' | 'COLLABORATION_PROPOSED' | 'APPLICATION_SUBMITTED' | 'APPLICATION_APPROVED' | 'APPLICATION_REJECTED' | 'COLLABORATION_ACTIVATED' | 'COLLABORATION_CHANGED' | 'MEMBER_JOINED' | 'MEMBER_LEFT' | 'COLLABORATION_TERMINATED' | 'DOCUMENT_UPLOADED' | 'DOCUMENT_DOWNLOADED' | 'WHITELIST_IMPORTED' | 'WHITELIST_LOOKED_UP' | 'CASELOAD_BATCH' | 'QUERY_ATTEMPT' | 'REPORT_DOWNLOADED' | 'FEED_DOWNLOADED' | 'AUDIT_SEARCHED' | 'AUDIT_SUBJECT_SEARCHED' | 'AUDIT_EXPORTED' | 'AUDIT_VERIFIED' | 'CITIZEN_NOTIFICATIONS_ON' | 'CITIZEN_NOTIFICATIONS_OFF';

export const ActivityActionValues = ['OTHER', 'LOGIN', 'LOGIN_SECOND_FACTOR', 'LOGOUT', 'ACCOUNT_LOCKED', 'LOCKOUT_LIFTED', 'SECOND_FACTOR_ENROLLED', 'SECOND_FACTOR_RESET', 'PASSWORD_CHANGED', 'USER_CREATED', 'USER_CHANGED', 'USER_DEACTIVATED', 'GRANT_REQUESTED', 'GRANT_APPROVED', 'GRANT_REJECTED', 'ORGANISATION_REGISTERED', 'ORGANISATION_CHANGED', 'COLLABORATION_PROPOSED', 'APPLICATION_SUBMITTED', 'APPLICATION_APPROVED', 'APPLICATION_REJECTED', 'COLLABORATION_ACTIVATED', 'COLLABORATION_CHANGED', 'MEMBER_JOINED', 'MEMBER_LEFT', 'COLLABORATION_TERMINATED', 'DOCUMENT_UPLOADED', 'DOCUMENT_DOWNLOADED', 'WHITELIST_IMPORTED', 'WHITELIST_LOOKED_UP', 'CASELOAD_BATCH', 'QUERY_ATTEMPT', 'REPORT_DOWNLOADED', 'FEED_DOWNLOADED', 'AUDIT_SEARCHED', 'AUDIT_SUBJECT_SEARCHED', 'AUDIT_EXPORTED', 'AUDIT_VERIFIED', 'CITIZEN_NOTIFICATIONS_ON', 'CITIZEN_NOTIFICATIONS_OFF'] as const;

export interface ActivityObject {
  /** What the action was on: USER, SESSION, GRANT, ORGANISATION, COLLABORATION, APPLICATION, DOCUMENT, WHITELIST, QUERY, REPORT, FEED, AUDIT_LOG. */
  type: string;
  /** Its id, where it has one (never a BSN). */
  id?: null | string;
}

export type ActivityOutcome = 'SUCCEEDED' | 'REFUSED' | 'FAILED';

export const ActivityOutcomeValues = ['SUCCEEDED', 'REFUSED', 'FAILED'] as const;

/** One action of a person (or of a login attempt under a name) that is not itself a query: logins, account management and four-eyes steps, collaboration and application actions, whitelist imports and look-ups, queries refused before a decision, report and feed downloads, and reads of the audit log. Written once by the service that performed the action (through its outbox where the action writes a database, otherwise sent durably before the answer). The audit log appends it to the hash chain of the organisation acted for (ADR 0018). No clear BSN, no names, no passwords: a data subject only as the HMAC pseudonym. v2: a citizen's choice about notifications (CITIZEN_NOTIFICATIONS_ON, CITIZEN_NOTIFICATIONS_OFF; ADR 0025). */
export interface ActivityEvent {
  eventId: string;
  occurredAt: number;
  /** W3C trace id (32 hex) of the request that performed the action. */
  traceId: string;
  /** W3C span id (16 hex) of that request's server span. */
  spanId: string;
  /** The service that performed the action and wrote this record. */
  service: string;
  actor: Actor;
  /** The organisation the action was for, and so the audit chain it joins: the municipality a query or account belongs to, the actor's home for logins, the operator for officer actions that concern no single municipality. */
  actingForId: string;
  /** What was done. New actions are added at the end (readers of an older version read them as OTHER). */
  action: ActivityAction;
  object: ActivityObject;
  outcome: ActivityOutcome;
  /** Why it was refused or failed: the error code the caller got (e.g. INVALID_CREDENTIALS, NOT_A_WORKER). */
  reasonCode?: null | string;
  /** The data subject concerned (a whitelist look-up, a refused query, an audit search by BSN): the HMAC pseudonym, never the BSN. */
  subjectPseudonym?: null | string;
  /** A few more facts of the action (e.g. product, month, count); never a BSN, name or secret. */
  details?: Record<string, string>;
}

/** Every version of nl.inkijk.audit.ActivityEvent; the newest is the reader schema. */
export const ActivityEventSchemas = {
  fullName: 'nl.inkijk.audit.ActivityEvent',
  versions: {
    1: {"type":"record","name":"ActivityEvent","namespace":"nl.inkijk.audit","doc":"One action of a person (or of a login attempt under a name) that is not itself a query: logins, account management and four-eyes steps, collaboration and application actions, whitelist imports and look-ups, queries refused before a decision, report and feed downloads, and reads of the audit log. Written once by the service that performed the action (through its outbox where the action writes a database, otherwise sent durably before the answer). The audit log appends it to the hash chain of the organisation acted for (ADR 0018). No clear BSN, no names, no passwords: a data subject only as the HMAC pseudonym.","fields":[{"name":"eventId","type":{"type":"string","logicalType":"uuid"}},{"name":"occurredAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"traceId","type":"string","doc":"W3C trace id (32 hex) of the request that performed the action."},{"name":"spanId","type":"string","doc":"W3C span id (16 hex) of that request's server span."},{"name":"service","type":"string","doc":"The service that performed the action and wrote this record."},{"name":"actor","type":{"type":"record","name":"Actor","fields":[{"name":"userId","type":["null","string"],"default":null,"doc":"The acting account; null when no account is known (a login under an unknown name)."},{"name":"homeOrganisationId","type":["null","string"],"default":null,"doc":"The account's home organisation (a municipality, or the operator)."},{"name":"roles","type":{"type":"array","items":"string"},"default":[],"doc":"The actor's roles when acting (from the token)."}]}},{"name":"actingForId","type":"string","doc":"The organisation the action was for, and so the audit chain it joins: the municipality a query or account belongs to, the actor's home for logins, the operator for officer actions that concern no single municipality."},{"name":"action","type":{"type":"enum","name":"ActivityAction","default":"OTHER","symbols":["OTHER","LOGIN","LOGIN_SECOND_FACTOR","LOGOUT","ACCOUNT_LOCKED","LOCKOUT_LIFTED","SECOND_FACTOR_ENROLLED","SECOND_FACTOR_RESET","PASSWORD_CHANGED","USER_CREATED","USER_CHANGED","USER_DEACTIVATED","GRANT_REQUESTED","GRANT_APPROVED","GRANT_REJECTED","ORGANISATION_REGISTERED","ORGANISATION_CHANGED","COLLABORATION_PROPOSED","APPLICATION_SUBMITTED","APPLICATION_APPROVED","APPLICATION_REJECTED","COLLABORATION_ACTIVATED","COLLABORATION_CHANGED","MEMBER_JOINED","MEMBER_LEFT","COLLABORATION_TERMINATED","DOCUMENT_UPLOADED","DOCUMENT_DOWNLOADED","WHITELIST_IMPORTED","WHITELIST_LOOKED_UP","CASELOAD_BATCH","QUERY_ATTEMPT","REPORT_DOWNLOADED","FEED_DOWNLOADED","AUDIT_SEARCHED","AUDIT_SUBJECT_SEARCHED","AUDIT_EXPORTED","AUDIT_VERIFIED"]},"doc":"What was done. New actions are added at the end (readers of an older version read them as OTHER)."},{"name":"object","type":{"type":"record","name":"ActivityObject","fields":[{"name":"type","type":"string","doc":"What the action was on: USER, SESSION, GRANT, ORGANISATION, COLLABORATION, APPLICATION, DOCUMENT, WHITELIST, QUERY, REPORT, FEED, AUDIT_LOG."},{"name":"id","type":["null","string"],"default":null,"doc":"Its id, where it has one (never a BSN)."}]}},{"name":"outcome","type":{"type":"enum","name":"ActivityOutcome","symbols":["SUCCEEDED","REFUSED","FAILED"]}},{"name":"reasonCode","type":["null","string"],"default":null,"doc":"Why it was refused or failed: the error code the caller got (e.g. INVALID_CREDENTIALS, NOT_A_WORKER)."},{"name":"subjectPseudonym","type":["null","string"],"default":null,"doc":"The data subject concerned (a whitelist look-up, a refused query, an audit search by BSN): the HMAC pseudonym, never the BSN."},{"name":"details","type":{"type":"map","values":"string"},"default":{},"doc":"A few more facts of the action (e.g. product, month, count); never a BSN, name or secret."}]},
    2: {"type":"record","name":"ActivityEvent","namespace":"nl.inkijk.audit","doc":"One action of a person (or of a login attempt under a name) that is not itself a query: logins, account management and four-eyes steps, collaboration and application actions, whitelist imports and look-ups, queries refused before a decision, report and feed downloads, and reads of the audit log. Written once by the service that performed the action (through its outbox where the action writes a database, otherwise sent durably before the answer). The audit log appends it to the hash chain of the organisation acted for (ADR 0018). No clear BSN, no names, no passwords: a data subject only as the HMAC pseudonym. v2: a citizen's choice about notifications (CITIZEN_NOTIFICATIONS_ON, CITIZEN_NOTIFICATIONS_OFF; ADR 0025).","fields":[{"name":"eventId","type":{"type":"string","logicalType":"uuid"}},{"name":"occurredAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"traceId","type":"string","doc":"W3C trace id (32 hex) of the request that performed the action."},{"name":"spanId","type":"string","doc":"W3C span id (16 hex) of that request's server span."},{"name":"service","type":"string","doc":"The service that performed the action and wrote this record."},{"name":"actor","type":{"type":"record","name":"Actor","fields":[{"name":"userId","type":["null","string"],"default":null,"doc":"The acting account; null when no account is known (a login under an unknown name)."},{"name":"homeOrganisationId","type":["null","string"],"default":null,"doc":"The account's home organisation (a municipality, or the operator)."},{"name":"roles","type":{"type":"array","items":"string"},"default":[],"doc":"The actor's roles when acting (from the token)."}]}},{"name":"actingForId","type":"string","doc":"The organisation the action was for, and so the audit chain it joins: the municipality a query or account belongs to, the actor's home for logins, the operator for officer actions that concern no single municipality."},{"name":"action","type":{"type":"enum","name":"ActivityAction","default":"OTHER","symbols":["OTHER","LOGIN","LOGIN_SECOND_FACTOR","LOGOUT","ACCOUNT_LOCKED","LOCKOUT_LIFTED","SECOND_FACTOR_ENROLLED","SECOND_FACTOR_RESET","PASSWORD_CHANGED","USER_CREATED","USER_CHANGED","USER_DEACTIVATED","GRANT_REQUESTED","GRANT_APPROVED","GRANT_REJECTED","ORGANISATION_REGISTERED","ORGANISATION_CHANGED","COLLABORATION_PROPOSED","APPLICATION_SUBMITTED","APPLICATION_APPROVED","APPLICATION_REJECTED","COLLABORATION_ACTIVATED","COLLABORATION_CHANGED","MEMBER_JOINED","MEMBER_LEFT","COLLABORATION_TERMINATED","DOCUMENT_UPLOADED","DOCUMENT_DOWNLOADED","WHITELIST_IMPORTED","WHITELIST_LOOKED_UP","CASELOAD_BATCH","QUERY_ATTEMPT","REPORT_DOWNLOADED","FEED_DOWNLOADED","AUDIT_SEARCHED","AUDIT_SUBJECT_SEARCHED","AUDIT_EXPORTED","AUDIT_VERIFIED","CITIZEN_NOTIFICATIONS_ON","CITIZEN_NOTIFICATIONS_OFF"]},"doc":"What was done. New actions are added at the end (readers of an older version read them as OTHER)."},{"name":"object","type":{"type":"record","name":"ActivityObject","fields":[{"name":"type","type":"string","doc":"What the action was on: USER, SESSION, GRANT, ORGANISATION, COLLABORATION, APPLICATION, DOCUMENT, WHITELIST, QUERY, REPORT, FEED, AUDIT_LOG."},{"name":"id","type":["null","string"],"default":null,"doc":"Its id, where it has one (never a BSN)."}]}},{"name":"outcome","type":{"type":"enum","name":"ActivityOutcome","symbols":["SUCCEEDED","REFUSED","FAILED"]}},{"name":"reasonCode","type":["null","string"],"default":null,"doc":"Why it was refused or failed: the error code the caller got (e.g. INVALID_CREDENTIALS, NOT_A_WORKER)."},{"name":"subjectPseudonym","type":["null","string"],"default":null,"doc":"The data subject concerned (a whitelist look-up, a refused query, an audit search by BSN): the HMAC pseudonym, never the BSN."},{"name":"details","type":{"type":"map","values":"string"},"default":{},"doc":"A few more facts of the action (e.g. product, month, count); never a BSN, name or secret."}]},
  },
  latest: 2,
} as const;

// ---- AuditCheckpoint (newest: v1) ----

/** A signed statement of the audit log's chain head, to be kept by an outside verifier: later deletion or rewriting of records before it is detectable. */
export interface AuditCheckpoint {
  checkpointId: string;
  /** Which hash chain (see the audit-log ADR). */
  chain: string;
  headSequence: number;
  /** SHA-256 hex of the newest record. */
  headHash: string;
  recordCount: number;
  createdAt: number;
  keyId: string;
  /** Ed25519 over chain|headSequence|headHash|recordCount|createdAt. */
  signature: Buffer;
}

/** Every version of nl.inkijk.audit.AuditCheckpoint; the newest is the reader schema. */
export const AuditCheckpointSchemas = {
  fullName: 'nl.inkijk.audit.AuditCheckpoint',
  versions: {
    1: {"type":"record","name":"AuditCheckpoint","namespace":"nl.inkijk.audit","doc":"A signed statement of the audit log's chain head, to be kept by an outside verifier: later deletion or rewriting of records before it is detectable.","fields":[{"name":"checkpointId","type":"string"},{"name":"chain","type":"string","doc":"Which hash chain (see the audit-log ADR)."},{"name":"headSequence","type":"long"},{"name":"headHash","type":"string","doc":"SHA-256 hex of the newest record."},{"name":"recordCount","type":"long"},{"name":"createdAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"keyId","type":"string"},{"name":"signature","type":"bytes","doc":"Ed25519 over chain|headSequence|headHash|recordCount|createdAt."}]},
  },
  latest: 1,
} as const;

// ---- CitizenNotification (newest: v1) ----

export interface NotifiedOrganisation {
  id: string;
  cbsCode?: null | string;
  name: string;
}

/** A message for a citizen who asked to be told (issue 21, opt-in): an organisation queried their data through Inkijk. At most one per citizen, organisation (the municipality acted for) and day (Europe/Amsterdam), written by the audit log through its outbox in the transaction that stored the query. Never the worker, never a clear BSN: the citizen only as the HMAC pseudonym; the berichtenbox delivers it to the citizen's own box. */
export interface CitizenNotification {
  /** Derived from pseudonym, organisation and day: the same notification always has the same id (a reader drops a repeat). */
  notificationId: string;
  createdAt: number;
  /** The citizen: the HMAC pseudonym of their BSN. */
  subjectPseudonym: string;
  /** The municipality the query was made for. */
  organisation: NotifiedOrganisation;
  /** The calendar day of the first such query, in Europe/Amsterdam (YYYY-MM-DD). */
  day: string;
  /** When the first query of that organisation on that day started. */
  firstQueryAt: number;
  /** The legal domain (purpose) of that query, e.g. PARTICIPATIEWET. */
  legalDomain: string;
}

/** Every version of nl.inkijk.audit.CitizenNotification; the newest is the reader schema. */
export const CitizenNotificationSchemas = {
  fullName: 'nl.inkijk.audit.CitizenNotification',
  versions: {
    1: {"type":"record","name":"CitizenNotification","namespace":"nl.inkijk.audit","doc":"A message for a citizen who asked to be told (issue 21, opt-in): an organisation queried their data through Inkijk. At most one per citizen, organisation (the municipality acted for) and day (Europe/Amsterdam), written by the audit log through its outbox in the transaction that stored the query. Never the worker, never a clear BSN: the citizen only as the HMAC pseudonym; the berichtenbox delivers it to the citizen's own box.","fields":[{"name":"notificationId","type":{"type":"string","logicalType":"uuid"},"doc":"Derived from pseudonym, organisation and day: the same notification always has the same id (a reader drops a repeat)."},{"name":"createdAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"subjectPseudonym","type":"string","doc":"The citizen: the HMAC pseudonym of their BSN."},{"name":"organisation","type":{"type":"record","name":"NotifiedOrganisation","fields":[{"name":"id","type":"string"},{"name":"cbsCode","type":["null","string"],"default":null},{"name":"name","type":"string"}]},"doc":"The municipality the query was made for."},{"name":"day","type":"string","doc":"The calendar day of the first such query, in Europe/Amsterdam (YYYY-MM-DD)."},{"name":"firstQueryAt","type":{"type":"long","logicalType":"timestamp-millis"},"doc":"When the first query of that organisation on that day started."},{"name":"legalDomain","type":"string","doc":"The legal domain (purpose) of that query, e.g. PARTICIPATIEWET."}]},
  },
  latest: 1,
} as const;
