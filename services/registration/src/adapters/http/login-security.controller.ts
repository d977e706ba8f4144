/**
 * Login security over HTTP (ADR 0015): enrolling the second factor, the holder's own view of
 * failed attempts and lockouts, and the user administrator's view, lifting and reset.
 */
import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthenticationError, bearerToken, CurrentPrincipal, parseInput, Principal, Public, TokenVerifier } from '@inkijk/platform';
import { Logins } from '../../app/logins';
import { LoginThrottled } from '../../domain/login-security';
import { LoginTokens } from './login-tokens';
import { confirmationBody, enrolmentBody } from './routes';
import { SourceAddresses } from './source-address';

/** A refused login, with Retry-After when it was throttled (429 by its kind; the seconds are in the body too). */
export function withRetryAfter(e: unknown, res: Response): unknown {
  if (e instanceof LoginThrottled) res.setHeader('Retry-After', String(e.retryAfterSeconds));
  return e;
}

@Controller('auth/second-factor')
export class SecondFactorController {
  constructor(
    private readonly logins: Logins,
    private readonly tokens: LoginTokens,
    private readonly verifier: TokenVerifier,
    private readonly sources: SourceAddresses,
  ) {}

  /** The holder: a login token, or the enrolment token a password login gave (which nothing else accepts). */
  private async holder(req: Request): Promise<Principal> {
    const token = bearerToken(req);
    try {
      return await this.verifier.verify(token);
    } catch (e) {
      if (!(e instanceof AuthenticationError) || e.code === 'TOKEN_MISSING') throw e;
      return this.tokens.enrolmentHolder(token).catch(() => Promise.reject(e));
    }
  }

  /** A secret for the authenticator app (body optional: `{secret}` offers one from outside, at least 160 bits). */
  @Public()
  @Post('enrolment')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async start(@Req() req: Request, @Body() body: unknown) {
    const holder = await this.holder(req);
    const input = parseInput(enrolmentBody, body ?? {}, 'enrolment');
    return this.logins.startEnrolment(holder.userId, input.secret);
  }

  /** The first code confirms the secret; the answer is a login token. */
  @Public()
  @Post('enrolment/confirmation')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async confirm(@Req() req: Request, @Body() body: unknown) {
    const holder = await this.holder(req);
    const { code } = parseInput(confirmationBody, body, 'confirmation');
    const readFrom = Date.now(); // before the account is read: the token's issue time (ADR 0017)
    const tokenId = randomUUID(); // the session the confirmation records and the token carries
    const principal = await this.logins.confirmEnrolment(holder, code, this.sources.sourceOf(req.socket.remoteAddress, req.headers['x-forwarded-for']), tokenId);
    return this.tokens.login(principal, readFrom, tokenId);
  }
}

@Controller()
export class LoginSecurityController {
  constructor(private readonly logins: Logins) {}

  /** The holder's own second factor, lockout and failed attempts. */
  @Get('me/login-security')
  own(@CurrentPrincipal() p: Principal) {
    return this.logins.own(p);
  }

  /** An account's lockout, failed attempts and second factor (whoever manages the account). */
  @Get('users/:id/lockout')
  lockout(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.logins.of(p, id);
  }

  @Post('users/:id/lockout/lift')
  @HttpCode(200)
  lift(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.logins.lift(p, id);
  }

  /** A lost authenticator: the holder enrols again at the next login. */
  @Post('users/:id/second-factor/reset')
  @HttpCode(200)
  reset(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.logins.resetSecondFactor(p, id);
  }
}
