/**
 * The completeness check of the reports: per customer organisation (actingFor.id) and month
 * (Europe/Amsterdam), the attributed queries on the topic below this service's consumer group's
 * committed offsets against the queries counted in the aggregates (query_usage). Records in
 * flight (above the committed offset) may already be counted, never the other way round: so a
 * shortfall is always a gap, a surplus only when nothing is in flight.
 */

/** Most event ids listed per organisation and month (the counts are always exact). */
export const LISTED_IDS = 100;

export interface PartitionState {
  partition: number;
  committedOffset: number;
  endOffset: number;
}

/** Topic side: distinct events below the committed offsets, and those never counted (no inbox claim). */
export interface TopicMonth {
  municipalityId: string;
  month: string;
  onTopic: number;
  missingCount: number;
  missing: string[];
}

/** Report side: the queries the aggregates hold. */
export interface ReportMonth {
  municipalityId: string;
  month: string;
  inReports: number;
}

export interface MunicipalityMonth {
  municipalityId: string;
  month: string;
  onTopic: number;
  inReports: number;
  /** inReports - onTopic: below 0 a gap; above 0 records in flight (lag) or counted twice. */
  difference: number;
  missingCount: number;
  missing: string[];
}

export interface ReportingCompleteness {
  complete: boolean;
  checkedAt: string;
  period: { from: string | null; to: string | null };
  municipalityId: string | null;
  topic: { name: string; consumerGroup: string; lag: number; unreadable: number; partitions: PartitionState[] };
  /** Events never counted, plus the shortfall of counts where the ids cannot say (e.g. an aggregate row lost). */
  missingTotal: number;
  municipalities: MunicipalityMonth[];
}

export function reportingCompleteness(input: {
  checkedAt: number;
  period: { from: string | null; to: string | null };
  municipalityId?: string;
  topicName: string;
  consumerGroup: string;
  partitions: PartitionState[];
  unreadable: number;
  topic: readonly TopicMonth[];
  reports: readonly ReportMonth[];
}): ReportingCompleteness {
  const byKey = new Map<string, MunicipalityMonth>();
  const entry = (municipalityId: string, month: string): MunicipalityMonth => {
    const key = `${municipalityId}\u0000${month}`;
    let e = byKey.get(key);
    if (!e) byKey.set(key, (e = { municipalityId, month, onTopic: 0, inReports: 0, difference: 0, missingCount: 0, missing: [] }));
    return e;
  };
  for (const t of input.topic) Object.assign(entry(t.municipalityId, t.month), { onTopic: t.onTopic, missingCount: t.missingCount, missing: t.missing.slice(0, LISTED_IDS) });
  for (const r of input.reports) entry(r.municipalityId, r.month).inReports = r.inReports;
  const municipalities = [...byKey.values()]
    .map((m) => ({ ...m, difference: m.inReports - m.onTopic }))
    .sort((a, b) => (a.municipalityId === b.municipalityId ? a.month.localeCompare(b.month) : a.municipalityId.localeCompare(b.municipalityId)));
  const lag = input.partitions.reduce((n, p) => n + Math.max(0, p.endOffset - p.committedOffset), 0);
  const missingTotal = municipalities.reduce((n, m) => n + Math.max(m.missingCount, -m.difference, 0), 0);
  const surplus = municipalities.some((m) => m.difference > 0);
  return {
    complete: missingTotal === 0 && input.unreadable === 0 && !(surplus && lag === 0),
    checkedAt: new Date(input.checkedAt).toISOString(),
    period: input.period,
    municipalityId: input.municipalityId ?? null,
    topic: { name: input.topicName, consumerGroup: input.consumerGroup, lag, unreadable: input.unreadable, partitions: [...input.partitions].sort((a, b) => a.partition - b.partition) },
    missingTotal,
    municipalities,
  };
}
