/**
 * The worker's one login through the gateway: passed through to registration, which owns the
 * accounts and issues the tokens. The portal talks to one origin.
 */
import { Body, Controller, Header, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiError, Public } from '@inkijk/platform';

export const REGISTRATION_URL = Symbol('REGISTRATION_URL');

@Controller('auth')
export class LoginController {
  constructor(@Inject(REGISTRATION_URL) private readonly registrationUrl: string) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async login(@Body() body: unknown) {
    let answer: globalThis.Response;
    try {
      answer = await fetch(`${this.registrationUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}), signal: AbortSignal.timeout(5000) });
    } catch {
      throw new ApiError(503, 'LOGIN_UNAVAILABLE', 'Logging in is not possible right now; try again in a moment.');
    }
    const json = (await answer.json()) as Record<string, unknown>;
    if (!answer.ok) throw new ApiError(answer.status, String(json.code ?? 'LOGIN_FAILED'), String(json.message ?? 'Logging in failed.'));
    return json;
  }
}
