/**
 * The worker's one login through the gateway: passed through to registration, which owns the
 * accounts and issues the tokens. The portal talks to one origin. The gateway tells
 * registration the client's address (X-Forwarded-For: the connection's peer, never a header
 * the client sent), which registration believes only from its trusted proxies (ADR 0015); a
 * throttled login keeps its 429 and Retry-After.
 */
import { Body, Controller, Header, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiError, parseInput, Public } from '@inkijk/platform';
import { loginBody } from './routes';

export const REGISTRATION_URL = Symbol('REGISTRATION_URL');

/** The parts of Fastify's request and reply the login uses (the same on Express). */
type ClientRequest = { socket: { remoteAddress?: string } };
type Reply = { header(name: string, value: string): unknown };

@Controller('auth')
export class LoginController {
  constructor(@Inject(REGISTRATION_URL) private readonly registrationUrl: string) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async login(@Body() body: unknown, @Req() req: ClientRequest, @Res({ passthrough: true }) res: Reply) {
    const input = parseInput(loginBody, body ?? {}, 'login');
    let answer: globalThis.Response;
    let json: Record<string, unknown>;
    try {
      answer = await fetch(`${this.registrationUrl}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': req.socket.remoteAddress ?? '' },
        body: JSON.stringify(input),
        signal: AbortSignal.timeout(5000),
      });
      json = (await answer.json()) as Record<string, unknown>;
    } catch {
      throw new ApiError(503, 'LOGIN_UNAVAILABLE', 'Logging in is not possible right now; try again in a moment.');
    }
    if (!answer.ok) {
      const retryAfter = answer.headers.get('retry-after');
      if (retryAfter) res.header('Retry-After', retryAfter);
      throw new ApiError(answer.status, String(json.code ?? 'LOGIN_FAILED'), String(json.message ?? 'Logging in failed.'), json.details);
    }
    return json;
  }
}
