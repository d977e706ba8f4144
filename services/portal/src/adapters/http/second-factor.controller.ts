/**
 * /tweede-factor: setting up the second factor (TOTP), and the holder's own failed login attempts
 * and lockouts. Two ways in: with a session (any role; the menu's "Inlogbeveiliging"), or right
 * after a password login whose role requires a second factor not set up yet, with the enrolment
 * token in its own cookie (never a session). Confirming the first code then completes that login.
 */
import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Answer } from '../../app/ports';
import { errorPage } from '../../views/error';
import { secondFactorPage } from '../../views/second-factor';
import { clientAddress, startPathFor } from './auth.controller';
import { PagesFilter, sendPage } from './pages.filter';
import { CsrfRejected, NotLoggedIn, Session, Sessions } from './session';
import { PageSupport } from './support';

type Holder = { session: Session } | { enrolmentToken: string };
const value = <T>(a: Answer<T>) => (a.ok ? a.body : a);

@Controller('tweede-factor')
@UseFilters(PagesFilter)
export class SecondFactorController {
  constructor(
    private readonly sessions: Sessions,
    private readonly support: PageSupport,
  ) {}

  /** A session, else a password login waiting for its second factor, else nobody (to the login page). */
  private async holder(req: Request): Promise<Holder> {
    const session = await this.sessions.fromRequest(req);
    if (session) return { session };
    const enrolmentToken = this.sessions.enrolmentToken(req);
    if (enrolmentToken) return { enrolmentToken };
    throw new NotLoggedIn(false);
  }

  private async page(h: Holder, extra: { codeError?: string; done?: boolean } = {}) {
    if ('session' in h) {
      const s = h.session;
      const [security, user] = await Promise.all([this.support.registration.loginSecurity(s.token), this.support.user(s)]);
      const enrolment = security.ok && !security.body.secondFactor.enrolled ? value(await this.support.registration.startEnrolment(s.token)) : undefined;
      return { status: 200, html: secondFactorPage({ user, csrf: s.csrf, security: value(security), enrolment, ...extra }) };
    }
    const enrolment = await this.support.registration.startEnrolment(h.enrolmentToken);
    // The enrolment token lived its 10 minutes (or was refused): log in again.
    if (!enrolment.ok && enrolment.status === 401) return { status: 401, html: null };
    return { status: 200, html: secondFactorPage({ csrf: this.sessions.csrfFor(h.enrolmentToken), required: true, enrolment: value(enrolment), ...extra }) };
  }

  private expired(req: Request, res: Response) {
    this.sessions.endEnrolment(req, res);
    res.redirect(303, '/inloggen?verlopen=1');
  }

  @Get()
  async show(@Req() req: Request, @Res() res: Response, @Query('ingesteld') ingesteld?: string) {
    const p = await this.page(await this.holder(req), { done: ingesteld === '1' });
    if (!p.html) return this.expired(req, res);
    sendPage(res, p.status, p.html);
  }

  /** The first code from the app confirms the secret. */
  @Post()
  async confirm(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const h = await this.holder(req);
    const token = 'session' in h ? h.session.token : h.enrolmentToken;
    const csrfOk = 'session' in h ? this.sessions.csrfMatches(h.session, body?._csrf) : this.sessions.enrolmentCsrfMatches(token, body?._csrf);
    if (!csrfOk) throw new CsrfRejected();
    const again = async (status: number, codeError: string) => {
      const p = await this.page(h, { codeError });
      if (!p.html) return this.expired(req, res);
      sendPage(res, status, p.html);
    };
    const code = (typeof body?.code === 'string' ? body.code : '').replace(/\s/g, '').slice(0, 16);
    if (!/^\d{6}$/.test(code)) return again(400, 'Vul de zes cijfers van de code uit de app in.');
    const a = await this.support.registration.confirmEnrolment(token, code, clientAddress(req));
    if (!a.ok) {
      if (a.code === 'SERVICE_UNAVAILABLE') return sendPage(res, 503, errorPage({ title: 'Niet beschikbaar', message: 'De tweede factor kan nu niet worden ingesteld: de registratie is niet bereikbaar. Probeer het over een moment opnieuw.', code: a.code }));
      if (a.status === 401 && !('session' in h)) return this.expired(req, res);
      return again(a.status === 409 ? 409 : 400, a.code === 'INVALID_CODE' ? 'De code hoort niet bij deze sleutel. Controleer de tijd op uw telefoon en vul de code in die de app nu toont.' : a.message || 'De code kon niet worden bevestigd.');
    }
    if ('session' in h) return res.redirect(303, '/tweede-factor?ingesteld=1');
    // The waiting login completes: the token registration gave becomes the session, checked like every token.
    const session = await this.sessions.open(a.body.token);
    if (!session) return sendPage(res, 503, errorPage({ title: 'Inloggen is niet gelukt', message: 'Het toegangsbewijs kon niet worden gecontroleerd. Log opnieuw in.', code: 'TOKEN_UNVERIFIED' }));
    this.sessions.endEnrolment(req, res);
    this.sessions.start(req, res, session.token);
    res.redirect(303, startPathFor(session.principal.roles));
  }
}
