/**
 * Caseload events from the municipal case systems maintain the whitelists: exactly once (the
 * inbox claim, the whitelist change and its outbox event in one transaction); an event that
 * cannot be applied (unknown municipality, invalid BSN) is parked on the dead-letter topic.
 * Every connected municipality's case system writes a topic of its own (ADR 0014): one consumer
 * group reads them all, and a record for another municipality than its topic's is parked as
 * INVALID_CONTENT (contracts/src/content.ts) before it reaches a whitelist. Each applied chunk is
 * recorded as one CASELOAD_BATCH action per municipality (counts, no BSN) in the same transaction.
 */
import { caseloadTopics, ConsumerGroups } from '@inkijk/contracts';
import type { TopicSpec } from '@inkijk/contracts';
import type { caseloadContract } from '@inkijk/contracts';
import { IdempotentConsumer, Inbox, KafkaPlatform, prismaTransactor } from '@inkijk/platform';
import type { Whitelists } from '../../app/whitelist';
import type { Prisma } from '../../generated/prisma/client';
import type { RegistrationDb } from '../prisma/prisma.service';
import { storesFor } from '../prisma/stores';

type Tx = Prisma.TransactionClient;

export function startCaseloadConsumer(
  platform: KafkaPlatform,
  db: RegistrationDb,
  whitelists: Whitelists,
  afterCommit: () => void,
  topic: TopicSpec<caseloadContract.CaseloadEvent> | readonly TopicSpec<caseloadContract.CaseloadEvent>[] = caseloadTopics,
  groupId: string = ConsumerGroups.registrationCaseload,
): Promise<IdempotentConsumer<caseloadContract.CaseloadEvent, Tx>> {
  return platform.consume<caseloadContract.CaseloadEvent, Tx>({
    topic,
    groupId,
    inbox: new Inbox(prismaTransactor<Tx>(db as never)),
    eventIdOf: (e) => e.eventId,
    chunkSize: 100,
    handle: async (records, tx) => {
      const stores = storesFor(tx);
      const applied = [];
      for (const r of records) applied.push(await whitelists.applyCaseloadChange(stores, r.value));
      await whitelists.recordCaseloadBatch(stores, applied);
      afterCommit();
    },
  });
}
