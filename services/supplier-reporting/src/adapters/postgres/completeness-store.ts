/**
 * The completeness check's tables: the index of the attributed-query topic (one row per record,
 * written by the completeness indexer) and its position per partition; and the comparisons with
 * the aggregates (query_usage) and the inbox claims of the attributed-query group, in SQL.
 */
import { PgTopicIndex } from '@inkijk/platform';
import { LISTED_IDS, ReportMonth, TopicMonth } from '../../domain/completeness';
import type { CompletenessIndex, MonthRange } from '../../app/ports';

const MONTH_OF = `to_char(e.occurred_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM')`;

/** The completeness index on a pg pool of its own (plain SQL, no Prisma). */
export class PgCompletenessStore extends PgTopicIndex implements CompletenessIndex {
  async topicMonths(topic: string, group: string, committed: ReadonlyMap<number, number>, months: MonthRange, municipalityId?: string): Promise<TopicMonth[]> {
    const { rows } = await this.pool.query<{ acting_for_id: string; month: string; on_topic: number; missing_count: number; missing: string[] | null }>(
      `WITH committed(partition, below) AS (SELECT * FROM unnest($2::int[], $3::bigint[])),
       events AS (
         SELECT e.event_id, min(e.acting_for_id) AS acting_for_id, min(${MONTH_OF}) AS month
         FROM completeness_event e JOIN committed c ON c.partition = e.partition AND e."offset" < c.below
         WHERE e.topic = $1 AND e.event_id IS NOT NULL AND ($6::text IS NULL OR e.acting_for_id = $6)
         GROUP BY e.event_id)
       SELECT t.acting_for_id, t.month, count(*)::int AS on_topic,
              count(*) FILTER (WHERE i.event_id IS NULL)::int AS missing_count,
              (array_agg(t.event_id ORDER BY t.event_id) FILTER (WHERE i.event_id IS NULL))[1:${LISTED_IDS}] AS missing
       FROM events t LEFT JOIN inbox_message i ON i.consumer_group = $7 AND i.event_id = t.event_id
       WHERE ($4::text IS NULL OR t.month >= $4) AND ($5::text IS NULL OR t.month <= $5)
       GROUP BY 1, 2`,
      [topic, [...committed.keys()], [...committed.values()], months.from, months.to, municipalityId ?? null, group],
    );
    return rows.map((r) => ({ municipalityId: r.acting_for_id, month: r.month, onTopic: r.on_topic, missingCount: r.missing_count, missing: r.missing ?? [] }));
  }

  async reportMonths(months: MonthRange, municipalityId?: string): Promise<ReportMonth[]> {
    const { rows } = await this.pool.query<{ organisation_id: string; month: string; n: string }>(
      `SELECT organisation_id, month, sum(queries)::text AS n FROM query_usage
       WHERE ($1::text IS NULL OR month >= $1) AND ($2::text IS NULL OR month <= $2) AND ($3::text IS NULL OR organisation_id = $3)
       GROUP BY 1, 2`,
      [months.from, months.to, municipalityId ?? null],
    );
    return rows.map((r) => ({ municipalityId: r.organisation_id, month: r.month, inReports: Number(r.n) }));
  }


  async close(): Promise<void> {
    await this.pool.end();
  }
}
