/**
 * Logout at the source (ADR 0017): `POST /auth/logout` with the token signs out that session
 * (body `{"allSessions": true}`: every session of the user). The answer comes once the broker
 * acknowledged the SignedOut event; every service that accepts tokens follows the sessions topic
 * and refuses the token within seconds, registration itself at once.
 */
import { Body, Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { ApiError, applySessionEvent, bearerToken, CurrentPrincipal, JsonLogger, parseInput, Principal, TokenVerifier } from '@inkijk/platform';
import { Sessions } from '../../app/sessions';
import { logoutBody } from './routes';

const TOKEN_ID = z.string().uuid();

@Controller('auth')
export class LogoutController {
  private readonly log = new JsonLogger('logout');

  constructor(
    private readonly sessions: Sessions,
    private readonly verifier: TokenVerifier,
  ) {}

  @Post('logout')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async logout(@CurrentPrincipal() p: Principal, @Req() req: Request, @Body() body: unknown) {
    const { allSessions } = parseInput(logoutBody, body ?? {}, 'logout');
    // The guard admitted the token; its expiry tells followers when to forget the sign-out.
    const token = await this.verifier.verifySignature(bearerToken(req));
    if (!p.tokenId || !TOKEN_ID.safeParse(p.tokenId).success) throw new ApiError(400, 'TOKEN_WITHOUT_ID', 'This token carries no session id (a UUID jti), so it cannot be signed out; tokens of the one login always do.');
    const scope = allSessions ? 'EVERY_SESSION' : 'THIS_SESSION';
    const tokenId = p.tokenId;
    const event = await this.sessions.signOut({ userId: p.userId, homeMunicipalityId: p.homeMunicipalityId, tokenId, expiresAt: token.expiresAt }, scope).catch(async (e: unknown) => {
      this.log.warn(`sign-out not announced: ${(e as Error).message}`);
      await this.sessions.recordLogout(p, tokenId, scope, 'LOGOUT_UNAVAILABLE').catch((r: unknown) => this.log.warn(`failed logout not recorded: ${(r as Error).message}`));
      throw new ApiError(503, 'LOGOUT_UNAVAILABLE', 'Logging out is not possible right now (the sign-out could not be recorded); the session is still valid. Try again in a moment.');
    });
    // Registration refuses the token at once; the other services as soon as they read the event.
    applySessionEvent(this.verifier.revocations, event);
    await this.sessions.recordLogout(p, tokenId, scope);
    return { signedOut: scope, tokenId };
  }
}
