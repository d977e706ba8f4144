/**
 * Token verification with a short memory: a worker sends the same token with every query, and
 * checking its Ed25519 signature again each time was the largest single CPU cost of a query.
 * A token that verified is remembered, keyed by the whole token string (signature included, so
 * nothing but that exact token matches), until its expiry or for at most `ttlMs`, whichever is
 * sooner. Refusals (missing, invalid, expired) are never remembered: they are verified anew.
 */
import { JWK } from 'jose';
import { AuthConfig, Principal, TokenVerifier } from '@inkijk/platform';

interface Remembered {
  principal: Principal;
  until: number;
}

export interface VerifiedTokenOptions {
  /** Longest time a verified token is trusted without checking its signature again. */
  ttlMs?: number;
  /** Most tokens remembered; the oldest are forgotten first. */
  maxEntries?: number;
  clock?: () => number;
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
    });
    this.ttlMs = opts.ttlMs ?? 60_000;
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.clock = opts.clock ?? Date.now;
  }

  override async verify(token: string | undefined): Promise<Principal> {
    const now = this.clock();
    if (token) {
      const hit = this.remembered.get(token);
      if (hit && hit.until > now) return hit.principal;
      if (hit) this.remembered.delete(token);
    }
    const principal = await super.verify(token);
    const exp = expiryOf(token!);
    if (exp !== null) {
      if (this.remembered.size >= this.maxEntries) this.remembered.delete(this.remembered.keys().next().value!);
      this.remembered.set(token!, { principal: Object.freeze({ ...principal, roles: Object.freeze([...principal.roles]) as Principal['roles'] }), until: Math.min(exp, now + this.ttlMs) });
    }
    return principal;
  }
}

/** The exp claim (epoch ms) of a token whose signature was just verified; null when absent. */
function expiryOf(token: string): number | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}
