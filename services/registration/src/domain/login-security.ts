/**
 * Login security as rules without I/O (ADR 0015):
 *
 * | what                      | rule                                                                       |
 * | ------------------------- | -------------------------------------------------------------------------- |
 * | failures per login name   | consecutive failed attempts (wrong password, wrong or reused code), per    |
 * |                           | name, whether or not an account has that name; a success clears them       |
 * | throttling per account    | after the 3rd failure in a row the next attempt waits 1 s, then 2, 4 … 60 |
 * | lockout                   | the 5th failure in a row locks, until lifted (no timer)                    |
 * | lifting                   | the holder, by logging in with password and a right code (while fewer     |
 * |                           | than 5 further failures happened); the user administrator, always          |
 * | throttling per source     | at most 20 failed attempts per source address in 15 minutes                |
 * | second factor required    | security officers, user administrators and mandated persons                |
 *
 * Refusals never tell whether an account exists: an unknown name counts, waits and locks exactly
 * like a known one, and while a name is locked every attempt gets the same answer.
 */
import { Refusal } from '@inkijk/contracts';
import type { Role } from './users';

export interface LoginPolicy {
  /** N: failures in a row that lock the account. */
  lockAfter: number;
  /** Further failures while locked after which only a user administrator lifts the lockout. */
  holderLiftAttempts: number;
  /** Failures in a row without delay; from then on each attempt waits `backoffBaseMs` doubled per failure. */
  backoffAfter: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Failed attempts one source address may make within the window. */
  sourceMaxFailures: number;
  sourceWindowMs: number;
  /** Roles that must log in with a second factor. */
  secondFactorRoles: readonly Role[];
}

export const DEFAULT_LOGIN_POLICY: LoginPolicy = {
  lockAfter: 5,
  holderLiftAttempts: 5,
  backoffAfter: 2,
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
  sourceMaxFailures: 20,
  sourceWindowMs: 15 * 60_000,
  secondFactorRoles: ['SECURITY_OFFICER', 'USER_ADMINISTRATOR', 'MANDATED_PERSON'],
};

/** Consecutive failures of one login name. */
export interface FailureCounter {
  failures: number;
  lastFailureAt: Date;
  /** Set by the failure that reached `lockAfter`; cleared only by lifting (or a success by the holder). */
  lockedAt: Date | null;
}

export type Throttle = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A throttled attempt: refused as TOO_MANY (the edge adds Retry-After), not evaluated, not counted. */
export class LoginThrottled extends Refusal {
  constructor(readonly retryAfterSeconds: number) {
    super('TOO_MANY', 'TOO_MANY_ATTEMPTS', `Too many failed login attempts: try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`, { retryAfterSeconds });
    this.name = 'LoginThrottled';
  }
}

/** The wait before the next attempt after `failures` in a row (0: none). */
export function backoffMs(failures: number, p: LoginPolicy): number {
  if (failures <= p.backoffAfter) return 0;
  return Math.min(p.backoffBaseMs * 2 ** (failures - p.backoffAfter - 1), p.backoffMaxMs);
}

/** Throttling per account (login name): may an attempt be made now? */
export function accountThrottle(c: FailureCounter | null, now: Date, p: LoginPolicy): Throttle {
  if (!c) return { allowed: true };
  const until = c.lastFailureAt.getTime() + backoffMs(c.failures, p);
  return until > now.getTime() ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) } : { allowed: true };
}

export const isLocked = (c: FailureCounter | null): boolean => !!c?.lockedAt;

/** The holder may still lift the lockout by logging in with both factors. */
export function holderMayLift(c: FailureCounter | null, p: LoginPolicy): boolean {
  return !!c && c.failures < p.lockAfter + p.holderLiftAttempts;
}

/** One more failure: the counter after it, and whether it locked the name just now. */
export function afterFailure(c: FailureCounter | null, now: Date, p: LoginPolicy): { counter: FailureCounter; lockedNow: boolean } {
  const failures = (c?.failures ?? 0) + 1;
  const lockedNow = !c?.lockedAt && failures >= p.lockAfter;
  return { counter: { failures, lastFailureAt: now, lockedAt: c?.lockedAt ?? (lockedNow ? now : null) }, lockedNow };
}

export function secondFactorRequired(roles: readonly Role[], p: LoginPolicy): boolean {
  return roles.some((r) => p.secondFactorRoles.includes(r));
}

/** What is known once the password (and any code) has been checked. */
export interface LoginFacts {
  /** An account with this name exists and the password is its password. */
  passwordOk: boolean;
  active: boolean;
  /** The account has a confirmed second factor. */
  enrolled: boolean;
  /** Its roles require one. */
  secondFactorRequired: boolean;
  /** No code given, or the code's check. */
  code: 'NONE' | 'RIGHT' | 'WRONG' | 'REUSED';
  counter: FailureCounter | null;
}

export type FailureKind = 'FAILED_PASSWORD' | 'FAILED_CODE' | 'CODE_REUSED';

export type LoginDecision =
  | { kind: 'SIGNED_IN'; liftsLockout: boolean }
  | { kind: 'ENROLMENT_REQUIRED' }
  /** Refused without counting (nothing guessed wrong). */
  | { kind: 'REFUSED'; code: 'ACCOUNT_LOCKED' | 'SECOND_FACTOR_REQUIRED' | 'ACCOUNT_DEACTIVATED' }
  /** A failure: counted; the answer depends on whether the name is locked after it. */
  | { kind: 'FAILED'; failure: FailureKind };

/** The login, as a table of facts to a decision (the order of the checks is the point). */
export function decideLogin(f: LoginFacts, p: LoginPolicy): LoginDecision {
  const locked = isLocked(f.counter);
  if (!f.passwordOk) return { kind: 'FAILED', failure: 'FAILED_PASSWORD' };
  if (f.enrolled) {
    if (f.code === 'NONE') return { kind: 'REFUSED', code: locked ? 'ACCOUNT_LOCKED' : 'SECOND_FACTOR_REQUIRED' };
    if (f.code === 'WRONG') return { kind: 'FAILED', failure: 'FAILED_CODE' };
    if (f.code === 'REUSED') return { kind: 'FAILED', failure: 'CODE_REUSED' };
    if (locked && !holderMayLift(f.counter, p)) return { kind: 'REFUSED', code: 'ACCOUNT_LOCKED' };
    if (!f.active) return { kind: 'REFUSED', code: 'ACCOUNT_DEACTIVATED' };
    return { kind: 'SIGNED_IN', liftsLockout: locked };
  }
  // Without a second factor nothing but the password proves the holder: a lockout stays.
  if (locked) return { kind: 'REFUSED', code: 'ACCOUNT_LOCKED' };
  if (!f.active) return { kind: 'REFUSED', code: 'ACCOUNT_DEACTIVATED' };
  if (f.secondFactorRequired) return { kind: 'ENROLMENT_REQUIRED' };
  return { kind: 'SIGNED_IN', liftsLockout: false };
}

/** The answer to a counted failure: locked after it, or the failure itself. */
export function failureAnswer(failure: FailureKind, lockedAfter: boolean): 'ACCOUNT_LOCKED' | 'INVALID_CREDENTIALS' | 'INVALID_CODE' | 'CODE_ALREADY_USED' {
  if (lockedAfter) return 'ACCOUNT_LOCKED';
  return failure === 'FAILED_PASSWORD' ? 'INVALID_CREDENTIALS' : failure === 'FAILED_CODE' ? 'INVALID_CODE' : 'CODE_ALREADY_USED';
}

/**
 * Throttling per source address, in memory (a restart forgets it; the per-account counters live
 * in the database): a sliding window of the attempts that did not succeed. An attempt takes a
 * place when it starts, so a burst of parallel attempts is bounded too; a success gives it back.
 */
export class SourceThrottle {
  private readonly windows = new Map<string, number[]>();

  constructor(
    private readonly policy: Pick<LoginPolicy, 'sourceMaxFailures' | 'sourceWindowMs'>,
    private readonly maxSources = 100_000,
  ) {}

  /** Takes a place for an attempt from `source` at `now` (ms), or says how long to wait. */
  begin(source: string, now: number): Throttle & { ticket?: number } {
    const w = (this.windows.get(source) ?? []).filter((t) => t > now - this.policy.sourceWindowMs);
    this.windows.delete(source);
    if (w.length >= this.policy.sourceMaxFailures) {
      this.windows.set(source, w);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w[0] + this.policy.sourceWindowMs - now) / 1000)) };
    }
    w.push(now);
    this.windows.set(source, w);
    // The least recently used sources make room (Map keeps insertion order).
    while (this.windows.size > this.maxSources) this.windows.delete(this.windows.keys().next().value as string);
    return { allowed: true, ticket: now };
  }

  /** The attempt succeeded: it does not count against the source. */
  succeeded(source: string, ticket: number): void {
    const w = this.windows.get(source);
    const i = w?.indexOf(ticket) ?? -1;
    if (w && i >= 0) w.splice(i, 1);
  }
}
