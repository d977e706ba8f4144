import type { Admin } from 'kafkajs';
import type { TopicSpec } from '@inkijk/contracts';

/** What topic creation needs of a catalogue entry. */
export type TopicLayout = Pick<TopicSpec<unknown>, 'name' | 'partitions' | 'cleanupPolicy' | 'retentionMs'>;

export interface Replication {
  /** Copies of every partition (1 on a single local broker, 3 in replicated mode). */
  replicationFactor: number;
  /** Copies that must have a record before acks=all acknowledges it. */
  minInsyncReplicas: number;
}
export const SINGLE_BROKER: Replication = { replicationFactor: 1, minInsyncReplicas: 1 };

/** Creates the catalogue's topics that do not exist yet, with their partitions and retention. */
export async function ensureTopics(admin: Admin, specs: readonly TopicLayout[], replication: Replication = SINGLE_BROKER): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  if (missing.length === 0) return [];
  await admin.createTopics({
    // kafkajs' own wait gives up on UNKNOWN_TOPIC_OR_PARTITION, which a broker without topic
    // auto-creation answers until the new topic's metadata has reached it: wait below instead.
    waitForLeaders: false,
    topics: missing.map((s) => ({
      topic: s.name,
      numPartitions: s.partitions,
      replicationFactor: replication.replicationFactor,
      configEntries: [
        { name: 'cleanup.policy', value: s.cleanupPolicy },
        { name: 'retention.ms', value: String(s.retentionMs) },
        { name: 'min.insync.replicas', value: String(replication.minInsyncReplicas) },
        // The broker refuses a record stamped more than 15 minutes ahead of its clock: consumers
        // check event times against the record's time (contracts/src/content.ts), so a producer
        // cannot move that yardstick into the future. (Backdated history stays possible for replays.)
        { name: 'message.timestamp.after.max.ms', value: String(15 * 60 * 1000) },
      ],
    })),
  });
  await waitForLeaders(admin, missing.map((s) => s.name));
  return missing.map((s) => s.name);
}

/** Waits until every partition of the topics has a leader (at most `timeoutMs`). */
export async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      if (meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
      last = 'partitions without a leader';
    } catch (e) {
      last = (e as Error).message; // not known to this broker yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`topics ${topics.join(', ')} have no leaders after ${timeoutMs} ms: ${last}`);
}
