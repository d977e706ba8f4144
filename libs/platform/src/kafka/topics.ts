import type { Admin } from 'kafkajs';
import type { TopicSpec } from '@inkijk/contracts';

/** Creates the catalogue's topics that do not exist yet, with their partitions and retention. */
/** What topic creation needs of a catalogue entry. */
export type TopicLayout = Pick<TopicSpec<unknown>, 'name' | 'partitions' | 'cleanupPolicy' | 'retentionMs'>;

export async function ensureTopics(admin: Admin, specs: readonly TopicLayout[], replicationFactor = 1): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((s) => ({
      topic: s.name,
      numPartitions: s.partitions,
      replicationFactor,
      configEntries: [
        { name: 'cleanup.policy', value: s.cleanupPolicy },
        { name: 'retention.ms', value: String(s.retentionMs) },
        { name: 'min.insync.replicas', value: '1' },
      ],
    })),
  });
  return missing.map((s) => s.name);
}
