/**
 * Readiness of watched consumers without a broker: a consumer stand-in emits the kafkajs
 * instrumentation events in the order kafkajs does, and a clock is turned by hand.
 */
import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { HealthRegistry } from '../health/health';
import { KafkaConnectionStatus } from './connection-status';

const EVENTS = {
  CONNECT: 'consumer.connect',
  DISCONNECT: 'consumer.disconnect',
  STOP: 'consumer.stop',
  CRASH: 'consumer.crash',
  GROUP_JOIN: 'consumer.group_join',
  START_BATCH_PROCESS: 'consumer.start_batch_process',
  END_BATCH_PROCESS: 'consumer.end_batch_process',
};

class FakeConsumer extends EventEmitter {
  readonly events = EVENTS;
  emitEvent(type: keyof typeof EVENTS, payload: object = {}): void {
    this.emit(EVENTS[type], { id: 0, type: EVENTS[type], timestamp: 0, payload });
  }
  joined(assignment: Record<string, number[]> = { requests: [0, 1] }): void {
    this.emitEvent('GROUP_JOIN', { memberAssignment: assignment });
  }
  batch(phase: 'START_BATCH_PROCESS' | 'END_BATCH_PROCESS', partition: number, firstOffset: string): void {
    this.emitEvent(phase, { topic: 'requests', partition, firstOffset });
  }
  /** What kafkajs emits when a runner gives up: stop (through disconnect), disconnect, crash. */
  crash(): void {
    this.emitEvent('STOP');
    this.emitEvent('DISCONNECT');
    this.emitEvent('CRASH', { error: new Error('boom'), groupId: 'g', restart: true });
  }
}

let now = 0;
let status: KafkaConnectionStatus;
let consumer: FakeConsumer;

beforeEach(() => {
  now = 1_000_000;
  status = new KafkaConnectionStatus({ stallAfterMs: 10_000, clock: () => now });
  consumer = new FakeConsumer();
  status.watchConsumer('consumer:g', consumer as unknown as Consumer);
  consumer.emitEvent('CONNECT');
  consumer.joined();
});

describe('KafkaConnectionStatus: stalled and crashed consumers', () => {
  it('is up while batches finish, however long the consumer runs', () => {
    for (let i = 0; i < 5; i++) {
      consumer.batch('START_BATCH_PROCESS', 0, String(i));
      now += 9_000;
      consumer.batch('END_BATCH_PROCESS', 0, String(i));
    }
    expect(status.check()).toEqual({ status: 'up' });
  });

  it('is stalled once a batch has been in process for stallAfterMs, retries included, and up when it ends', () => {
    consumer.batch('START_BATCH_PROCESS', 1, '42');
    now += 6_000;
    consumer.batch('START_BATCH_PROCESS', 1, '42'); // kafkajs retries the failed batch
    now += 3_999;
    expect(status.check().status).toBe('up');
    now += 1;
    expect(status.snapshot()).toEqual({ 'consumer:g': 'stalled' });
    expect(status.check()).toEqual({ status: 'down', detail: 'consumer:g: stalled at requests[1]@42 for 10 s' });
    consumer.batch('END_BATCH_PROCESS', 1, '42');
    expect(status.check()).toEqual({ status: 'up' });
  });

  it('counts a retry that starts further on (the records before it processed) as progress', () => {
    consumer.batch('START_BATCH_PROCESS', 0, '10');
    now += 8_000;
    consumer.batch('START_BATCH_PROCESS', 0, '15');
    now += 8_000;
    expect(status.check().status).toBe('up');
  });

  it('is down when a consumer crashed, and stays down for stallAfterMs after it rejoined', () => {
    consumer.batch('START_BATCH_PROCESS', 0, '7');
    now += 3_000;
    consumer.crash();
    expect(status.check()).toEqual({ status: 'down', detail: 'consumer:g: crashed' });
    now += 300;
    consumer.joined(); // kafkajs restarted it
    expect(status.check()).toEqual({ status: 'down', detail: 'consumer:g: crashed' });
    now += 9_700;
    expect(status.check()).toEqual({ status: 'up' });
  });

  it('never looks ready while it crashes and restarts every few seconds on the same batch', () => {
    for (let cycle = 0; cycle < 10; cycle++) {
      consumer.batch('START_BATCH_PROCESS', 0, '7');
      for (let t = 0; t < 4_000; t += 500) {
        now += 500;
        expect(status.check().status).toBe(cycle === 0 ? 'up' : 'down');
      }
      consumer.crash();
      now += 300;
      consumer.joined();
    }
  });

  it('forgets a batch of a partition assigned elsewhere after a rebalance', () => {
    consumer.batch('START_BATCH_PROCESS', 1, '5');
    now += 5_000;
    consumer.joined({ requests: [0] });
    now += 10_000;
    expect(status.check()).toEqual({ status: 'up' });
  });

  it('takes /health/ready down through the registry', async () => {
    const registry = new HealthRegistry();
    registry.register(status);
    expect((await registry.readiness()).status).toBe('up');
    consumer.emitEvent('CRASH', { error: new Error('not retriable'), groupId: 'g', restart: false });
    expect(await registry.readiness()).toEqual({ status: 'down', checks: { kafka: { status: 'down', detail: 'consumer:g: crashed' } } });
  });
});
