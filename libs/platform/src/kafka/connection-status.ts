/**
 * Connection status of the Kafka clients as a stream (after NestJS microservices' status
 * events): producers and consumers report, the health endpoint reads the latest state.
 */
import { BehaviorSubject } from 'rxjs';
import type { Consumer, Producer } from 'kafkajs';
import type { HealthIndicator, HealthReport } from '../health/health';

export type ClientStatus = 'connecting' | 'connected' | 'disconnected' | 'crashed';

export class KafkaConnectionStatus implements HealthIndicator {
  readonly name = 'kafka';
  private readonly statuses = new Map<string, BehaviorSubject<ClientStatus>>();

  stream(component: string): BehaviorSubject<ClientStatus> {
    let s = this.statuses.get(component);
    if (!s) {
      s = new BehaviorSubject<ClientStatus>('connecting');
      this.statuses.set(component, s);
    }
    return s;
  }

  watchProducer(component: string, producer: Producer): void {
    const s = this.stream(component);
    producer.on(producer.events.CONNECT, () => s.next('connected'));
    producer.on(producer.events.DISCONNECT, () => s.next('disconnected'));
  }

  watchConsumer(component: string, consumer: Consumer): void {
    const s = this.stream(component);
    consumer.on(consumer.events.CONNECT, () => s.next('connected'));
    consumer.on(consumer.events.GROUP_JOIN, () => s.next('connected'));
    consumer.on(consumer.events.DISCONNECT, () => s.next('disconnected'));
    consumer.on(consumer.events.STOP, () => s.next('disconnected'));
    consumer.on(consumer.events.CRASH, () => s.next('crashed'));
  }

  snapshot(): Record<string, ClientStatus> {
    return Object.fromEntries([...this.statuses].map(([k, v]) => [k, v.value]));
  }

  check(): HealthReport {
    const snap = this.snapshot();
    const bad = Object.entries(snap).filter(([, v]) => v !== 'connected');
    return bad.length === 0
      ? { status: 'up' }
      : { status: 'down', detail: bad.map(([k, v]) => `${k}: ${v}`).join(', ') };
  }
}
