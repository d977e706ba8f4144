/** Inloggen and uitloggen; the start page sends each role to its own first screen. */
import { Body, Controller, Get, Logger, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { loginPage } from '../../views/login';
import { PageSupport } from './support';
import { PagesFilter, safeReturnPath } from './pages.filter';
import { Sessions } from './session';
import { SessionRevoked } from '../backend/clients';

export function startPathFor(roles: readonly string[]): string {
  if (roles.includes('WORKER')) return '/bevraging';
  if (roles.includes('SECURITY_OFFICER')) return '/aanmeldingen';
  if (roles.includes('MANDATED_PERSON')) return '/rapportages';
  return '/samenwerkingsverbanden';
}

const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
const CODE_FORMAT = 'De code bestaat uit zes cijfers.';

/** Registration's refusals of a login, as the login page shows them (never whether an account exists). */
const LOGIN_REFUSALS: Record<string, { status: number; problem: { error?: string; codeError?: string } }> = {
  INVALID_CREDENTIALS: { status: 401, problem: { error: 'De gebruikersnaam of het wachtwoord is onjuist.' } },
  ACCOUNT_LOCKED: { status: 401, problem: { error: 'Dit account is geblokkeerd na te veel mislukte inlogpogingen. Log in met uw wachtwoord én de code uit uw authenticator-app om de blokkade op te heffen, of vraag uw gebruikersbeheerder.' } },
  SECOND_FACTOR_REQUIRED: { status: 401, problem: { codeError: 'Vul ook de code uit uw authenticator-app in.' } },
  INVALID_CODE: { status: 401, problem: { codeError: 'De code is onjuist. Controleer de tijd op uw telefoon en vul de code in die de app nu toont.' } },
  CODE_ALREADY_USED: { status: 401, problem: { codeError: 'Deze code is al gebruikt. Wacht op de volgende code van de app.' } },
  INVALID_CODE_FORMAT: { status: 400, problem: { codeError: CODE_FORMAT } },
  ACCOUNT_DEACTIVATED: { status: 403, problem: { error: 'Dit account is gedeactiveerd. Neem contact op met uw gebruikersbeheerder.' } },
};

/** The browser's address, for registration's throttling per source (the portal is its trusted proxy). */
export const clientAddress = (req: Request): string => req.socket.remoteAddress ?? '';

function retryAfterOf(details: unknown): number {
  const s = Number((details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds);
  return Number.isFinite(s) && s > 0 ? Math.ceil(s) : 60;
}

const waitText = (seconds: number) => (seconds < 90 ? `${seconds} seconden` : `${Math.ceil(seconds / 60)} minuten`);

@Controller()
@UseFilters(PagesFilter)
export class AuthController {
  private readonly logger = new Logger('Portal');

  constructor(
    private readonly sessions: Sessions,
    private readonly support: PageSupport,
  ) {}

  @Get()
  async start(@Req() req: Request, @Res() res: Response) {
    const s = await this.sessions.fromRequest(req);
    res.redirect(303, s ? startPathFor(s.principal.roles) : '/inloggen');
  }

  @Get('inloggen')
  async form(@Req() req: Request, @Res() res: Response, @Query('terug') terug?: string, @Query('verlopen') verlopen?: string, @Query('uitgelogd') uitgelogd?: string) {
    const s = await this.sessions.fromRequest(req);
    if (s) return res.redirect(303, safeReturnPath(terug) ?? startPathFor(s.principal.roles));
    res.type('html').send(loginPage({ next: safeReturnPath(terug), expired: verlopen === '1', loggedOut: uitgelogd === '1' }).toString());
  }

  @Post('inloggen')
  async login(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const username = str(body?.gebruikersnaam, 64).trim();
    const password = str(body?.wachtwoord, 256);
    const code = str(body?.code, 16).replace(/\s/g, '');
    const next = safeReturnPath(body?.terug);
    const again = (status: number, problem: { error?: string; codeError?: string }) => res.status(status).type('html').send(loginPage({ username, ...problem, next }).toString());
    if (!username || !password) return again(400, { error: 'Vul uw gebruikersnaam en wachtwoord in.' });
    if (code && !/^\d{6}$/.test(code)) return again(400, { codeError: CODE_FORMAT });
    const a = await this.support.registration.login(username, password, code || null, clientAddress(req));
    if (!a.ok) {
      if (a.code === 'TOO_MANY_ATTEMPTS') {
        const seconds = retryAfterOf(a.details);
        res.setHeader('Retry-After', String(seconds));
        return again(429, { error: `Te veel mislukte inlogpogingen. Probeer het over ${waitText(seconds)} opnieuw.` });
      }
      const refusal = LOGIN_REFUSALS[a.code];
      if (refusal) return again(refusal.status, refusal.problem);
      if (a.code === 'SERVICE_UNAVAILABLE') return again(503, { error: 'Inloggen kan nu niet: de inlogdienst is niet bereikbaar. Probeer het over een moment opnieuw.' });
      return again(401, { error: 'De gebruikersnaam of het wachtwoord is onjuist.' });
    }
    if ('secondFactor' in a.body) {
      // The password is right, and the role requires a second factor not set up yet: set it up first.
      this.sessions.end(req, res);
      this.sessions.startEnrolment(req, res, a.body.enrolmentToken, a.body.expiresIn);
      return res.redirect(303, '/tweede-factor');
    }
    // The portal checks the token it was given, like every service does, before it becomes the session.
    const session = await this.sessions.open(a.body.token);
    if (!session) return again(503, { error: 'Inloggen is niet gelukt: het toegangsbewijs kon niet worden gecontroleerd.' });
    this.sessions.start(req, res, session.token);
    res.redirect(303, next ?? startPathFor(session.principal.roles));
  }

  /**
   * Log out (CSRF checked, so no other site can log you out): the token is signed out at the
   * source, registration, so that every service refuses it within seconds (ADR 0017); the
   * portal forgets it and clears the cookie.
   */
  @Post('uitloggen')
  async logout(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const s = await this.sessions.fromRequest(req);
    if (s && !this.sessions.csrfMatches(s, body?._csrf)) return res.redirect(303, '/');
    if (s) {
      const signedOut = await this.support.registration.logout(s.token).catch((e: unknown) => (e instanceof SessionRevoked ? null : Promise.reject(e)));
      if (signedOut && !signedOut.ok) this.logger.warn(`logout not signed out at registration: ${signedOut.code}`);
      this.sessions.forget(s.token);
    }
    this.sessions.end(req, res);
    res.redirect(303, '/inloggen?uitgelogd=1');
  }
}
