/** New report versions go out through the transactional outbox: one Avro record per version. */
import { addToOutbox, OutboxRelay, SqlQuery } from '@inkijk/platform';
import { query, reporting } from '@inkijk/contracts';
import type { FeedOutbox } from '../../app/ports';
import type { GenericReport, SupplierFeed } from '../../domain/reports';
import type { ReportingTopics } from './reporting-topics';

export class KafkaFeedOutbox implements FeedOutbox {
  constructor(
    private readonly topics: ReportingTopics,
    private readonly relay: Pick<OutboxRelay<unknown>, 'nudge'>,
  ) {}

  async genericReport(sql: SqlQuery, report: GenericReport): Promise<void> {
    const record: reporting.CustomerUsageReport = report;
    await addToOutbox(sql, this.topics.customerUsage, record);
  }

  async supplierFeed(sql: SqlQuery, feed: SupplierFeed): Promise<void> {
    if (!(query.SupplierValues as readonly string[]).includes(feed.supplier)) throw new Error(`no feed topic for supplier ${feed.supplier}`);
    const supplier = feed.supplier as query.Supplier;
    const record: reporting.SupplierUsageReport = { ...feed, supplier };
    await addToOutbox(sql, this.topics.supplierUsage[supplier], record);
  }

  flush(): void {
    this.relay.nudge();
  }
}
