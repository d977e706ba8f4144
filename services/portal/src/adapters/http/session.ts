/**
 * The portal's session: the one-login token, held only in an httpOnly, SameSite=Strict cookie
 * (Secure over https), without Max-Age (it ends with the browser session; the token's own
 * expiry is checked on every request). Every form carries a CSRF token, an HMAC of the session
 * token, checked on every POST. Nothing else about the user is stored anywhere.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { Principal, Role, TokenVerifier } from '@inkijk/platform';

export const SESSION_COOKIE = 'inkijk_sessie';
/**
 * The enrolment token of a password login that must set up its second factor first: a cookie of
 * its own, only for /tweede-factor, for 10 minutes. It is never a session: the portal's verifier
 * (audience inkijk) refuses it; only registration's enrolment endpoints accept it.
 */
export const ENROLMENT_COOKIE = 'inkijk_inschrijving';
const ENROLMENT_PATH = '/tweede-factor';
export const CSRF_FIELD = '_csrf';

export interface Session {
  token: string;
  principal: Principal;
  /** The CSRF token every form of this session carries. */
  csrf: string;
  /** When the token expires (ms). */
  expiresAt: number;
}

export type SessionRequest = Request & { session?: Session };

/** Reads one cookie from the Cookie header (no cookie parser needed for one value). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

export function isHttps(req: Request): boolean {
  return req.secure || String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() === 'https';
}

/** The expiry (exp claim) of a token a backend refused, to keep it among the ended ones until then. */
function expiryOf(token: string): number {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp?: number };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
  } catch {
    return 0;
  }
}

/** How many ended (revoked or logged-out) tokens the portal remembers until they expire. */
const ENDED_TOKENS_KEPT = 10_000;

export class Sessions {
  private readonly csrfKey: Buffer;
  /**
   * Tokens whose session ended here (logout) or that a service refused as revoked (ADR 0017),
   * with their expiry: the portal accepts them no more, even from a cookie the browser kept.
   */
  private readonly ended = new Map<string, number>();

  constructor(
    private readonly verifier: TokenVerifier,
    opts: { csrfKey?: Buffer; secureCookies: 'auto' | 'always' | 'never' },
  ) {
    this.csrfKey = opts.csrfKey ?? randomBytes(32);
    this.secureCookies = opts.secureCookies;
  }
  private readonly secureCookies: 'auto' | 'always' | 'never';

  csrfFor(token: string): string {
    return createHmac('sha256', this.csrfKey).update(`csrf:${token}`).digest('base64url');
  }

  csrfMatches(session: Session, submitted: unknown): boolean {
    if (typeof submitted !== 'string' || submitted.length === 0) return false;
    const a = Buffer.from(session.csrf);
    const b = Buffer.from(submitted);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** The session of a request, or null when there is none or its token is not (or no longer) valid. */
  async fromRequest(req: Request): Promise<Session | null> {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    return token ? this.open(token) : null;
  }

  /** The session a token gives, or null when the token is not (or no longer) valid. */
  async open(token: string): Promise<Session | null> {
    if (this.ended.has(token)) return null;
    try {
      const verified = await this.verifier.verifySignature(token);
      const principal = await this.verifier.admit(verified);
      return { token, principal, csrf: this.csrfFor(token), expiresAt: verified.expiresAt };
    } catch {
      return null;
    }
  }

  /** The token's session is over (logged out, or revoked at a service): never accepted again. */
  forget(token: string): void {
    const now = Date.now();
    if (this.ended.size >= ENDED_TOKENS_KEPT) {
      for (const [t, exp] of this.ended) if (exp <= now) this.ended.delete(t);
      if (this.ended.size >= ENDED_TOKENS_KEPT) this.ended.delete(this.ended.keys().next().value!);
    }
    this.ended.set(token, expiryOf(token));
  }

  private attributes(req: Request): string {
    const secure = this.secureCookies === 'always' || (this.secureCookies === 'auto' && isHttps(req));
    return `Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  }

  start(req: Request, res: Response, token: string): void {
    res.append('Set-Cookie', `${SESSION_COOKIE}=${encodeURIComponent(token)}; ${this.attributes(req)}`);
  }

  end(req: Request, res: Response): void {
    res.append('Set-Cookie', `${SESSION_COOKIE}=; ${this.attributes(req)}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`);
  }

  /** Keeps the enrolment token for the second-factor page (`maxAgeSeconds`: the token's own life). */
  startEnrolment(req: Request, res: Response, token: string, maxAgeSeconds: number): void {
    res.append('Set-Cookie', `${ENROLMENT_COOKIE}=${encodeURIComponent(token)}; ${this.attributes(req).replace('Path=/', `Path=${ENROLMENT_PATH}`)}; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`);
  }

  enrolmentToken(req: Request): string | undefined {
    return readCookie(req.headers.cookie, ENROLMENT_COOKIE) || undefined;
  }

  endEnrolment(req: Request, res: Response): void {
    res.append('Set-Cookie', `${ENROLMENT_COOKIE}=; ${this.attributes(req).replace('Path=/', `Path=${ENROLMENT_PATH}`)}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`);
  }

  /** The CSRF token of the enrolment form when there is no session yet (HMAC of the enrolment token). */
  enrolmentCsrfMatches(token: string, submitted: unknown): boolean {
    if (typeof submitted !== 'string' || submitted.length === 0) return false;
    const a = Buffer.from(this.csrfFor(token));
    const b = Buffer.from(submitted);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

/** No valid session: the filter sends the browser to the login page. */
export class NotLoggedIn extends Error {
  constructor(readonly expired: boolean) {
    super('not logged in');
  }
}

/** The session lacks a role the page needs. */
export class RoleRequired extends Error {
  constructor(readonly roles: Role[]) {
    super('role required');
  }
}

/** A POST without the session's CSRF token. */
export class CsrfRejected extends Error {
  constructor() {
    super('csrf token missing or wrong');
  }
}

const ROLES_KEY = 'portal:roles';
/** The page is for users holding one of these roles. */
export const ForRoles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Every page needs a session (the controllers of login and health do not use this guard). */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly sessions: Sessions,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<SessionRequest>();
    const hadCookie = readCookie(req.headers.cookie, SESSION_COOKIE) !== undefined;
    const session = await this.sessions.fromRequest(req);
    if (!session) throw new NotLoggedIn(hadCookie);
    req.session = session;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (!this.sessions.csrfMatches(session, body[CSRF_FIELD])) throw new CsrfRejected();
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (roles && !roles.some((r) => session.principal.roles.includes(r))) throw new RoleRequired(roles);
    return true;
  }
}

export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext): Session => {
  const s = ctx.switchToHttp().getRequest<SessionRequest>().session;
  if (!s) throw new NotLoggedIn(false);
  return s;
});
