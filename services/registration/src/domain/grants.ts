/**
 * Four eyes (vier-ogenprincipe): a change that grants the escape right, the security-officer role
 * or the mandated-person role takes two persons. The first asks (a grant request); nothing
 * changes until a second authorised person approves. Neither the requester nor the account
 * holder can be that second person (ADR 0016). Who is authorised follows the access table
 * (app/access.ts); this module holds what does not depend on roles: which rights are sensitive,
 * which of them a change grants, and that a decision is made once, by someone else.
 */
import { refuse } from './errors';
import type { Tasks } from './users';

export type SensitiveRight = 'ESCAPE_RIGHT' | 'SECURITY_OFFICER' | 'MANDATED_PERSON';
export const SENSITIVE_RIGHTS: readonly SensitiveRight[] = ['ESCAPE_RIGHT', 'SECURITY_OFFICER', 'MANDATED_PERSON'];

export type GrantStatus = 'PENDING' | 'APPROVED' | 'REJECTED';
/** NEW: the account is created on approval; EXISTING: its tasks are replaced on approval. */
export type GrantAccount = 'NEW' | 'EXISTING';

export interface Grant {
  id: string;
  /** The account holder (for a new account: the id the account gets on approval). */
  userId: string;
  homeMunicipalityId: string;
  account: GrantAccount;
  /** The tasks asked for, in full: on approval they replace the current ones. */
  requested: Tasks;
  /** What the change grants that the account does not hold yet. */
  sensitiveRights: SensitiveRight[];
  requestedBy: string;
  requestedAt: Date;
  status: GrantStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
}

/**
 * The sensitive rights `after` grants that `before` does not hold (before null: a new account).
 * Taking a right away, or keeping one, never needs a second person.
 */
export function sensitiveRightsGranted(before: Tasks | null, after: Tasks): SensitiveRight[] {
  const granted: SensitiveRight[] = [];
  if (after.escapeRight && !before?.escapeRight) granted.push('ESCAPE_RIGHT');
  if (after.roles.includes('SECURITY_OFFICER') && !before?.roles.includes('SECURITY_OFFICER')) granted.push('SECURITY_OFFICER');
  if (after.roles.includes('MANDATED_PERSON') && !before?.roles.includes('MANDATED_PERSON')) granted.push('MANDATED_PERSON');
  return granted;
}

export function requestGrant(input: Omit<Grant, 'status' | 'decidedBy' | 'decidedAt' | 'reason'>): Grant {
  if (input.requestedBy === input.userId) refuse('FORBIDDEN', 'OWN_RIGHTS', 'Nobody changes their own roles, products or rights: ask another user administrator or a security officer.');
  if (input.sensitiveRights.length === 0) refuse('INVALID', 'NOTHING_TO_GRANT', 'This change grants no right that needs a second person.');
  return { ...input, sensitiveRights: [...new Set(input.sensitiveRights)], status: 'PENDING', decidedBy: null, decidedAt: null, reason: null };
}

/**
 * The second pair of eyes: a different person from the one who asked and from the account
 * holder. Whether this person holds the authority is the access table's question.
 */
export function requireSecondPerson(g: Pick<Grant, 'requestedBy' | 'userId'>, by: string): void {
  if (by === g.requestedBy) {
    refuse('FORBIDDEN', 'GRANT_OWN_REQUEST', 'You asked for this grant yourself: another authorised person must approve it (four eyes).');
  }
  if (by === g.userId) {
    refuse('FORBIDDEN', 'OWN_RIGHTS', 'Nobody approves their own roles or rights: another authorised person must approve this grant.');
  }
}

function requirePending(g: Grant): void {
  if (g.status !== 'PENDING') {
    refuse('CONFLICT', 'GRANT_DECIDED', `This grant was ${g.status === 'APPROVED' ? 'approved' : 'rejected'} already${g.decidedAt ? ` on ${g.decidedAt.toISOString()}` : ''}.`);
  }
}

export function approve(g: Grant, by: string, at: Date): Grant {
  requirePending(g);
  requireSecondPerson(g, by);
  return { ...g, status: 'APPROVED', decidedBy: by, decidedAt: at, reason: null };
}

/**
 * Rejecting takes no second person: an authorised person rejects, the requester may withdraw
 * their own request; the account holder decides nothing about their own rights.
 */
export function reject(g: Grant, by: string, at: Date, reason: string | null): Grant {
  requirePending(g);
  if (by === g.userId) refuse('FORBIDDEN', 'OWN_RIGHTS', 'Nobody decides about their own roles or rights.');
  return { ...g, status: 'REJECTED', decidedBy: by, decidedAt: at, reason: reason?.trim() || null };
}
