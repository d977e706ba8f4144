/**
 * What runs in the background: the two consumers (attributed queries; actions: account
 * management and logins), the outbox relay publishing report versions, and the report timer.
 */
import { Inbox, JsonLogger, KafkaPlatform, OutboxRelay, prismaTransactor } from '@inkijk/platform';
import type { BuildResult, ReportBuilds } from '../../app/report-builds';
import type { UsageIngest } from '../../app/ingest';
import type { ReportingDb } from '../prisma/prisma.service';
import type { ReportingGroups, ReportingTopics } from './reporting-topics';

export interface RuntimeOptions {
  topics: ReportingTopics;
  groups: ReportingGroups;
  chunkSize: number;
  schedulerIntervalMs: number;
}

export class ReportingRuntime {
  private readonly log = new JsonLogger('supplier-reporting');
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private ticking?: Promise<void>;

  constructor(
    private readonly platform: KafkaPlatform,
    private readonly db: ReportingDb,
    private readonly ingest: UsageIngest,
    private readonly builds: ReportBuilds,
    private readonly relay: OutboxRelay<unknown>,
    private readonly opts: RuntimeOptions,
  ) {}

  async start(): Promise<void> {
    const inbox = new Inbox(prismaTransactor(this.db));
    await this.platform.consume({
      topic: this.opts.topics.attributedQueries,
      groupId: this.opts.groups.attributedQueries,
      inbox,
      chunkSize: this.opts.chunkSize,
      eventIdOf: (v) => v.eventId,
      handle: async (records, _tx, sql) => {
        await this.ingest.queries(records.map((r) => r.value), sql);
        // The transaction commits right after this returns: the nudge lands after it or, at
        // worst, the relay's next poll publishes the protocol lines.
        setTimeout(() => this.ingest.committed(), 20).unref();
      },
    });
    await this.platform.consume({
      topic: this.opts.topics.activity,
      groupId: this.opts.groups.activity,
      inbox,
      chunkSize: this.opts.chunkSize,
      eventIdOf: (v) => v.eventId,
      handle: (records, _tx, sql) => this.ingest.actions(records.map((r) => r.value), sql),
    });
    this.relay.start();
    if (this.opts.schedulerIntervalMs > 0) this.schedule(1000);
  }

  /** One run of the report timer (also what tests call instead of waiting for it). */
  async tick(): Promise<{ built: BuildResult[]; refreshed: BuildResult[] }> {
    const result = await this.builds.runScheduled();
    const created = [...result.built, ...result.refreshed].filter((r) => r.created).length;
    if (created > 0) this.log.log(`report timer: ${result.built.length} reports built, ${result.refreshed.length} refreshed, ${created} new versions`);
    return result;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .then(() => undefined)
        .catch((e: Error) => this.log.warn(`report timer failed: ${e.message}`))
        .finally(() => this.schedule(this.opts.schedulerIntervalMs));
    }, delayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    this.relay.stop();
  }
}
