/** Inloggen and uitloggen; the start page sends each role to its own first screen. */
import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { loginPage } from '../../views/login';
import { PageSupport } from './support';
import { PagesFilter, safeReturnPath } from './pages.filter';
import { Sessions } from './session';

export function startPathFor(roles: readonly string[]): string {
  if (roles.includes('WORKER')) return '/bevraging';
  if (roles.includes('SECURITY_OFFICER')) return '/aanmeldingen';
  if (roles.includes('MANDATED_PERSON')) return '/rapportages';
  return '/samenwerkingsverbanden';
}

const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');

@Controller()
@UseFilters(PagesFilter)
export class AuthController {
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
    const next = safeReturnPath(body?.terug);
    const again = (status: number, error: string) => res.status(status).type('html').send(loginPage({ username, error, next }).toString());
    if (!username || !password) return again(400, 'Vul uw gebruikersnaam en wachtwoord in.');
    const a = await this.support.registration.login(username, password);
    if (!a.ok) {
      if (a.code === 'SERVICE_UNAVAILABLE') return again(503, 'Inloggen kan nu niet: de inlogdienst is niet bereikbaar. Probeer het over een moment opnieuw.');
      return again(401, 'De gebruikersnaam of het wachtwoord is onjuist.');
    }
    // The portal checks the token it was given, like every service does, before it becomes the session.
    const session = await this.sessions.open(a.body.token);
    if (!session) return again(503, 'Inloggen is niet gelukt: het toegangsbewijs kon niet worden gecontroleerd.');
    this.sessions.start(req, res, session.token);
    res.redirect(303, next ?? startPathFor(session.principal.roles));
  }

  /** Log out: the cookie is cleared (CSRF checked, so no other site can log you out). */
  @Post('uitloggen')
  async logout(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const s = await this.sessions.fromRequest(req);
    if (s && !this.sessions.csrfMatches(s, body?._csrf)) return res.redirect(303, '/');
    this.sessions.end(req, res);
    res.redirect(303, '/inloggen?uitgelogd=1');
  }
}
