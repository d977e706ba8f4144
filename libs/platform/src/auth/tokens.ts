/**
 * One identity: one login issues signed, expiring JWTs (EdDSA / Ed25519); every service
 * verifies them itself with the public keys (a JWKS from configuration or from the issuer's
 * JWKS endpoint). Claims carry the user id, the home municipality and the roles; the
 * municipality acted for is chosen per query and is never part of the token.
 *
 * Revocation in seconds (ADR 0017): a token also carries its issue time in milliseconds
 * (`iat_ms`), and every verifier consults its `Revocations` (fed by the account-changes
 * follower) after the signature: a token of a deactivated account, one issued before the
 * account's last change of roles or rights, or one signed out, is refused with TOKEN_REVOKED.
 */
import { createLocalJWKSet, createRemoteJWKSet, exportJWK, generateKeyPair, importJWK, JWK, JWTPayload, jwtVerify, KeyLike, SignJWT, errors as joseErrors } from 'jose';
import { Refusal } from '@inkijk/contracts';
import { ApiError } from '../http/errors';
import { Revocations } from './revocations';

export const ROLES = ['WORKER', 'USER_ADMINISTRATOR', 'SECURITY_OFFICER', 'MANDATED_PERSON'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  userId: string;
  homeMunicipalityId: string;
  roles: Role[];
  displayName: string;
  /** Token id, for logs and revocation lists. */
  tokenId?: string;
}

export const TOKEN_ALG = 'EdDSA';
export const DEFAULT_ISSUER = 'inkijk-login';
export const DEFAULT_AUDIENCE = 'inkijk';

/** The claim with the issue time in milliseconds (`iat` has seconds only). */
export const ISSUED_AT_MS_CLAIM = 'iat_ms';

/** A token just issued, with what the issuer announces about it (its session). */
export interface IssuedToken {
  token: string;
  tokenId: string;
  /** ms */
  issuedAt: number;
  /** ms */
  expiresAt: number;
}

/** A token whose signature and claims were verified, before revocation is consulted. */
export interface VerifiedToken {
  principal: Principal;
  /** ms: `iat_ms`, or the start of the `iat` second for a token without it. */
  issuedAt: number;
  /** ms */
  expiresAt: number;
}

/** How long a request waits for the account changes to be loaded after a start (then 503). */
export const REVOCATIONS_WAIT_MS = 5_000;

export type AuthFailure = 'TOKEN_MISSING' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'TOKEN_REVOKED';
/** A token that does not prove who the caller is (401). */
export class AuthenticationError extends Refusal {
  override readonly name = 'AuthenticationError';
  constructor(
    override readonly code: AuthFailure,
    message: string,
  ) {
    super('UNAUTHENTICATED', code, message);
  }
}

export interface TokenVerifierOptions {
  jwks?: { keys: JWK[] };
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** What the account-changes follower knows; default an empty list that revokes nothing. */
  revocations?: Revocations;
  /** How long a request waits for the revocations to be current after a start (then 503). */
  revocationsWaitMs?: number;
}

export class TokenVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet> | ReturnType<typeof createRemoteJWKSet>;
  /** Consulted after every signature check (and on every remembered token). */
  readonly revocations: Revocations;

  constructor(opts: TokenVerifierOptions) {
    if (opts.jwks) this.keys = createLocalJWKSet(opts.jwks);
    else if (opts.jwksUrl) this.keys = createRemoteJWKSet(new URL(opts.jwksUrl), { cooldownDuration: 30_000 });
    else throw new Error('TokenVerifier needs AUTH_JWKS or AUTH_JWKS_URL');
    this.issuer = opts.issuer ?? DEFAULT_ISSUER;
    this.audience = opts.audience ?? DEFAULT_AUDIENCE;
    this.revocations = opts.revocations ?? new Revocations();
    this.revocationsWaitMs = opts.revocationsWaitMs ?? REVOCATIONS_WAIT_MS;
  }
  private readonly revocationsWaitMs: number;
  private readonly issuer: string;
  private readonly audience: string;

  /** The principal of a valid token that nothing revoked; throws AuthenticationError otherwise. */
  async verify(token: string | undefined): Promise<Principal> {
    return this.admit(await this.verifySignature(token));
  }

  /** Signature, issuer, audience, expiry and claims; no revocation yet. */
  async verifySignature(token: string | undefined): Promise<VerifiedToken> {
    if (!token) throw new AuthenticationError('TOKEN_MISSING', 'Log in first: this request carries no token.');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, { issuer: this.issuer, audience: this.audience, algorithms: [TOKEN_ALG] }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw new AuthenticationError('TOKEN_EXPIRED', 'Your session has expired: log in again.');
      throw new AuthenticationError('TOKEN_INVALID', 'The token is not valid: log in again.');
    }
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string)) : [];
    if (typeof payload.sub !== 'string' || typeof payload.home !== 'string') {
      throw new AuthenticationError('TOKEN_INVALID', 'The token lacks the user or the home municipality.');
    }
    const ms = payload[ISSUED_AT_MS_CLAIM];
    const issuedAt = typeof ms === 'number' && Number.isSafeInteger(ms) ? ms : typeof payload.iat === 'number' ? payload.iat * 1000 : 0;
    return {
      principal: { userId: payload.sub, homeMunicipalityId: payload.home, roles, displayName: String(payload.name ?? payload.sub), tokenId: payload.jti },
      issuedAt,
      expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : Number.MAX_SAFE_INTEGER,
    };
  }

  /**
   * Consults the revocations for a verified token (also one remembered from before): refused
   * with 401 TOKEN_REVOKED when its account was deactivated, changed after it was issued, or it
   * was signed out. Right after a start, waits until the account changes are loaded.
   */
  async admit(v: VerifiedToken): Promise<Principal> {
    if (!this.revocations.isCurrent() && !(await this.revocations.whenCurrent(this.revocationsWaitMs))) {
      throw new ApiError(503, 'ACCOUNT_CHANGES_LOADING', 'This service is still loading the account changes it checks every login against; try again in a moment.');
    }
    const refusal = this.revocations.refusal({ userId: v.principal.userId, tokenId: v.principal.tokenId, issuedAt: v.issuedAt });
    if (refusal !== null) throw new AuthenticationError('TOKEN_REVOKED', refusal);
    return v.principal;
  }
}

export class TokenIssuer {
  private constructor(private readonly key: KeyLike | Uint8Array, private readonly kid: string, private readonly issuer: string, private readonly audience: string) {}

  static async fromJwk(privateJwk: JWK, opts: { issuer?: string; audience?: string } = {}): Promise<TokenIssuer> {
    if (!privateJwk.d) throw new Error('AUTH_SIGNING_KEY must be a private JWK (with "d")');
    const key = await importJWK(privateJwk, TOKEN_ALG);
    return new TokenIssuer(key, privateJwk.kid ?? 'default', opts.issuer ?? DEFAULT_ISSUER, opts.audience ?? DEFAULT_AUDIENCE);
  }

  async issue(p: Omit<Principal, 'tokenId'>, ttlSeconds = 8 * 3600, tokenId = globalThis.crypto.randomUUID()): Promise<string> {
    return (await this.mint(p, { ttlSeconds, tokenId })).token;
  }

  /**
   * A token and its facts. `issuedAt` (ms, default now): when the account state the token
   * carries was read; the one login passes the moment before it read the account, so that a
   * change committed while the login ran is never older than the token (ADR 0017).
   */
  async mint(p: Omit<Principal, 'tokenId'>, opts: { ttlSeconds?: number; tokenId?: string; issuedAt?: number } = {}): Promise<IssuedToken> {
    const issuedAt = opts.issuedAt ?? Date.now();
    const tokenId = opts.tokenId ?? globalThis.crypto.randomUUID();
    const iat = Math.floor(issuedAt / 1000);
    const exp = iat + (opts.ttlSeconds ?? 8 * 3600);
    const token = await new SignJWT({ home: p.homeMunicipalityId, roles: p.roles, name: p.displayName, [ISSUED_AT_MS_CLAIM]: issuedAt })
      .setProtectedHeader({ alg: TOKEN_ALG, kid: this.kid, typ: 'JWT' })
      .setSubject(p.userId)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt(iat)
      .setJti(tokenId)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, tokenId, issuedAt, expiresAt: exp * 1000 };
  }
}

/** A fresh Ed25519 key pair as JWKs (for start-up key generation and tests). */
export async function generateSigningKey(kid = `k-${Date.now()}`): Promise<{ privateJwk: JWK; publicJwks: { keys: JWK[] } }> {
  const { privateKey, publicKey } = await generateKeyPair(TOKEN_ALG, { crv: 'Ed25519', extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: TOKEN_ALG, use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: TOKEN_ALG, use: 'sig' };
  return { privateJwk, publicJwks: { keys: [publicJwk] } };
}

/** The public half of a private JWK, for a JWKS endpoint. */
export function publicJwkOf(privateJwk: JWK): JWK {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { d, p, q, dp, dq, qi, ...pub } = privateJwk;
  return pub;
}
