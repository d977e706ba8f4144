/**
 * The OpenID Connect authorization-code flow with PKCE as DigiD offers it to a relying party,
 * as plain rules: which authorization requests are acceptable, the one-time codes, and the
 * PKCE check (S256 only). No I/O; the clock and the randomness are given.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Refusal } from '@inkijk/contracts';

/** The assurance level DigiD "Substantieel" stands for (eIDAS substantial). */
export const LOA_SUBSTANTIAL = 'urn:nl-eid-gdi:1.0:LoA:substantial';
/** How long an authorization code may be exchanged, and only once. */
export const CODE_TTL_MS = 60_000;
/** How long an id token and an access token are valid. */
export const TOKEN_TTL_SECONDS = 300;

/** A request the OpenID Connect flow refuses: invalid (400), with the flow's code and a sentence. */
export class OidcError extends Refusal {
  constructor(code: string, message: string) {
    super('INVALID', code, message);
    this.name = 'OidcError';
  }
}

/** What the relying party asked for at /authorize, once checked. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  nonce: string;
  codeChallenge: string;
}

const PRINTABLE = /^[\x21-\x7e]{1,512}$/;
/** RFC 7636: base64url of a SHA-256, 43 characters. */
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
/** RFC 7636: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * Checks an authorization request against the registered clients. A wrong client or redirect
 * URI is never redirected to (the caller shows the error); everything else must be present.
 */
export function checkAuthorizationRequest(q: Record<string, unknown>, clients: ReadonlyMap<string, string>): AuthorizationRequest {
  const s = (k: string) => (typeof q[k] === 'string' ? (q[k] as string) : '');
  const clientId = s('client_id');
  const redirectUri = s('redirect_uri');
  if (!clients.has(clientId)) throw new OidcError('UNKNOWN_CLIENT', 'client_id is not a registered client of this simulator.');
  if (clients.get(clientId) !== redirectUri) throw new OidcError('INVALID_REDIRECT_URI', 'redirect_uri is not the one registered for this client.');
  if (s('response_type') !== 'code') throw new OidcError('UNSUPPORTED_RESPONSE_TYPE', 'Only response_type=code (the authorization-code flow) is offered.');
  if (!s('scope').split(' ').includes('openid')) throw new OidcError('INVALID_SCOPE', 'scope must include openid.');
  if (s('code_challenge_method') !== 'S256') throw new OidcError('PKCE_REQUIRED', 'PKCE is required with code_challenge_method=S256.');
  if (!CHALLENGE.test(s('code_challenge'))) throw new OidcError('INVALID_CODE_CHALLENGE', 'code_challenge must be the base64url SHA-256 of the code verifier (43 characters).');
  if (!PRINTABLE.test(s('state'))) throw new OidcError('STATE_REQUIRED', 'state is required (1 to 512 printable characters).');
  if (!PRINTABLE.test(s('nonce'))) throw new OidcError('NONCE_REQUIRED', 'nonce is required (1 to 512 printable characters).');
  return { clientId, redirectUri, state: s('state'), nonce: s('nonce'), codeChallenge: s('code_challenge') };
}

/** The S256 challenge of a verifier. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** True when the verifier is well-formed and its S256 is the challenge (constant time). */
export function pkceMatches(verifier: string, challenge: string): boolean {
  if (!VERIFIER.test(verifier)) return false;
  const a = Buffer.from(s256(verifier));
  const b = Buffer.from(challenge);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A code handed out after login: for whom, and what the token request must match. */
export interface IssuedCode extends AuthorizationRequest {
  bsn: string;
  expiresAt: number;
}

/** The one-time codes: each can be exchanged once, within CODE_TTL_MS. */
export class AuthorizationCodes {
  private readonly codes = new Map<string, IssuedCode>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly random: () => string,
  ) {}

  issue(req: AuthorizationRequest, bsn: string): string {
    this.sweep();
    const code = this.random();
    this.codes.set(code, { ...req, bsn, expiresAt: this.now() + CODE_TTL_MS });
    return code;
  }

  /** Takes a code (it is gone afterwards, also when the rest of the request is wrong). */
  redeem(t: { code: string; clientId: string; redirectUri: string; codeVerifier: string }): IssuedCode {
    const c = this.codes.get(t.code);
    this.codes.delete(t.code);
    if (!c || c.expiresAt <= this.now()) throw new OidcError('INVALID_GRANT', 'The code is unknown, used or expired.');
    if (c.clientId !== t.clientId || c.redirectUri !== t.redirectUri) throw new OidcError('INVALID_GRANT', 'The code was issued to another client or redirect_uri.');
    if (!pkceMatches(t.codeVerifier, c.codeChallenge)) throw new OidcError('INVALID_GRANT', 'code_verifier does not match the code_challenge (PKCE S256).');
    return c;
  }

  private sweep(): void {
    const now = this.now();
    for (const [k, v] of this.codes) if (v.expiresAt <= now) this.codes.delete(k);
  }
}
