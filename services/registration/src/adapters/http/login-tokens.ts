/**
 * The tokens a login answers with, issued in one place: the login token (every service accepts
 * it) and the enrolment token. The enrolment token is what a password login gives an account
 * whose roles require a second factor it has not enrolled yet: signed with the same key but for
 * another audience (`inkijk-enrolment`), so every service's verifier (audience `inkijk`) and
 * the portal refuse it; only registration's enrolment endpoints accept it, for 10 minutes.
 */
import { JsonLogger, Principal, TokenIssuer, TokenVerifier } from '@inkijk/platform';
import type { LoginPrincipal } from '../../app/logins';
import type { Sessions } from '../../app/sessions';

export const ENROLMENT_AUDIENCE = 'inkijk-enrolment';
export const LOGIN_TOKEN_TTL_SECONDS = 8 * 3600;
export const ENROLMENT_TOKEN_TTL_SECONDS = 600;

export class LoginTokens {
  constructor(
    private readonly issuer: TokenIssuer,
    private readonly enrolmentIssuer: TokenIssuer,
    private readonly enrolmentVerifier: TokenVerifier,
    /** Announces each login token on the sessions topic (ADR 0017); optional in tests. */
    private readonly sessions?: Sessions,
  ) {}

  private readonly log = new JsonLogger('login-tokens');

  /**
   * The answer of a completed login. `readFrom` (ms): when the login began, before it read the
   * account; the token's issue time (`iat_ms`), so that an account change committed while the
   * login ran revokes this token too (ADR 0017). Default: now. `tokenId`: the session id the
   * login recorded (default: a new one).
   */
  async login(principal: LoginPrincipal, readFrom?: number, tokenId?: string): Promise<{ token: string; expiresIn: number; principal: LoginPrincipal }> {
    const t = await this.issuer.mint(principal, { ttlSeconds: LOGIN_TOKEN_TTL_SECONDS, issuedAt: readFrom, tokenId });
    // Cheap and not awaited: the token is valid without it; a sign-out is what revokes.
    this.sessions?.signedIn({ userId: principal.userId, homeMunicipalityId: principal.homeMunicipalityId, tokenId: t.tokenId, expiresAt: t.expiresAt }).catch((e: unknown) => this.log.warn(`login not announced on the sessions topic: ${(e as Error).message}`));
    return { token: t.token, expiresIn: LOGIN_TOKEN_TTL_SECONDS, principal };
  }

  /** The answer of a password login that must enrol a second factor first: no login token. */
  async enrolment(principal: LoginPrincipal): Promise<{ secondFactor: 'ENROLMENT_REQUIRED'; enrolmentToken: string; expiresIn: number; principal: LoginPrincipal }> {
    return { secondFactor: 'ENROLMENT_REQUIRED', enrolmentToken: await this.enrolmentIssuer.issue(principal, ENROLMENT_TOKEN_TTL_SECONDS), expiresIn: ENROLMENT_TOKEN_TTL_SECONDS, principal };
  }

  /** The holder of an enrolment token (throws AuthenticationError like any verifier). */
  enrolmentHolder(token: string | undefined): Promise<Principal> {
    return this.enrolmentVerifier.verify(token);
  }
}
