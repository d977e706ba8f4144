/**
 * The completeness check, independent of the chains: the attributed queries on the topic
 * against the QUERY records of the log, per municipality (actingFor.id) and Amsterdam day. A
 * record counts as "should be there" only below the audit consumer group's committed offset of
 * its partition (records in flight are lag, not a gap). A chain verifies whatever was appended;
 * this finds what never was.
 */

/** Most event ids listed per municipality and day (the counts are always exact). */
export const LISTED_IDS = 100;

export interface PartitionState {
  partition: number;
  /** The audit consumer group's committed offset (0: none). */
  committedOffset: number;
  /** The topic's end offset (high watermark) when the check started. */
  endOffset: number;
}

/** Topic side of one municipality and day: events below the committed offsets, and those of them not in the log. */
export interface TopicDay {
  municipalityId: string;
  day: string;
  onTopic: number;
  missingCount: number;
  missing: string[];
}

/** Log side: QUERY records whose event is nowhere on the topic. */
export interface ExtraDay {
  municipalityId: string;
  day: string;
  extraCount: number;
  extra: string[];
}

export interface MunicipalityDay {
  municipalityId: string;
  /** YYYY-MM-DD, Europe/Amsterdam, of the query's occurredAt. */
  day: string;
  /** Distinct events on the topic below the committed offsets. */
  onTopic: number;
  /** Of those, the ones in the audit log. */
  inAuditLog: number;
  missingCount: number;
  /** At most LISTED_IDS, ordered. */
  missing: string[];
  extraCount: number;
  extra: string[];
}

export interface CompletenessReport {
  complete: boolean;
  checkedAt: string;
  period: { from: string | null; to: string | null };
  municipalityId: string | null;
  topic: {
    name: string;
    consumerGroup: string;
    /** Records on the topic not yet committed by the audit consumer group: not checked yet. */
    lag: number;
    /** Records below the committed offsets that could not be decoded (neither side can say whose they are). */
    unreadable: number;
    partitions: PartitionState[];
  };
  missingTotal: number;
  extraTotal: number;
  municipalities: MunicipalityDay[];
}

/** Merges both sides per municipality and day (ordered by municipality, then day). */
export function mergeDays(topic: readonly TopicDay[], extras: readonly ExtraDay[]): MunicipalityDay[] {
  const byKey = new Map<string, MunicipalityDay>();
  const entry = (municipalityId: string, day: string): MunicipalityDay => {
    const key = `${municipalityId}\u0000${day}`;
    let e = byKey.get(key);
    if (!e) byKey.set(key, (e = { municipalityId, day, onTopic: 0, inAuditLog: 0, missingCount: 0, missing: [], extraCount: 0, extra: [] }));
    return e;
  };
  for (const t of topic) Object.assign(entry(t.municipalityId, t.day), { onTopic: t.onTopic, inAuditLog: t.onTopic - t.missingCount, missingCount: t.missingCount, missing: t.missing.slice(0, LISTED_IDS) });
  for (const x of extras) Object.assign(entry(x.municipalityId, x.day), { extraCount: x.extraCount, extra: x.extra.slice(0, LISTED_IDS) });
  return [...byKey.values()].sort((a, b) => (a.municipalityId === b.municipalityId ? a.day.localeCompare(b.day) : a.municipalityId.localeCompare(b.municipalityId)));
}

export function completenessReport(input: {
  checkedAt: number;
  period: { from: number | null; to: number | null };
  municipalityId?: string;
  topicName: string;
  consumerGroup: string;
  partitions: PartitionState[];
  unreadable: number;
  topic: readonly TopicDay[];
  extras: readonly ExtraDay[];
}): CompletenessReport {
  const municipalities = mergeDays(input.topic, input.extras);
  const missingTotal = municipalities.reduce((n, m) => n + m.missingCount, 0);
  const extraTotal = municipalities.reduce((n, m) => n + m.extraCount, 0);
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return {
    complete: missingTotal === 0 && extraTotal === 0 && input.unreadable === 0,
    checkedAt: new Date(input.checkedAt).toISOString(),
    period: { from: iso(input.period.from), to: iso(input.period.to) },
    municipalityId: input.municipalityId ?? null,
    topic: {
      name: input.topicName,
      consumerGroup: input.consumerGroup,
      lag: input.partitions.reduce((n, p) => n + Math.max(0, p.endOffset - p.committedOffset), 0),
      unreadable: input.unreadable,
      partitions: [...input.partitions].sort((a, b) => a.partition - b.partition),
    },
    missingTotal,
    extraTotal,
    municipalities,
  };
}
