/**
 * Authentication on every endpoint: a global guard verifies the bearer token; @Public() marks
 * the few endpoints that need none (health, login, JWKS). @RequireRoles() states who may call.
 */
import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '../http/errors';
import { Principal, Role, TokenVerifier } from './tokens';

const PUBLIC = 'inkijk:public';
const ROLES_KEY = 'inkijk:roles';

export const Public = () => SetMetadata(PUBLIC, true);
export const RequireRoles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Express's request or Fastify's: both carry the headers. */
type AuthedRequest = { headers: IncomingHttpHeaders; principal?: Principal };

/** The token of an `Authorization: Bearer <token>` header, if any. */
export function bearerToken(req: { headers: IncomingHttpHeaders }): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    req.principal = await this.verifier.verify(bearerToken(req));
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (required && !required.some((r) => req.principal!.roles.includes(r))) {
      throw new ApiError(403, 'ROLE_REQUIRED', `This action needs the role ${required.join(' or ')}.`);
    }
    return true;
  }
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const p = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!p) throw new ApiError(401, 'TOKEN_MISSING', 'Log in first: this request carries no token.');
  return p;
});
