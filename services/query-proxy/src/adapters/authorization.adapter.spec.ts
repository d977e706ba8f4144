import { randomBytes } from 'node:crypto';
import { ReadModel } from '@inkijk/authorization-rules';
import { InProcessAuthorization } from '@inkijk/authorization-rules/kafka';
import { BSN, exampleWorld, M } from '@inkijk/authorization-rules/testing';
import { createKafka, DURABLE_PRODUCER_CONFIG, DurableSender, toErrorResponse } from '@inkijk/platform';
import { LogUnavailableError } from '../app/query.service';
import { AuthorizationAdapter } from './authorization.adapter';

describe('AuthorizationAdapter', () => {
  it('refuses to go on (LOG_UNAVAILABLE, 503) when the decision cannot be recorded', async () => {
    const model = new ReadModel();
    for (const e of exampleWorld().events) model.apply(e);
    const nowhere = createKafka({ clientId: 'nowhere', brokers: '127.0.0.1:1', connectionTimeout: 100 });
    const sender = new DurableSender(nowhere.producer(DURABLE_PRODUCER_CONFIG), { sendTimeoutMs: 500 });
    const feeder = { isReady: () => true, offsets: () => ({}) };
    const local = new InProcessAuthorization({ model, feeder, sender, pseudonymKey: randomBytes(32) });
    const adapter = new AuthorizationAdapter(local, local, model, feeder as never);
    const decision = adapter.decide({ userId: 'haarlem-worker', homeMunicipalityId: M.HAARLEM, actingForMunicipalityId: M.ZANDVOORT, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', bsn: BSN.ZANDVOORT_CLIENT, escapeReason: null, at: Date.UTC(2026, 2, 10), traceId: 'a'.repeat(32) });
    await expect(decision).rejects.toBeInstanceOf(LogUnavailableError);
    await expect(decision).rejects.toMatchObject({ code: 'LOG_UNAVAILABLE' });
    expect(toErrorResponse(await decision.catch((e: unknown) => e)).status).toBe(503);
  });
});
