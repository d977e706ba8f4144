/**
 * A signal of misuse (issue 22, ADR 0021): what was seen, of whom, in which window, with the
 * counts that made it cross its threshold. Pseudonyms only: a data subject is the keyed hash the
 * events carry, a worker is a user id (the portal shows names to those allowed).
 */
import { createHash } from 'node:crypto';

export const SIGNAL_KINDS = [
  'BULK_QUERYING',
  'OUT_OF_HOURS_QUERYING',
  'ESCAPE_RATE',
  'ESCAPE_REASON_BURST',
  'SUBJECT_MANY_WORKERS',
  'SUBJECT_MANY_MUNICIPALITIES',
  'WHITELIST_PROBING',
  'REFUSED_ATTEMPTS',
  'LOGIN_UNUSUAL_TIME',
  'FAILED_LOGINS',
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export type SignalSeverity = 'LOW' | 'MEDIUM' | 'HIGH';

/** How serious each kind is, as a table a reviewer can read. */
export const SEVERITY: Record<SignalKind, SignalSeverity> = {
  BULK_QUERYING: 'HIGH',
  SUBJECT_MANY_WORKERS: 'HIGH',
  SUBJECT_MANY_MUNICIPALITIES: 'HIGH',
  ESCAPE_REASON_BURST: 'MEDIUM',
  ESCAPE_RATE: 'MEDIUM',
  WHITELIST_PROBING: 'MEDIUM',
  REFUSED_ATTEMPTS: 'MEDIUM',
  FAILED_LOGINS: 'MEDIUM',
  OUT_OF_HOURS_QUERYING: 'LOW',
  LOGIN_UNUSUAL_TIME: 'LOW',
};

/** What the count of a signal counts. */
export type Counted = 'QUERIES' | 'SUBJECTS' | 'WORKERS' | 'MUNICIPALITIES' | 'ESCAPES' | 'ABORTED_SEARCHES' | 'REFUSALS' | 'LOGINS' | 'FAILED_LOGINS';

export interface SignalEvidence {
  counted: Counted;
  /** The count when the threshold was reached (so equal to it: the same however the events arrived). */
  count: number;
  threshold: number;
  /** Bulk querying: the baseline (mean distinct subjects per active hour) the threshold came from, if any. */
  workerBaseline: number | null;
  organisationBaseline: number | null;
  /** Escape bursts: the reason from the escape list. */
  escapeReason: string | null;
}

export interface Signal {
  /** Deterministic from kind, subject of the window and window start: a duplicate has the same id. */
  signalId: string;
  kind: SignalKind;
  severity: SignalSeverity;
  /** Whose signal it is: the worker's home organisation, the municipality queried for, or null (across organisations: the security officer's). */
  organisationId: string | null;
  /** The worker (user id); null for signals about a data subject or a login name without an account. */
  workerUserId: string | null;
  /** The data subject (pseudonym) of the curiosity kinds. */
  subjectPseudonym: string | null;
  windowStart: number;
  /** Exclusive. */
  windowEnd: number;
  evidence: SignalEvidence;
}

/** A UUID-shaped id from the SHA-256 of kind, key and window start (version nibble 8: custom). */
export function signalIdOf(kind: SignalKind, key: string, windowStart: number): string {
  const h = createHash('sha256').update(`${kind}\u0000${key}\u0000${windowStart}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
