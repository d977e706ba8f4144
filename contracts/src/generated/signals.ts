// Generated from contracts/schemas by contracts/tools/generate-types.ts. Do not edit:
// change the .avsc files and run `npm run contracts:generate`.
/* eslint-disable */

// ---- MisuseSignal (newest: v1) ----

export type SignalKind = 'BULK_QUERYING' | 'OUT_OF_HOURS_QUERYING' | 'ESCAPE_RATE' | 'ESCAPE_REASON_BURST' | 'SUBJECT_MANY_WORKERS' | 'SUBJECT_MANY_MUNICIPALITIES' | 'WHITELIST_PROBING' | 'REFUSED_ATTEMPTS' | 'LOGIN_UNUSUAL_TIME' | 'FAILED_LOGINS';

export const SignalKindValues = ['BULK_QUERYING', 'OUT_OF_HOURS_QUERYING', 'ESCAPE_RATE', 'ESCAPE_REASON_BURST', 'SUBJECT_MANY_WORKERS', 'SUBJECT_MANY_MUNICIPALITIES', 'WHITELIST_PROBING', 'REFUSED_ATTEMPTS', 'LOGIN_UNUSUAL_TIME', 'FAILED_LOGINS'] as const;

export type SignalSeverity = 'LOW' | 'MEDIUM' | 'HIGH';

export const SignalSeverityValues = ['LOW', 'MEDIUM', 'HIGH'] as const;

export type SignalCounted = 'QUERIES' | 'SUBJECTS' | 'WORKERS' | 'MUNICIPALITIES' | 'ESCAPES' | 'ABORTED_SEARCHES' | 'REFUSALS' | 'LOGINS' | 'FAILED_LOGINS';

export const SignalCountedValues = ['QUERIES', 'SUBJECTS', 'WORKERS', 'MUNICIPALITIES', 'ESCAPES', 'ABORTED_SEARCHES', 'REFUSALS', 'LOGINS', 'FAILED_LOGINS'] as const;

export interface SignalEvidence {
  /** What count counts (distinct subjects, workers and municipalities; events otherwise). */
  counted: SignalCounted;
  /** The count when the threshold was reached (equal to it, so the same in every replay). */
  count: number;
  threshold: number;
  /** BULK_QUERYING: the worker's mean distinct subjects per active hour over the days before, when known. */
  workerBaseline?: null | number;
  /** BULK_QUERYING: the same over the organisation's workers. */
  organisationBaseline?: null | number;
  /** ESCAPE_REASON_BURST: the reason code from the escape list. */
  escapeReason?: null | string;
}

/** A signal of possible misuse, seen while it happens (issue 22, ADR 0021): a count of one worker, one login name, or one data subject in a window of event time reached its threshold. Written once per kind, key and window by supplier-reporting's detectors (through its outbox); a replay of the attributed queries and actions from offset 0 gives the same signals with the same ids. No names and no clear BSNs: a worker is a user id, a data subject the HMAC pseudonym. */
export interface MisuseSignal {
  /** Derived from kind, key (worker, login name or data subject) and window start: the same incident always has the same id, so a duplicate is recognisable. */
  signalId: string;
  /** BULK_QUERYING: many distinct data subjects in a window, above a floor and the worker's and the organisation's baselines; OUT_OF_HOURS_QUERYING: queries at 19:00-06:00 or at the weekend (Europe/Amsterdam) in one local day; ESCAPE_RATE: whitelist escapes in a window; ESCAPE_REASON_BURST: escapes with the same reason in a short window; SUBJECT_MANY_WORKERS: one data subject queried by many workers for one municipality; SUBJECT_MANY_MUNICIPALITIES: one data subject queried for several municipalities; WHITELIST_PROBING: aborted searches; REFUSED_ATTEMPTS: queries refused before or by the decision; LOGIN_UNUSUAL_TIME: logins outside office hours; FAILED_LOGINS: failed logins of one account (or of names without an account, per organisation). */
  kind: SignalKind;
  severity: SignalSeverity;
  /** Whose signal it is: the worker's home organisation, or the municipality queried for (SUBJECT_MANY_WORKERS); null across organisations (SUBJECT_MANY_MUNICIPALITIES: the security officer's). */
  organisationId?: null | string;
  /** The worker or account (user id, never a name); null for the data-subject kinds and for failed logins under names without an account. */
  workerUserId?: null | string;
  /** The data subject of the curiosity kinds: the HMAC pseudonym, never the BSN. */
  subjectPseudonym?: null | string;
  windowStart: number;
  /** Exclusive. */
  windowEnd: number;
  evidence: SignalEvidence;
}

/** Every version of nl.inkijk.signals.MisuseSignal; the newest is the reader schema. */
export const MisuseSignalSchemas = {
  fullName: 'nl.inkijk.signals.MisuseSignal',
  versions: {
    1: {"type":"record","name":"MisuseSignal","namespace":"nl.inkijk.signals","doc":"A signal of possible misuse, seen while it happens (issue 22, ADR 0021): a count of one worker, one login name, or one data subject in a window of event time reached its threshold. Written once per kind, key and window by supplier-reporting's detectors (through its outbox); a replay of the attributed queries and actions from offset 0 gives the same signals with the same ids. No names and no clear BSNs: a worker is a user id, a data subject the HMAC pseudonym.","fields":[{"name":"signalId","type":{"type":"string","logicalType":"uuid"},"doc":"Derived from kind, key (worker, login name or data subject) and window start: the same incident always has the same id, so a duplicate is recognisable."},{"name":"kind","type":{"type":"enum","name":"SignalKind","symbols":["BULK_QUERYING","OUT_OF_HOURS_QUERYING","ESCAPE_RATE","ESCAPE_REASON_BURST","SUBJECT_MANY_WORKERS","SUBJECT_MANY_MUNICIPALITIES","WHITELIST_PROBING","REFUSED_ATTEMPTS","LOGIN_UNUSUAL_TIME","FAILED_LOGINS"]},"doc":"BULK_QUERYING: many distinct data subjects in a window, above a floor and the worker's and the organisation's baselines; OUT_OF_HOURS_QUERYING: queries at 19:00-06:00 or at the weekend (Europe/Amsterdam) in one local day; ESCAPE_RATE: whitelist escapes in a window; ESCAPE_REASON_BURST: escapes with the same reason in a short window; SUBJECT_MANY_WORKERS: one data subject queried by many workers for one municipality; SUBJECT_MANY_MUNICIPALITIES: one data subject queried for several municipalities; WHITELIST_PROBING: aborted searches; REFUSED_ATTEMPTS: queries refused before or by the decision; LOGIN_UNUSUAL_TIME: logins outside office hours; FAILED_LOGINS: failed logins of one account (or of names without an account, per organisation)."},{"name":"severity","type":{"type":"enum","name":"SignalSeverity","symbols":["LOW","MEDIUM","HIGH"]}},{"name":"organisationId","type":["null","string"],"default":null,"doc":"Whose signal it is: the worker's home organisation, or the municipality queried for (SUBJECT_MANY_WORKERS); null across organisations (SUBJECT_MANY_MUNICIPALITIES: the security officer's)."},{"name":"workerUserId","type":["null","string"],"default":null,"doc":"The worker or account (user id, never a name); null for the data-subject kinds and for failed logins under names without an account."},{"name":"subjectPseudonym","type":["null","string"],"default":null,"doc":"The data subject of the curiosity kinds: the HMAC pseudonym, never the BSN."},{"name":"windowStart","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"windowEnd","type":{"type":"long","logicalType":"timestamp-millis"},"doc":"Exclusive."},{"name":"evidence","type":{"type":"record","name":"SignalEvidence","fields":[{"name":"counted","type":{"type":"enum","name":"SignalCounted","symbols":["QUERIES","SUBJECTS","WORKERS","MUNICIPALITIES","ESCAPES","ABORTED_SEARCHES","REFUSALS","LOGINS","FAILED_LOGINS"]},"doc":"What count counts (distinct subjects, workers and municipalities; events otherwise)."},{"name":"count","type":"long","doc":"The count when the threshold was reached (equal to it, so the same in every replay)."},{"name":"threshold","type":"long"},{"name":"workerBaseline","type":["null","double"],"default":null,"doc":"BULK_QUERYING: the worker's mean distinct subjects per active hour over the days before, when known."},{"name":"organisationBaseline","type":["null","double"],"default":null,"doc":"BULK_QUERYING: the same over the organisation's workers."},{"name":"escapeReason","type":["null","string"],"default":null,"doc":"ESCAPE_REASON_BURST: the reason code from the escape list."}]}}]},
  },
  latest: 1,
} as const;
