/**
 * The one login over HTTP: `POST /auth/login` (public), the public keys that verify its tokens
 * (`GET /.well-known/jwks.json`, public) and the caller as its token says (`GET /me`).
 */
import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Header, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentPrincipal, meter, parseInput, Principal, Public } from '@inkijk/platform';
import { Logins } from '../../app/logins';
import { withRetryAfter } from './login-security.controller';
import { LoginTokens } from './login-tokens';
import { loginBody } from './routes';
import { SourceAddresses } from './source-address';

/** The injection token of the JWKS the login's tokens are verified with. */
export const JWKS = Symbol('JWKS');

/** A refused login's reason for the metrics: the answer's code (a closed list), never a message or a name. */
export const refusalReason = (e: unknown): string => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z_]{1,39}$/.test(code) ? code : 'ERROR';
};

@Controller()
export class AuthController {
  private readonly logins = meter().createCounter('inkijk_logins', { description: 'Login attempts, by outcome (SUCCEEDED, REFUSED) and, refused, reason (the answer\'s code: INVALID_CREDENTIALS, ACCOUNT_LOCKED, TOO_MANY_ATTEMPTS, ...)' });

  constructor(
    private readonly loginUseCase: Logins,
    private readonly tokens: LoginTokens,
    private readonly sources: SourceAddresses,
    @Inject(JWKS) private readonly jwks: { keys: unknown[] },
  ) {}

  /**
   * The one login: one account per person; the municipality acted for is chosen per query later.
   * Password, and the code of the second factor where the account has one (ADR 0015); an account
   * whose roles require one it has not enrolled gets an enrolment token instead of a login token.
   */
  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async login(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const input = parseInput(loginBody, body, 'login');
    const readFrom = Date.now(); // before the account is read: the token's issue time (ADR 0017)
    const tokenId = randomUUID(); // the session the login records (ADR 0018) and the token carries
    const result = await this.loginUseCase.login({ ...input, source: this.sources.sourceOf(req.socket.remoteAddress, req.headers['x-forwarded-for']), tokenId }).catch((e: unknown) => {
      this.logins.add(1, { outcome: 'REFUSED', reason: refusalReason(e) });
      throw withRetryAfter(e, res);
    });
    this.logins.add(1, { outcome: 'SUCCEEDED' });
    return result.kind === 'SIGNED_IN' ? this.tokens.login(result.principal, readFrom, tokenId) : this.tokens.enrolment(result.principal);
  }

  @Public()
  @Get('.well-known/jwks.json')
  jwksDocument() {
    return this.jwks;
  }

  @Get('me')
  me(@CurrentPrincipal() p: Principal) {
    return p;
  }
}
