/**
 * The request-reply server without a broker: what it parks, what it answers, and that nothing
 * a request carries makes handleMessage (kafkajs's eachMessage) throw.
 */
import { randomUUID } from 'node:crypto';
import type { EachMessagePayload, KafkaMessage } from 'kafkajs';
import { of, throwError } from 'rxjs';
import { topics, TopicSpec } from '@inkijk/contracts';
import type { platformContract } from '@inkijk/contracts';
import { codecFor } from '../avro/codec';
import { KafkaConnectionStatus } from './connection-status';
import { deadLetterOf } from './dead-letter';
import type { DurableSender } from './durable-sender';
import { RequestReplyServer } from './request-reply-server';

// Any catalogue schema serves as the request's; the dead letter's is at hand.
type Req = platformContract.DeadLetter;
const requests = { ...topics.deadLetters, name: 'test.requests.v1' } as TopicSpec<unknown>;
const replies = { ...topics.deadLetters, name: 'test.replies.v1' } as TopicSpec<unknown>;
const deadLetterTopic = { ...topics.deadLetters, name: 'test.dead-letters.v1' };
const aRequest = (): Buffer => codecFor(requests as TopicSpec<Req>).encode(deadLetterOf({ topic: 't', partition: 0, consumerGroup: 'g', message: { key: null, value: null, offset: '0', timestamp: '0', attributes: 0, headers: {} } as KafkaMessage }, 'UNDECODABLE', 'x', 1));
const address = (correlationId: string = randomUUID(), replyTopic = replies.name) => ({ kafka_correlationId: correlationId, kafka_replyTopic: replyTopic, kafka_replyPartition: '0' });

let parked: { topic: string; letter: platformContract.DeadLetter }[];
let sent: { topic: string; messages: { headers: Record<string, unknown> }[] }[];
let parkFails: boolean;
let handler: jest.Mock;
let server: RequestReplyServer;
let offset = 0;

function payload(value: Buffer | null, headers: Record<string, string> = {}): EachMessagePayload {
  const message = { key: null, value, headers, offset: String(offset++), timestamp: String(Date.now()), attributes: 0 } as KafkaMessage;
  return { topic: requests.name, partition: 0, message, heartbeat: async () => undefined, pause: () => () => undefined };
}

/** Lets the replies Nest sends on the next tick go out. */
const settle = () => new Promise((r) => setTimeout(r, 10));

beforeEach(() => {
  parked = [];
  sent = [];
  parkFails = false;
  const sender = {
    send: async (topic: TopicSpec<unknown>, letter: platformContract.DeadLetter) => {
      if (parkFails) throw new Error('no broker');
      parked.push({ topic: topic.name, letter });
      return {};
    },
  } as unknown as DurableSender;
  server = new RequestReplyServer({
    platform: { kafka: {} as never, sender, status: new KafkaConnectionStatus() },
    groupId: 'test.requests',
    topics: { requests: [requests], replies: [replies] },
    deadLetterTopic,
    invalidRequestCodes: ['VALIDATION_FAILED'],
  });
  // What start() would have made: a producer for the replies.
  (server as unknown as { producer: unknown }).producer = { send: async (r: (typeof sent)[number]) => void sent.push(r) };
  handler = jest.fn(() => of({ ...deadLetterOf({ topic: 't', partition: 0, consumerGroup: 'g', message: { key: null, value: null, offset: '0', timestamp: '0', attributes: 0, headers: {} } as KafkaMessage }, 'UNDECODABLE', 'answer', 1) }));
  server.addHandler(requests.name, handler);
});

describe('RequestReplyServer: poison is parked, never thrown', () => {
  it('answers a valid request and parks nothing', async () => {
    await server.handleMessage(payload(aRequest(), address('c-1')));
    await settle();
    expect(handler).toHaveBeenCalledTimes(1);
    expect(parked).toEqual([]);
    expect(sent.map((s) => [s.topic, String(s.messages[0].headers.kafka_correlationId)])).toEqual([[replies.name, 'c-1']]);
  });

  it.each([
    ['bytes that are not Avro', Buffer.from('{"json":true}'), 'UNDECODABLE'],
    ['an empty record', null, 'UNDECODABLE'],
    ['Avro of an unknown schema', Buffer.concat([Buffer.from([0xc3, 0x01]), Buffer.alloc(8, 7), Buffer.from('x')]), 'UNKNOWN_SCHEMA'],
  ])('parks %s without calling the handler, and without a reply address answers nobody', async (_, value, reason) => {
    await expect(server.handleMessage(payload(value))).resolves.toBeUndefined();
    await settle();
    expect(handler).not.toHaveBeenCalled();
    expect(parked).toEqual([{ topic: deadLetterTopic.name, letter: expect.objectContaining({ reason, originTopic: requests.name, consumerGroup: 'test.requests', value }) }]);
    expect(sent).toEqual([]);
  });

  it('tells a caller that named a reply address of the endpoint at once', async () => {
    await server.handleMessage(payload(Buffer.from('garbage'), address('c-2')));
    expect(parked.map((p) => p.letter.reason)).toEqual(['UNDECODABLE']);
    expect(sent).toHaveLength(1);
    expect(sent[0].topic).toBe(replies.name);
    expect(JSON.parse(String(sent[0].messages[0].headers['kafka_nest-err']))).toMatchObject({ code: 'UNDECODABLE_REQUEST' });
  });

  it.each([
    ['no reply address', {}, /^a request without a reply address/],
    ['a reply topic of someone else', address(randomUUID(), 'inkijk.authorization.decisions.v1'), /^reply topic inkijk\.authorization\.decisions\.v1 is not a reply topic of test\.requests\.v1$/],
  ])('parks a valid request with %s as INVALID_VALUE, undecided and unanswered', async (_, headers, error) => {
    await server.handleMessage(payload(aRequest(), headers));
    await settle();
    expect(handler).not.toHaveBeenCalled();
    expect(parked.map((p) => [p.letter.reason, p.letter.error])).toEqual([['INVALID_VALUE', expect.stringMatching(error)]]);
    expect(sent).toEqual([]);
  });

  it('parks a request the handler refuses as invalid, and still answers it with the error', async () => {
    handler.mockImplementation(() => throwError(() => ({ code: 'VALIDATION_FAILED', message: 'The data subject cannot be unsealed.' })));
    await server.handleMessage(payload(aRequest(), address('c-3')));
    await settle();
    expect(parked.map((p) => [p.letter.reason, p.letter.error])).toEqual([['INVALID_VALUE', 'VALIDATION_FAILED: The data subject cannot be unsealed.']]);
    expect(JSON.parse(String(sent[0].messages[0].headers['kafka_nest-err']))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('parks nothing for a transient failure: the caller gets the error', async () => {
    handler.mockImplementation(() => throwError(() => ({ code: 'EVALUATION_FAILED', message: 'The decision could not be made or recorded.' })));
    await server.handleMessage(payload(aRequest(), address('c-4')));
    await settle();
    expect(parked).toEqual([]);
    expect(JSON.parse(String(sent[0].messages[0].headers['kafka_nest-err']))).toMatchObject({ code: 'EVALUATION_FAILED' });
  });

  it('parks a request whose handling fails outside Nest\'s error replies as PROCESSING_FAILED', async () => {
    handler.mockImplementation(() => {
      throw new Error('a bug in the handler');
    });
    await expect(server.handleMessage(payload(aRequest(), address()))).resolves.toBeUndefined();
    expect(parked.map((p) => [p.letter.reason, p.letter.error])).toEqual([['PROCESSING_FAILED', 'a bug in the handler']]);
  });

  it('moves on when the dead letter cannot be written, and when a reply cannot be sent', async () => {
    parkFails = true;
    (server as unknown as { producer: unknown }).producer = { send: async () => Promise.reject(new Error('reply topic gone')) };
    await expect(server.handleMessage(payload(Buffer.from('garbage'), address()))).resolves.toBeUndefined();
    await expect(server.handleMessage(payload(aRequest(), address()))).resolves.toBeUndefined();
    await settle();
    expect(handler).toHaveBeenCalledTimes(1);
  });
});
