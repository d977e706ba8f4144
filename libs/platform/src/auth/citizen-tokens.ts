/**
 * The citizen's session: a token of its own kind, apart from the staff tokens of one login.
 * Issued by the citizen portal after a DigiD login, for 15 minutes; its subject is the citizen's
 * pseudonym (HMAC of the BSN, `pseudonymise`), never the BSN. Its issuer, audience and signing
 * key differ from the staff tokens', and it carries no `home` or roles, so every staff service
 * refuses it (TokenVerifier: TOKEN_INVALID); the audit log's citizen endpoint accepts only it.
 */
import { createLocalJWKSet, importJWK, JWK, JWTPayload, jwtVerify, KeyLike, SignJWT, errors as joseErrors } from 'jose';
import { AuthenticationError, TOKEN_ALG } from './tokens';

export const CITIZEN_TOKEN_ISSUER = 'inkijk-citizen-portal';
export const CITIZEN_TOKEN_AUDIENCE = 'inkijk-citizen';
/** The `typ` claim every citizen token has. */
export const CITIZEN_TOKEN_TYPE = 'citizen-session';
/** A citizen session lasts this long (seconds); there is no renewal, the citizen logs in again. */
export const CITIZEN_SESSION_SECONDS = 15 * 60;

const PSEUDONYM = /^[0-9a-f]{64}$/;

export interface CitizenPrincipal {
  /** The pseudonym of the citizen's BSN (64 hex). */
  pseudonym: string;
  /** The assurance level DigiD vouched for. */
  assurance: string;
  sessionId: string;
  /** ms */
  expiresAt: number;
}

export class CitizenTokenIssuer {
  private constructor(
    private readonly key: KeyLike | Uint8Array,
    private readonly kid: string,
  ) {}

  static async fromJwk(privateJwk: JWK): Promise<CitizenTokenIssuer> {
    if (!privateJwk.d) throw new Error('the citizen session key must be a private JWK (with "d")');
    return new CitizenTokenIssuer(await importJWK(privateJwk, TOKEN_ALG), privateJwk.kid ?? 'citizen');
  }

  async issue(c: { pseudonym: string; assurance: string }, ttlSeconds = CITIZEN_SESSION_SECONDS, sessionId = globalThis.crypto.randomUUID()): Promise<string> {
    if (!PSEUDONYM.test(c.pseudonym)) throw new Error('a citizen token names a pseudonym, never a BSN');
    return new SignJWT({ typ: CITIZEN_TOKEN_TYPE, acr: c.assurance })
      .setProtectedHeader({ alg: TOKEN_ALG, kid: this.kid })
      .setIssuer(CITIZEN_TOKEN_ISSUER)
      .setAudience(CITIZEN_TOKEN_AUDIENCE)
      .setSubject(c.pseudonym)
      .setJti(sessionId)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.key);
  }
}

export class CitizenTokenVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet>;

  constructor(jwks: { keys: JWK[] }) {
    this.keys = createLocalJWKSet(jwks);
  }

  /** The citizen of a valid citizen token; AuthenticationError (401) for anything else, a staff token included. */
  async verify(token: string | undefined): Promise<CitizenPrincipal> {
    if (!token) throw new AuthenticationError('TOKEN_MISSING', 'Log in with DigiD first: this request carries no citizen token.');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, { issuer: CITIZEN_TOKEN_ISSUER, audience: CITIZEN_TOKEN_AUDIENCE, algorithms: [TOKEN_ALG] }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw new AuthenticationError('TOKEN_EXPIRED', 'Your session has expired: log in with DigiD again.');
      throw new AuthenticationError('TOKEN_INVALID', 'This is not a valid citizen token: log in with DigiD again.');
    }
    if (payload.typ !== CITIZEN_TOKEN_TYPE || typeof payload.sub !== 'string' || !PSEUDONYM.test(payload.sub) || typeof payload.exp !== 'number') {
      throw new AuthenticationError('TOKEN_INVALID', 'This is not a valid citizen token: log in with DigiD again.');
    }
    return { pseudonym: payload.sub, assurance: String(payload.acr ?? ''), sessionId: String(payload.jti ?? ''), expiresAt: payload.exp * 1000 };
  }
}
