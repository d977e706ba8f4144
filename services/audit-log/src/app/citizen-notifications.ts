/**
 * Use cases of the opt-in notifications (issue 21 item 4, ADR 0025): the citizen subscribes and
 * unsubscribes (each an action in the citizens' chain, through the outbox in the transaction of
 * the change); every chunk of stored queries yields, in the same transaction as the chain
 * append and the inbox claims, at most one notification per citizen, organisation and day,
 * into the outbox: exactly once however often the chunk is redelivered.
 */
import { audit, query, topics, TopicSpec } from '@inkijk/contracts';
import { addActivityToOutbox, addToOutbox } from '@inkijk/platform';
import { notificationCandidates } from '../domain/citizen-notification';
import { CITIZEN_CHAIN_ID, Withholding } from '../domain/citizen-view';
import type { CitizenSubscriptionRepository, SqlTx } from './ports';

export class CitizenNotifications {
  readonly stats = { notified: 0 };

  constructor(
    private readonly store: CitizenSubscriptionRepository,
    private readonly withholding: Withholding,
    private readonly topic: TopicSpec<audit.CitizenNotification> = topics.citizenNotifications,
    private readonly now: () => number = Date.now,
  ) {}

  /** Inside the ingest transaction, after the chain append: the notifications this chunk yields. */
  async onQueries(queries: readonly query.AttributedQuery[], tx: SqlTx): Promise<number> {
    const pseudonyms = [...new Set(queries.map((q) => q.dataSubject?.pseudonym).filter((p): p is string => !!p))];
    const since = await this.store.subscribedSince(tx, pseudonyms);
    if (since.size === 0) return 0;
    let written = 0;
    for (const c of notificationCandidates(queries, since, this.withholding)) {
      if (!(await this.store.claimNotification(tx, { subjectPseudonym: c.subjectPseudonym, organisationId: c.organisation.id, day: c.day, notificationId: c.notificationId }))) continue;
      await addToOutbox(async (sql, params) => (await tx.query(sql, params)).rows, this.topic, { ...c, createdAt: this.now() });
      written++;
    }
    this.stats.notified += written;
    return written;
  }

  async status(pseudonym: string): Promise<{ subscribed: boolean; since: string | null }> {
    const at = await this.store.subscribedAt(pseudonym);
    return { subscribed: at !== null, since: at === null ? null : new Date(at).toISOString() };
  }

  /** Subscribes or unsubscribes; the action (ActivityEvent) commits with the change. */
  async set(pseudonym: string, on: boolean): Promise<{ subscribed: boolean; since: string | null }> {
    await this.store.setSubscribed(pseudonym, on, this.now(), async (q, changed) => {
      await addActivityToOutbox(q, 'audit-log', {
        actor: { userId: `citizen:${pseudonym}`, homeOrganisationId: null, roles: ['CITIZEN'] },
        actingForId: CITIZEN_CHAIN_ID,
        action: on ? 'CITIZEN_NOTIFICATIONS_ON' : 'CITIZEN_NOTIFICATIONS_OFF',
        object: { type: 'CITIZEN_NOTIFICATIONS', id: null },
        outcome: 'SUCCEEDED',
        subjectPseudonym: pseudonym,
        details: { changed: String(changed) },
      });
    });
    return this.status(pseudonym);
  }
}
