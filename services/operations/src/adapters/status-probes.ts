/**
 * The status page's probes: a service's /health/ready over HTTP, the broker through the admin API
 * as the `operations` principal (DESCRIBE on the groups of `lagGroups` and their topics,
 * contracts/src/acl.ts), and the audit log's checkpoints with the officer's own token. Each call
 * carries its own deadline as well; the use case time-boxes them all.
 */
import type { Admin } from 'kafkajs';
import type { KafkaPlatform } from '@inkijk/platform';
import type { StatusProbes } from '../app/ports';
import type { BrokerCluster, CheckpointSeen, PartitionOffsets, ReadinessAnswer } from '../domain/status';

export class HttpAndKafkaStatusProbes implements StatusProbes {
  private admin: Promise<Admin> | null = null;

  constructor(
    private readonly platform: Pick<KafkaPlatform, 'kafka'>,
    private readonly opts: { auditLogUrl: string; requestTimeoutMs: number },
  ) {}

  async readiness(baseUrl: string): Promise<ReadinessAnswer> {
    const res = await fetch(`${baseUrl}/health/ready`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.opts.requestTimeoutMs), redirect: 'error' });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    return { httpStatus: res.status, body };
  }

  async cluster(): Promise<BrokerCluster> {
    const c = await this.withAdmin((a) => a.describeCluster());
    return { clusterId: c.clusterId, controller: c.controller, brokers: c.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port })) };
  }

  async groupOffsets(group: string, topic: string): Promise<{ partitions: PartitionOffsets[]; groupState: string; members: number }> {
    return this.withAdmin(async (a) => {
      const [committed, ends, described] = await Promise.all([a.fetchOffsets({ groupId: group, topics: [topic] }), a.fetchTopicOffsets(topic), a.describeGroups([group])]);
      const mine = new Map((committed.find((t) => t.topic === topic)?.partitions ?? []).map((p) => [p.partition, p.offset]));
      const partitions = ends.map((e) => {
        const c = mine.get(e.partition);
        return { partition: e.partition, committed: c === undefined || Number(c) < 0 ? null : BigInt(c), start: BigInt(e.low), end: BigInt(e.high) };
      });
      const g = described.groups.find((x) => x.groupId === group);
      return { partitions, groupState: g?.state ?? 'Unknown', members: g?.members.length ?? 0 };
    });
  }

  async checkpoints(bearerToken: string): Promise<CheckpointSeen[]> {
    const res = await fetch(`${this.opts.auditLogUrl}/audit/checkpoints?limit=500`, {
      headers: { accept: 'application/json', authorization: `Bearer ${bearerToken}` },
      signal: AbortSignal.timeout(this.opts.requestTimeoutMs),
      redirect: 'error',
    });
    if (!res.ok) throw new Error(`the audit log answered HTTP ${res.status}`);
    const body = (await res.json()) as { checkpoints?: Array<Record<string, unknown>> };
    return (body.checkpoints ?? []).map((c) => ({ chain: String(c.chain), headSequence: Number(c.headSequence), recordCount: Number(c.recordCount), createdAt: Number(c.createdAt) }));
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = null;
    if (admin) await (await admin.catch(() => null))?.disconnect().catch(() => undefined);
  }

  /** One admin connection, made on first use and made again after a failure. */
  private async withAdmin<T>(fn: (a: Admin) => Promise<T>): Promise<T> {
    if (!this.admin) {
      const a = this.platform.kafka.admin({ retry: { retries: 0 } });
      this.admin = a.connect().then(() => a);
    }
    const current = this.admin;
    try {
      return await fn(await current);
    } catch (e) {
      if (this.admin === current) {
        this.admin = null;
        void current.then((a) => a.disconnect()).catch(() => undefined);
      }
      throw e;
    }
  }
}
