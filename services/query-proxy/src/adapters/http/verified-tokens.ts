/**
 * Token verification with a short memory: a worker sends the same token with every query, and
 * checking its Ed25519 signature again each time was the largest single CPU cost of a query.
 * A token that verified is remembered, keyed by the whole token string (signature included, so
 * nothing but that exact token matches), until its expiry or for at most `ttlMs`, whichever is
 * sooner. Refusals (missing, invalid, expired) are never remembered: they are verified anew.
 * Revocation is not remembered either: a remembered token is checked against the account
 * changes on every request (a few map look-ups), so a deactivation, a change of roles or rights
 * or a sign-out refuses it as soon as the gateway has read it (ADR 0017).
 */
import { JWK } from 'jose';
import { AuthConfig, Principal, Revocations, TokenVerifier, VerifiedToken } from '@inkijk/platform';

interface Remembered {
  verified: VerifiedToken;
  until: number;
}

export interface VerifiedTokenOptions {
  /** Longest time a verified token is trusted without checking its signature again. */
  ttlMs?: number;
  /** Most tokens remembered; the oldest are forgotten first. */
  maxEntries?: number;
  clock?: () => number;
  /** What the account-changes follower knows (default: an empty list that revokes nothing). */
  revocations?: Revocations;
}

export class RememberingTokenVerifier extends TokenVerifier {
  private readonly remembered = new Map<string, Remembered>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly clock: () => number;

  constructor(config: AuthConfig, opts: VerifiedTokenOptions = {}) {
    super({
      jwks: config.AUTH_JWKS ? (JSON.parse(config.AUTH_JWKS) as { keys: JWK[] }) : undefined,
      jwksUrl: config.AUTH_JWKS_URL,
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      revocations: opts.revocations,
    });
    this.ttlMs = opts.ttlMs ?? 60_000;
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.clock = opts.clock ?? Date.now;
  }

  override async verify(token: string | undefined): Promise<Principal> {
    const now = this.clock();
    if (token) {
      const hit = this.remembered.get(token);
      if (hit && hit.until > now) return this.admit(hit.verified);
      if (hit) this.remembered.delete(token);
    }
    const verified = await this.verifySignature(token);
    const principal = await this.admit(verified);
    if (verified.expiresAt < Number.MAX_SAFE_INTEGER) {
      if (this.remembered.size >= this.maxEntries) this.remembered.delete(this.remembered.keys().next().value!);
      const frozen = Object.freeze({ ...principal, roles: Object.freeze([...principal.roles]) as Principal['roles'] });
      this.remembered.set(token!, { verified: Object.freeze({ ...verified, principal: frozen }), until: Math.min(verified.expiresAt, now + this.ttlMs) });
    }
    return principal;
  }
}
