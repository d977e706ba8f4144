/**
 * Throttling per source address through the gateway, every service its own process (ADR 0015):
 * the gateway tells registration the browser's address (its own connection's peer, never a
 * header the client sent), registration holds a source back after 20 failures in 15 minutes,
 * and the gateway passes the 429 on with its Retry-After.
 */
import { randomUUID } from 'node:crypto';
import { metricSum, scrapeMetrics, Stack, startStack } from '@inkijk/testing';

jest.setTimeout(180_000);

let stack: Stack;
const run = randomUUID().slice(0, 6);

beforeAll(async () => {
  stack = await startStack();
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

async function login(base: string, username: string, forwardedFor: string) {
  const res = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ username, password: 'raden raden raden' }) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { code: string; details?: { retryAfterSeconds?: number } } };
}

describe('throttling per source through the gateway', () => {
  it('holds the browser back after 20 failures, whatever X-Forwarded-For it sends, with 429 and Retry-After', async () => {
    const gateway = stack.urls['query-proxy'];
    // Each attempt pretends another address: the gateway replaces it with the connection's own.
    for (let i = 0; i < 20; i++) {
      const r = await login(gateway, `niemand-${i}-${run}`, `203.0.113.${i + 1}`);
      expect([r.status, r.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    }
    const held = await login(gateway, `niemand-x-${run}`, '198.51.100.99');
    expect([held.status, held.body.code]).toEqual([429, 'TOO_MANY_ATTEMPTS']);
    expect(Number(held.retryAfter)).toBeGreaterThan(800);
    expect(held.body.details?.retryAfterSeconds).toBe(Number(held.retryAfter));
    // Registration itself believes the forwarded address of a trusted proxy (here: this test on
    // loopback), so another browser's address is not held back.
    const other = await login(stack.urls.registration, `niemand-y-${run}`, '198.51.100.99');
    expect([other.status, other.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);

    // Operations see the refusals by reason (the login-lockout alert of deploy/prometheus reads them).
    const metrics = await scrapeMetrics(stack.urls.registration, stack.metricsToken);
    expect(metricSum(metrics, 'inkijk_logins_total', { outcome: 'REFUSED', reason: 'INVALID_CREDENTIALS' })).toBeGreaterThanOrEqual(21);
    expect(metricSum(metrics, 'inkijk_logins_total', { outcome: 'REFUSED', reason: 'TOO_MANY_ATTEMPTS' })).toBeGreaterThanOrEqual(1);
  });
});
