/**
 * Who may see and review which signals, and what a review is (issue 22, ADR 0021).
 *
 * | signal of organisation O            | role             | may                          |
 * |-------------------------------------|------------------|------------------------------|
 * | any (also across organisations)     | SECURITY_OFFICER | list, read, review, dismiss  |
 * | O                                   | MANDATED_PERSON  | list, read, review, dismiss  |
 * |                                     |                  | when O is the caller's home  |
 *
 * A signal another caller may not see is answered as if it did not exist (no oracle).
 * A review closes an open signal once: REVIEWED (looked into, action taken or none needed) or
 * DISMISSED (a false alarm), with a reason a person wrote; never a BSN.
 */
import { isBsn } from '@inkijk/contracts';
import type { Caller } from '../access';
import type { Signal } from './signal';

export type SignalStatus = 'OPEN' | 'REVIEWED' | 'DISMISSED';
export const SIGNAL_STATUSES: readonly SignalStatus[] = ['OPEN', 'REVIEWED', 'DISMISSED'];
export type ReviewDecision = Exclude<SignalStatus, 'OPEN'>;

export interface StoredSignal extends Signal {
  status: SignalStatus;
  reviewReason: string | null;
  reviewedBy: string | null;
  reviewedAt: number | null;
  detectedAt: number;
}

/** Which signals a caller may see: every one (null), those of one organisation, or none. */
export type SignalScope = { all: true } | { all: false; organisationId: string } | null;

export function signalScopeOf(caller: Caller): SignalScope {
  if (caller.roles.includes('SECURITY_OFFICER')) return { all: true };
  if (caller.roles.includes('MANDATED_PERSON')) return { all: false, organisationId: caller.homeMunicipalityId };
  return null;
}

export function maySee(scope: SignalScope, signal: Pick<Signal, 'organisationId'>): boolean {
  if (scope === null) return false;
  return scope.all || signal.organisationId === scope.organisationId;
}

export const REASON_MAX = 500;

/** What is wrong with a review reason, readable, or null. */
export function reviewReasonProblem(reason: string): string | null {
  const text = reason.trim();
  if (text.length < 3) return 'write a reason of at least 3 characters';
  if (text.length > REASON_MAX) return `a reason has at most ${REASON_MAX} characters`;
  // The reason joins the audit trail: a BSN never does.
  if ((text.match(/\d{9}/g) ?? []).some(isBsn)) return 'the reason holds what looks like a BSN: describe the person without it';
  return null;
}
