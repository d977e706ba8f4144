/**
 * The citizens' subscriptions to notifications and the notifications written (ADR 0025), raw
 * SQL over the audit database's pool: within the ingest transaction (SqlTx) for the
 * notifications, in a transaction of its own with the action's outbox row for (un)subscribing.
 */
import type { Pool } from 'pg';
import { pgTransactor, SqlQuery } from '@inkijk/platform';
import type { CitizenSubscriptionRepository, SqlTx } from '../../app/ports';

export class CitizenSubscriptionStore implements CitizenSubscriptionRepository {
  constructor(private readonly pool: Pool) {}

  /** Subscribed citizens among `pseudonyms`, with since when (epoch ms). */
  async subscribedSince(tx: SqlTx, pseudonyms: readonly string[]): Promise<Map<string, number>> {
    if (pseudonyms.length === 0) return new Map();
    const { rows } = await tx.query(
      `SELECT subject_pseudonym, (date_part('epoch', subscribed_at) * 1000)::int8 AS since FROM citizen_subscription WHERE subject_pseudonym = ANY($1::text[])`,
      [[...pseudonyms]],
    );
    return new Map(rows.map((r) => [r.subject_pseudonym as string, Number(r.since)]));
  }

  /** Claims (citizen, organisation, day); false when it was notified already (a concurrent claim waits for the other's commit). */
  async claimNotification(tx: SqlTx, n: { subjectPseudonym: string; organisationId: string; day: string; notificationId: string }): Promise<boolean> {
    const { rowCount } = await tx.query(
      'INSERT INTO citizen_notification (subject_pseudonym, organisation_id, day, notification_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [n.subjectPseudonym, n.organisationId, n.day, n.notificationId],
    );
    return rowCount === 1;
  }

  /** Since when the citizen is subscribed (epoch ms), or null. */
  async subscribedAt(pseudonym: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ since: string }>(`SELECT (date_part('epoch', subscribed_at) * 1000)::int8 AS since FROM citizen_subscription WHERE subject_pseudonym = $1`, [pseudonym]);
    return rows.length ? Number(rows[0].since) : null;
  }

  /**
   * Subscribes (keeping an earlier start) or unsubscribes, and runs `also` (the action's outbox
   * row) in the same transaction. Returns whether the subscription changed.
   */
  async setSubscribed(pseudonym: string, on: boolean, at: number, also: (query: SqlQuery, changed: boolean) => Promise<void>): Promise<boolean> {
    return pgTransactor(this.pool).transaction(async (client, query) => {
      const changed = on
        ? ((await client.query('INSERT INTO citizen_subscription (subject_pseudonym, subscribed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [pseudonym, new Date(at)])).rowCount ?? 0) > 0
        : ((await client.query('DELETE FROM citizen_subscription WHERE subject_pseudonym = $1', [pseudonym])).rowCount ?? 0) > 0;
      await also(query, changed);
      return changed;
    });
  }
}
