/**
 * Refusals and failures as pages, not JSON: no session sends the browser to the login page
 * (back to where it was going, for a GET), a missing role or CSRF token gets a Dutch
 * explanation, anything unexpected a 500 page without internals.
 */
import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { toErrorResponse } from '@inkijk/platform';
import type { Response } from 'express';
import { errorPage } from '../../views/error';
import { SessionRevoked } from '../backend/clients';
import { CsrfRejected, isHttps, NotLoggedIn, RoleRequired, SESSION_COOKIE, SessionRequest } from './session';
import { ROLE_LABELS } from '../../domain/labels';

/** Sends a rendered page with a status. */
export function sendPage(res: Response, status: number, page: { toString(): string }): void {
  res.status(status).type('html').send(page.toString());
}

/** Only paths of this portal are followed after logging in (no open redirect). */
export function safeReturnPath(p: unknown): string | undefined {
  return typeof p === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(p) && p.length <= 300 ? p : undefined;
}

@Catch()
export class PagesFilter implements ExceptionFilter {
  private readonly logger = new Logger('Portal');

  catch(e: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<SessionRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    res.setHeader('Cache-Control', 'no-store');
    if (e instanceof SessionRevoked) {
      // A service refused the token as revoked (ADR 0017): the session ends here too.
      res.append('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict${isHttps(req) ? '; Secure' : ''}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`);
    }
    if (e instanceof NotLoggedIn || e instanceof SessionRevoked) {
      const q = new URLSearchParams();
      if (e instanceof SessionRevoked || e.expired) q.set('verlopen', '1');
      const back = req.method === 'GET' ? safeReturnPath(req.originalUrl) : undefined;
      if (back && back !== '/') q.set('terug', back);
      res.redirect(303, `/inloggen${q.size ? `?${q}` : ''}`);
      return;
    }
    const user = undefined;
    if (e instanceof RoleRequired) {
      res.status(403).type('html').send(errorPage({ user, title: 'Geen toegang', message: `Deze pagina is voor: ${e.roles.map((r) => ROLE_LABELS[r] ?? r).join(' of ')}. Uw account heeft die rol niet.`, code: 'ROLE_REQUIRED' }).toString());
      return;
    }
    if (e instanceof CsrfRejected) {
      res.status(403).type('html').send(errorPage({ user, title: 'Formulier verlopen', message: 'Dit formulier hoort niet (meer) bij uw sessie. Open de pagina opnieuw en probeer het nog eens.', code: 'CSRF_REJECTED' }).toString());
      return;
    }
    // Every other refusal keeps the status and code the platform gives it (ApiError, the edge
    // guard, a body too large, the scrape token): machines get JSON, browsers a page.
    const { status, body } = toErrorResponse(e);
    if (status < 500) {
      if (/^\/(metrics|health)(\/|$|\?)/.test(req.originalUrl ?? '')) {
        res.status(status).json(body);
        return;
      }
      const title = status === 404 ? 'Pagina niet gevonden' : status === 413 ? 'Formulier te groot' : status === 401 ? 'Niet ingelogd' : status === 403 ? 'Geen toegang' : 'Verzoek niet begrepen';
      const message = status === 404 ? 'Deze pagina bestaat niet.' : status === 413 ? 'Het formulier bevat meer dan deze pagina aanneemt.' : 'Het verzoek kon niet worden verwerkt.';
      res.status(status).type('html').send(errorPage({ user, title, message, code: body.code }).toString());
      return;
    }
    this.logger.error(`page failed: ${(e as Error)?.stack ?? String(e)}`);
    res.status(500).type('html').send(errorPage({ user, title: 'Er ging iets mis', message: 'Er ging aan onze kant iets mis; uw verzoek is niet afgerond. Probeer het opnieuw.', code: 'INTERNAL_ERROR' }).toString());
  }
}
