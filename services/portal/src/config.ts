import { z } from 'zod';
import { localServiceUrl, SERVICE_PORTS } from '@inkijk/contracts';
import { authEnv, commonEnv, httpEnv, keyEnv, loadConfig } from '@inkijk/platform';

const url = (fallback: string) => z.string().url().default(fallback);

/**
 * The portal holds no database and no broker connection: it talks to the other services over
 * HTTP with the user's own token.
 */
export const portalEnv = {
  ...commonEnv,
  ...httpEnv(SERVICE_PORTS.portal),
  ...authEnv,
  /** The gateway (query-proxy): keuzelijst, products, escape reasons, queries. */
  GATEWAY_URL: url(localServiceUrl('query-proxy')),
  /** Registration: the one login, collaborations, applications. */
  REGISTRATION_URL: url(localServiceUrl('registration')),
  AUTHORIZATION_URL: url(localServiceUrl('authorization')),
  AUDIT_LOG_URL: url(localServiceUrl('audit-log')),
  REPORTING_URL: url(localServiceUrl('supplier-reporting')),
  /** Operations: the status page's aggregate (GET /status) for the security officer. */
  OPERATIONS_URL: url(localServiceUrl('operations')),
  /**
   * Base address of the trace UI (Zipkin, ADR 0023), e.g. http://127.0.0.1:9411: set, the audit
   * pages link each record's trace id to its spans there (/zipkin/traces/<trace id>).
   */
  TRACE_UI_URL: z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be an http(s) address').optional(),
  /** How long the portal waits for a service before it shows "not available". */
  BACKEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8000),
  /**
   * HMAC key of the per-session CSRF token (32 bytes, base64). Optional: without it every start
   * makes a random one (forms opened before a restart must be reloaded; replicas need one key).
   */
  PORTAL_CSRF_KEY: keyEnv('PORTAL_CSRF_KEY').optional(),
  /** Marks the session cookie Secure. `auto`: when the request came over https (X-Forwarded-Proto too). */
  PORTAL_SECURE_COOKIES: z.enum(['auto', 'always', 'never']).default('auto'),
};

export const loadPortalConfig = (env: Record<string, string | undefined> = process.env) => {
  const c = loadConfig(portalEnv, env);
  // Tokens are verified here too: with the JWKS given, or the issuer's (registration's) endpoint.
  return { ...c, AUTH_JWKS_URL: c.AUTH_JWKS || c.AUTH_JWKS_URL ? c.AUTH_JWKS_URL : `${c.REGISTRATION_URL}/.well-known/jwks.json` };
};
export type PortalConfig = ReturnType<typeof loadPortalConfig>;
