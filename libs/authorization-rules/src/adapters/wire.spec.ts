/**
 * The request-reply messages without a broker: the AuthZEN request survives the Avro serdes of
 * the Nest Kafka transport with the BSN sealed (never in clear on the wire), the reply comes
 * back as sent, errors and undecodable bytes become error replies instead of hanging.
 */
import { KafkaHeaders } from '@nestjs/microservices';
import { topics, TopicSpec } from '@inkijk/contracts';
import { avroKafkaClientSerdes, avroKafkaServerSerdes, UndecodableRequest } from '@inkijk/platform';
import type { EvaluatedAccess } from '../app/evaluation';
import type { AccessEvaluationRequest } from '../domain/access';
import { fromWireRequest, fromWireResponse, toWireRequest, toWireResponse, WireRequest } from './wire';

const t = { requests: [topics.authorizationEvaluations as TopicSpec<unknown>], replies: [topics.authorizationEvaluationReplies as TopicSpec<unknown>] };
const client = avroKafkaClientSerdes(t);
const server = avroKafkaServerSerdes(t);
const KEY = Buffer.alloc(32, 1);
const pattern = topics.authorizationEvaluations.name;

const request: AccessEvaluationRequest = {
  subject: { type: 'user', id: 'haarlem-worker', properties: { homeMunicipalityId: 'm-haarlem' } },
  action: { name: 'brp-persoon' },
  resource: { type: 'person', id: '123456782' },
  context: { actingForMunicipalityId: 'm-zandvoort', legalDomain: 'PARTICIPATIEWET', escapeReason: 'NEW_APPLICATION' },
};

const answer: EvaluatedAccess = {
  decision: false,
  context: {
    decisionId: 'd-1', reason_code: 'NOT_ON_WHITELIST', reason_user: 'Deze persoon staat niet op de whitelist.', reason_admin: 'Not on the whitelist.', escape: false,
    collaborationId: 'c-1', rulesVersion: 'authorization-rules/1', whitelist: 'ABORTED', actingFor: { id: 'm-zandvoort', name: 'Zandvoort', cbsCode: 'GM0473', oin: '00000099000000000473' },
  },
};

describe('Kafka request-reply messages (Avro through the Nest serdes)', () => {
  it('carries the request with the BSN sealed, and restores it on the other side', () => {
    const wire = toWireRequest(request, { requestId: 'r-1', at: 1_780_000_000_000, transportKey: KEY });
    const message = client.serializer.serialize(wire, { pattern }) as { key: string; value: Buffer; headers: Record<string, string> };
    expect(message.key).toBe('haarlem-worker');
    expect(message.value.subarray(0, 2)).toEqual(Buffer.from([0xc3, 0x01]));
    expect(message.value.toString('latin1')).not.toContain('123456782');
    const packet = server.deserializer.deserialize({ topic: pattern, value: message.value, headers: { [KafkaHeaders.CORRELATION_ID]: 'c-9' } }, { channel: pattern }) as { pattern: string; data: WireRequest };
    expect(packet.pattern).toBe(pattern);
    expect(fromWireRequest(packet.data, KEY)).toEqual({ request, requestId: 'r-1', at: 1_780_000_000_000 });
  });

  it('refuses a BSN sealed with another key', () => {
    const wire = toWireRequest(request, { requestId: 'r-1', transportKey: Buffer.alloc(32, 2) });
    expect(() => fromWireRequest(wire, KEY)).toThrow(/unsealed/);
  });

  it('hands undecodable request bytes to the handler as UndecodableRequest', () => {
    const packet = server.deserializer.deserialize({ topic: pattern, value: Buffer.from('{"json":true}'), headers: {} }, { channel: pattern }) as { data: unknown };
    expect(packet.data).toBeInstanceOf(UndecodableRequest);
    expect((packet.data as UndecodableRequest).reason).toBe('UNDECODABLE');
  });

  it('carries the reply back as sent; an error reply carries the error', () => {
    const message = server.serializer.serialize(toWireResponse(answer)) as { value: Buffer; headers: Record<string, string> };
    const reply = client.deserializer.deserialize({ topic: topics.authorizationEvaluationReplies.name, value: message.value, headers: { [KafkaHeaders.CORRELATION_ID]: 'c-9' } }) as { id: string; response: never; isDisposed: boolean };
    expect(reply.id).toBe('c-9');
    expect(fromWireResponse(reply.response)).toEqual(answer);

    expect(server.serializer.serialize(undefined)).toEqual({ value: null, headers: {} });
    const misfit = server.serializer.serialize({ not: 'a response' }) as { value: null; headers: Record<string, string> };
    expect(misfit.headers[KafkaHeaders.NEST_ERR]).toMatch(/fits none/);
    const err = client.deserializer.deserialize({ value: null, headers: { [KafkaHeaders.CORRELATION_ID]: 'c-9', [KafkaHeaders.NEST_ERR]: { code: 'READ_MODEL_NOT_READY' } } });
    expect(err).toEqual({ id: 'c-9', err: { code: 'READ_MODEL_NOT_READY' }, isDisposed: true });
  });
});
