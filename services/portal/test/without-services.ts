/**
 * The portal over real sockets with every service it calls unreachable (nothing listens at their
 * addresses): for the tests of its own HTTP behaviour (sessions, CSRF, roles, caching, and a
 * clear "not available" state when a service does not answer).
 */
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { testAuth, TestAuth } from '@inkijk/testing';
import { loadPortalConfig } from '../src/config';
import { createPortalApp } from '../src/portal-app';

const NOWHERE = 'http://127.0.0.1:1';

/** Starts the portal before the file's tests and closes it after them. */
export function portalWithoutServices(): { http: () => ReturnType<typeof request>; auth: () => TestAuth } {
  let app: INestApplication | undefined;
  let auth: TestAuth | undefined;
  beforeAll(async () => {
    auth = await testAuth();
    const config = loadPortalConfig({ AUTH_JWKS: auth.jwksJson, GATEWAY_URL: NOWHERE, REGISTRATION_URL: NOWHERE, AUDIT_LOG_URL: NOWHERE, REPORTING_URL: NOWHERE, AUTHORIZATION_URL: NOWHERE, BACKEND_TIMEOUT_MS: '2000', LOG_LEVEL: 'error' });
    app = await createPortalApp(config);
    await app.init();
  });
  afterAll(() => app?.close());
  return { http: () => request(app!.getHttpServer()), auth: () => auth! };
}

/** The CSRF token in a page's forms. */
export const csrfOf = (page: string): string | undefined => /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
