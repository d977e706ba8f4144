/**
 * Follows inkijk.audit.citizen-notifications.v1 as the berichtenbox principal, from the start of
 * the topic in a consumer group of its own per process (the box lives in memory, so every start
 * reads everything again; ACLs allow the `berichtenbox.` groups only), and puts each notification
 * in the box once. Retries until the broker and the topic are there.
 */
import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { topics, TopicSpec, audit } from '@inkijk/contracts';
import { codecFor, JsonLogger } from '@inkijk/platform';
import type { Berichtenbox } from '../domain/berichtenbox';

export class NotificationsFollower {
  private readonly log = new JsonLogger('berichtenbox');
  private consumer?: Consumer;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  following = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly box: Berichtenbox,
    private readonly retryMs: number,
    private readonly topic: TopicSpec<audit.CitizenNotification> = topics.citizenNotifications,
  ) {}

  start(): void {
    void this.attempt();
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    const codec = codecFor(this.topic);
    const consumer = this.kafka.consumer({ groupId: `berichtenbox.box-${randomUUID()}` });
    this.consumer = consumer;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [this.topic.name], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          let n: audit.CitizenNotification;
          try {
            n = codec.decode(message.value);
          } catch (e) {
            this.log.warn(`a record on ${this.topic.name} could not be read, skipped: ${(e as Error).message}`);
            return;
          }
          const b = this.box.receive(n, Date.now());
          if (b) this.log.log(`bericht ${b.notificationId} voor burger ${b.subjectPseudonym.slice(0, 12)}…: ${b.onderwerp} (${b.day})`);
        },
      });
      this.following = true;
      this.log.log(`following ${this.topic.name}`);
    } catch (e) {
      this.log.warn(`cannot follow ${this.topic.name} yet (${(e as Error).message}); again in ${this.retryMs} ms`);
      await consumer.disconnect().catch(() => undefined);
      if (!this.stopped) this.timer = setTimeout(() => void this.attempt(), this.retryMs);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.consumer?.disconnect().catch(() => undefined);
  }
}
