/**
 * Revocation in seconds (ADR 0017): what every service that accepts login tokens knows about
 * accounts, kept in memory and fed by the account-changes follower from the users and sessions
 * topics. Pure: no Kafka, no clock of its own (callers pass `now`), no I/O.
 *
 * Per user it keeps `notBefore` (epoch ms: tokens issued before it are refused; set by a change
 * of roles or rights and by signing out of every session) and whether the account is
 * deactivated (every token refused, whenever issued). Per token it keeps the tokens signed out
 * one by one, until they expire anyway.
 *
 * Times compare in milliseconds: a token carries its issue time in ms (claim `iat_ms`, taken by
 * the one login before it reads the account), and every account change its own `occurredAt` in
 * ms from the same issuer's clock. A token issued at the very millisecond of the change counts as
 * issued after it, so that a login right after a change is accepted. Tokens without `iat_ms`
 * (second precision only) are refused when their second started before the change.
 */
import type { registration } from '@inkijk/contracts';

export type SignOutScope = 'THIS_SESSION' | 'EVERY_SESSION';

/** What a verified token says about itself, as far as revocation is concerned. */
export interface TokenFacts {
  userId: string;
  tokenId?: string;
  /** Issue time in ms: `iat_ms`, or for a token without it the start of its `iat` second. */
  issuedAt: number;
}

/** Why a token is refused: a readable sentence for the 401 TOKEN_REVOKED answer. */
export type Refusal = string;

interface AccountState {
  notBefore: number;
  deactivated: boolean;
}

export interface RevocationStats {
  accounts: number;
  deactivated: number;
  signedOutTokens: number;
}

export class Revocations {
  private readonly accounts = new Map<string, AccountState>();
  /** tokenId -> when the token expires (ms): after that it is refused as expired anyway. */
  private readonly signedOutTokens = new Map<string, number>();
  private current: boolean;
  private waiters: Array<() => void> = [];

  /** `following`: a follower will feed this list; until it has caught up, it is not current. */
  constructor(opts: { following?: boolean } = {}) {
    this.current = !opts.following;
  }

  /** A follower will feed this list: not current until `caughtUp()`. */
  follow(): void {
    this.current = false;
  }

  /** The follower has read everything the topics held when it started. */
  caughtUp(): void {
    this.current = true;
    const waiting = this.waiters;
    this.waiters = [];
    waiting.forEach((w) => w());
  }

  isCurrent(): boolean {
    return this.current;
  }

  /** Resolves true once current, or false after `timeoutMs`. */
  whenCurrent(timeoutMs: number): Promise<boolean> {
    if (this.current) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(done);
    });
  }

  private account(userId: string): AccountState {
    let a = this.accounts.get(userId);
    if (!a) this.accounts.set(userId, (a = { notBefore: 0, deactivated: false }));
    return a;
  }

  /** Roles, products or rights changed at `at`: tokens issued before it no longer say the truth. */
  rightsChanged(userId: string, at: number): void {
    const a = this.account(userId);
    a.notBefore = Math.max(a.notBefore, at);
  }

  /** Deactivated: every token of the account is refused (there is no reactivation). */
  deactivated(userId: string, at: number): void {
    const a = this.account(userId);
    a.deactivated = true;
    a.notBefore = Math.max(a.notBefore, at);
  }

  /** Signed out: that token, or every token of the user issued before `at`. */
  signedOut(e: { userId: string; tokenId: string; tokenExpiresAt: number; at: number; scope: SignOutScope }): void {
    if (e.scope === 'EVERY_SESSION') this.rightsChanged(e.userId, e.at);
    else this.signedOutTokens.set(e.tokenId, Math.max(this.signedOutTokens.get(e.tokenId) ?? 0, e.tokenExpiresAt));
  }

  /** Forgets signed-out tokens that have expired anyway (they are refused as expired). */
  prune(now: number): number {
    let n = 0;
    for (const [id, exp] of this.signedOutTokens) {
      if (exp > now) continue;
      this.signedOutTokens.delete(id);
      n++;
    }
    return n;
  }

  /** Why this token is refused, or null when nothing revokes it. */
  refusal(t: TokenFacts): Refusal | null {
    if (t.tokenId !== undefined && this.signedOutTokens.has(t.tokenId)) return 'This session was signed out: log in again.';
    const a = this.accounts.get(t.userId);
    if (!a) return null;
    if (a.deactivated) return 'This account has been deactivated: its sessions have ended. Ask your user administrator.';
    if (issuedBefore(t, a.notBefore)) return 'Your account changed (roles or rights) or signed out after this token was issued: log in again.';
    return null;
  }

  stats(): RevocationStats {
    let deactivated = 0;
    for (const a of this.accounts.values()) if (a.deactivated) deactivated++;
    return { accounts: this.accounts.size, deactivated, signedOutTokens: this.signedOutTokens.size };
  }
}

/**
 * Whether a token was (or may have been) issued before `at`. With `iat_ms` exact: issued at the
 * same millisecond counts as after. A token with only `iat` gives the start of its second, so one
 * of the second in which the change happened counts as before it (fail closed).
 */
export function issuedBefore(t: Pick<TokenFacts, 'issuedAt'>, at: number): boolean {
  return t.issuedAt < at;
}

const NS = 'nl.inkijk.registration.';
const branch = (change: object): string => {
  const name = Object.keys(change)[0] ?? '';
  return name.startsWith(NS) ? name.slice(NS.length) : name;
};

/**
 * Applies a users-topic record: a change of roles, products or rights, or a deactivation. Other
 * changes (creation, four-eyes grant requests and decisions, which change no rights) revoke nothing.
 */
export function applyUserEvent(r: Revocations, e: Pick<registration.UserEvent, 'userId' | 'occurredAt' | 'change'>): 'revoked' | 'ignored' {
  switch (branch(e.change)) {
    case 'UserRolesChanged':
      r.rightsChanged(e.userId, e.occurredAt);
      return 'revoked';
    case 'UserDeactivated':
      r.deactivated(e.userId, e.occurredAt);
      return 'revoked';
    default:
      return 'ignored';
  }
}

/** Applies a sessions-topic record: a sign-out revokes; a sign-in changes nothing. */
export function applySessionEvent(r: Revocations, e: registration.SessionEvent): 'revoked' | 'ignored' {
  const change = e.change as { 'nl.inkijk.registration.SignedOut'?: registration.SignedOut };
  const out = change['nl.inkijk.registration.SignedOut'];
  if (!out) return 'ignored';
  r.signedOut({ userId: e.userId, tokenId: e.tokenId, tokenExpiresAt: e.tokenExpiresAt, at: e.occurredAt, scope: out.scope });
  return 'revoked';
}
