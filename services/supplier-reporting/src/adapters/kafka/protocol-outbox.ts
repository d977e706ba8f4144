/**
 * Protocol lines go out through the transactional outbox (issue 20): encoded (Avro single-object,
 * validated) and inserted in the ingest's transaction, one statement per batch, in the batch's
 * order, so the relay publishes one customer's lines in the order of its queries. Each line goes
 * to its supplier's topic, keyed by the customer organisation's OIN.
 */
import { codecFor, injectTraceHeaders, OutboxRelay, SqlQuery } from '@inkijk/platform';
import { query, reporting } from '@inkijk/contracts';
import type { ProtocolOutbox } from '../../app/ports';
import type { SupplierProtocolLine } from '../../domain/protocol';
import type { ReportingTopics } from './reporting-topics';

export class KafkaProtocolOutbox implements ProtocolOutbox {
  constructor(
    private readonly topics: ReportingTopics,
    private readonly relay: Pick<OutboxRelay<unknown>, 'nudge'>,
  ) {}

  async add(sql: SqlQuery, lines: readonly SupplierProtocolLine[]): Promise<void> {
    if (lines.length === 0) return;
    const headers = injectTraceHeaders({});
    const rows = lines.map((line, n) => {
      if (!(query.SupplierValues as readonly string[]).includes(line.supplier)) throw new Error(`no protocol topic for supplier ${line.supplier}`);
      const topic = this.topics.protocol[line.supplier as query.Supplier];
      const record: reporting.ProtocolLine = { ...line, supplier: line.supplier as reporting.ReportSupplier };
      return { n, topic: topic.name, key: topic.keyOf(record), payload: codecFor(topic).encode(record).toString('base64'), headers };
    });
    await sql(
      `INSERT INTO outbox_message (topic, message_key, payload, headers)
       SELECT r.topic, r.key, decode(r.payload, 'base64'), r.headers
       FROM jsonb_to_recordset($1::jsonb) AS r(n int, topic text, key text, payload text, headers jsonb)
       ORDER BY r.n`,
      [JSON.stringify(rows)],
    );
  }

  flush(): void {
    this.relay.nudge();
  }
}
