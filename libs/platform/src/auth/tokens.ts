/**
 * One identity: one login issues signed, expiring JWTs (EdDSA / Ed25519); every service
 * verifies them itself with the public keys (a JWKS from configuration or from the issuer's
 * JWKS endpoint). Claims carry the user id, the home municipality and the roles; the
 * municipality acted for is chosen per query and is never part of the token.
 */
import { createLocalJWKSet, createRemoteJWKSet, exportJWK, generateKeyPair, importJWK, JWK, JWTPayload, jwtVerify, KeyLike, SignJWT, errors as joseErrors } from 'jose';

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

export type AuthFailure = 'TOKEN_MISSING' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED';
export class AuthenticationError extends Error {
  readonly httpStatus = 401;
  constructor(readonly code: AuthFailure, message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

export class TokenVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet> | ReturnType<typeof createRemoteJWKSet>;

  constructor(opts: { jwks?: { keys: JWK[] }; jwksUrl?: string; issuer?: string; audience?: string }) {
    if (opts.jwks) this.keys = createLocalJWKSet(opts.jwks);
    else if (opts.jwksUrl) this.keys = createRemoteJWKSet(new URL(opts.jwksUrl), { cooldownDuration: 30_000 });
    else throw new Error('TokenVerifier needs AUTH_JWKS or AUTH_JWKS_URL');
    this.issuer = opts.issuer ?? DEFAULT_ISSUER;
    this.audience = opts.audience ?? DEFAULT_AUDIENCE;
  }
  private readonly issuer: string;
  private readonly audience: string;

  async verify(token: string | undefined): Promise<Principal> {
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
    return { userId: payload.sub, homeMunicipalityId: payload.home, roles, displayName: String(payload.name ?? payload.sub), tokenId: payload.jti };
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
    return new SignJWT({ home: p.homeMunicipalityId, roles: p.roles, name: p.displayName })
      .setProtectedHeader({ alg: TOKEN_ALG, kid: this.kid, typ: 'JWT' })
      .setSubject(p.userId)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setJti(tokenId)
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key);
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
