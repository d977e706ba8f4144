/**
 * The citizen app's pages:
 *
 *   GET  /                          start page
 *   GET  /inloggen                  starts a DigiD login (state, nonce, PKCE kept in a signed cookie)
 *   GET  /auth/callback?code&state  DigiD's answer: checks, then the citizen session cookie
 *   GET  /wie-bekeek-mijn-gegevens  the queries about the logged-in citizen
 *   POST /berichten                 berichten=aan|uit: a message at a new query, or not (ADR 0025)
 *   POST /uitloggen                 ends the session
 *
 * The BSN lives only in memory between the code exchange and its pseudonymisation: never in a
 * URL, a cookie, a token of ours or a log line.
 */
import { Body, Controller, Get, Header, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { importJWK, jwtVerify, SignJWT, type JWK, type KeyLike } from 'jose';
import { CitizenTokenIssuer, CitizenTokenVerifier, CITIZEN_SESSION_SECONDS, JsonLogger, pseudonymise, Public, toErrorResponse, type CitizenPrincipal } from '@inkijk/platform';
import { lookupRows } from '../domain/lookups';
import { errorPage, lookupsPage, startPage, STYLESHEET } from '../views/pages';
import { AuditLogClient } from './audit-log-client';
import { DigidClient, PendingLogin } from './digid-client';

export const CITIZEN_APP = Symbol('CitizenAppSettings');

export interface CitizenAppSettings {
  digid: DigidClient;
  auditLog: AuditLogClient;
  issuer: CitizenTokenIssuer;
  verifier: CitizenTokenVerifier;
  /** The session key, also signing the login state. */
  stateKey: KeyLike | Uint8Array;
  stateVerifyKey: KeyLike | Uint8Array;
  pseudonymKey: Buffer;
  secureCookies: boolean;
}

export const SESSION_COOKIE = 'inkijk_burger_sessie';
export const LOGIN_COOKIE = 'inkijk_burger_login';
const LOGIN_AUDIENCE = 'inkijk-citizen-login';
const LOGIN_SECONDS = 600;

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

export async function settingsFrom(o: { sessionKey: JWK; digid: DigidClient; auditLog: AuditLogClient; pseudonymKey: Buffer; secureCookies: boolean }): Promise<CitizenAppSettings> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { d, ...publicJwk } = o.sessionKey;
  return {
    digid: o.digid,
    auditLog: o.auditLog,
    issuer: await CitizenTokenIssuer.fromJwk(o.sessionKey),
    verifier: new CitizenTokenVerifier({ keys: [publicJwk] }),
    stateKey: await importJWK(o.sessionKey, 'EdDSA'),
    stateVerifyKey: await importJWK(publicJwk, 'EdDSA'),
    pseudonymKey: o.pseudonymKey,
    secureCookies: o.secureCookies,
  };
}

@Public()
@Controller()
export class CitizenController {
  private readonly log = new JsonLogger('citizen-portal');

  constructor(@Inject(CITIZEN_APP) private readonly app: CitizenAppSettings) {}

  private cookie(res: Response, name: string, value: string, maxAge: number, path = '/'): void {
    const secure = this.app.secureCookies ? '; Secure' : '';
    res.append('Set-Cookie', `${name}=${encodeURIComponent(value)}; Path=${path}; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`);
  }

  private page(res: Response, status: number, body: { toString(): string }): void {
    res.status(status).type('text/html; charset=utf-8').setHeader('Cache-Control', 'no-store');
    res.send(body.toString());
  }

  private failed(res: Response, e: unknown): void {
    const { status, body } = toErrorResponse(e);
    if (status >= 500) this.log.warn(`page failed: ${body.code}`);
    this.page(res, status, errorPage(status === 401 ? 'Inloggen nodig' : 'Dat lukte niet', body.message));
  }

  private async session(req: Request): Promise<{ token: string; citizen: CitizenPrincipal } | null> {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!token) return null;
    try {
      return { token, citizen: await this.app.verifier.verify(token) };
    } catch {
      return null;
    }
  }

  @Get()
  start(@Res() res: Response): void {
    this.page(res, 200, startPage());
  }

  @Get('static/burger.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'max-age=3600')
  stylesheet(): string {
    return STYLESHEET;
  }

  @Get('inloggen')
  async login(@Res() res: Response): Promise<void> {
    try {
      const { pending, url } = await this.app.digid.start();
      const state = await new SignJWT({ ...pending })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setAudience(LOGIN_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + LOGIN_SECONDS)
        .sign(this.app.stateKey);
      this.cookie(res, LOGIN_COOKIE, state, LOGIN_SECONDS, '/auth');
      res.redirect(303, url);
    } catch (e) {
      this.failed(res, e);
    }
  }

  @Get('auth/callback')
  async callback(@Req() req: Request, @Query() q: Record<string, unknown>, @Res() res: Response): Promise<void> {
    this.cookie(res, LOGIN_COOKIE, '', 0, '/auth'); // a login state is used once
    try {
      const raw = readCookie(req.headers.cookie, LOGIN_COOKIE);
      let pending: PendingLogin | null = null;
      if (raw) {
        try {
          const { payload } = await jwtVerify(raw, this.app.stateVerifyKey, { audience: LOGIN_AUDIENCE, algorithms: ['EdDSA'] });
          pending = { state: String(payload.state), nonce: String(payload.nonce), codeVerifier: String(payload.codeVerifier) };
        } catch {
          pending = null;
        }
      }
      if (typeof q.error === 'string') return this.page(res, 401, errorPage('Inloggen afgebroken', 'Het inloggen met DigiD is afgebroken. U kunt het opnieuw proberen.'));
      if (!pending || typeof q.state !== 'string' || q.state !== pending.state || typeof q.code !== 'string' || q.code.length > 512) {
        return this.page(res, 400, errorPage('Inloggen niet gelukt', 'Dit antwoord van DigiD hoort niet bij een inlogpoging in deze browser, of is verlopen. Begin opnieuw.'));
      }
      const { bsn, assurance } = await this.app.digid.finish(q.code, pending);
      const pseudonym = pseudonymise(bsn, this.app.pseudonymKey);
      const token = await this.app.issuer.issue({ pseudonym, assurance });
      this.cookie(res, SESSION_COOKIE, token, CITIZEN_SESSION_SECONDS);
      res.redirect(303, '/wie-bekeek-mijn-gegevens');
    } catch (e) {
      this.failed(res, e);
    }
  }

  @Get('wie-bekeek-mijn-gegevens')
  async lookups(@Req() req: Request, @Res() res: Response): Promise<void> {
    const s = await this.session(req);
    if (!s) return res.redirect(303, '/');
    try {
      const [{ lookups, complete }, subscription] = await Promise.all([this.app.auditLog.lookups(s.token, s.citizen.pseudonym), this.app.auditLog.subscription(s.token)]);
      this.page(res, 200, lookupsPage(lookupRows(lookups), complete, subscription?.subscribed ?? null));
    } catch (e) {
      this.failed(res, e);
    }
  }

  /**
   * The citizen's choice about messages. A form of this site only: the session cookie is
   * SameSite=Lax, so a post from another site arrives without it and is sent to the start.
   */
  @Post('berichten')
  async notifications(@Req() req: Request, @Body() body: Record<string, unknown> | undefined, @Res() res: Response): Promise<void> {
    const s = await this.session(req);
    if (!s) return res.redirect(303, '/');
    const choice = body?.berichten;
    if (choice !== 'aan' && choice !== 'uit') return this.page(res, 400, errorPage('Dat lukte niet', 'Kies of u wel of geen berichten wilt krijgen.'));
    try {
      await this.app.auditLog.setSubscription(s.token, choice === 'aan');
      res.redirect(303, '/wie-bekeek-mijn-gegevens');
    } catch (e) {
      this.failed(res, e);
    }
  }

  @Post('uitloggen')
  logout(@Res() res: Response): void {
    this.cookie(res, SESSION_COOKIE, '', 0);
    res.redirect(303, '/');
  }
}
