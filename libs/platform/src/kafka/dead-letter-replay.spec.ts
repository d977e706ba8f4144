import { catalogue, ConsumerGroups, topics } from '@inkijk/contracts';
import { deadLetterView, INBOX_GROUPS, NOT_REPLAYABLE_GROUPS, REPLAY_TOLERANT_GROUPS, replayActor, replayRefusal } from './dead-letter-replay';

describe('which parked records may be replayed', () => {
  it('knows every consumer group of the catalogue as either keeping an inbox or not (a new group needs a decision here)', () => {
    const groups = new Set([...Object.values(ConsumerGroups), ...catalogue.flatMap((t) => t.consumerGroups)]);
    const decisions = (g: string) => [INBOX_GROUPS.includes(g), g in NOT_REPLAYABLE_GROUPS, g in REPLAY_TOLERANT_GROUPS].filter(Boolean).length;
    for (const g of groups) expect([g, decisions(g)]).toEqual([g, 1]);
    expect([...INBOX_GROUPS, ...Object.keys(NOT_REPLAYABLE_GROUPS), ...Object.keys(REPLAY_TOLERANT_GROUPS)].filter((g) => !groups.has(g))).toEqual([]);
  });

  const replayable: [Parameters<typeof replayRefusal>[0], string][] = [
    [topics.caseloadTopicFor('GM0392'), ConsumerGroups.registrationCaseload],
    [topics.attributedQueries, ConsumerGroups.auditLog],
    [topics.attributedQueries, ConsumerGroups.reporting],
    [topics.decisions, ConsumerGroups.auditLogDecisions],
    [topics.activity, ConsumerGroups.auditLogActivity],
    [topics.activity, ConsumerGroups.reportingActivity],
  ];
  it.each(replayable.map(([topic, group]) => [topic.name, group, topic] as const))('replays %s for %s: every group of the topic deduplicates through its inbox', (_name, group, topic) => {
    expect(replayRefusal(topic, group)).toBeNull();
  });

  it('refuses a group that does not read the topic', () => {
    expect(replayRefusal(topics.activity, ConsumerGroups.auditLog)).toBe(`audit-log.attributed-queries is no consumer group of inkijk.audit.activity.v1 (its groups: ${topics.activity.consumerGroups.join(', ')})`);
    expect(topics.activity.consumerGroups).toEqual(expect.arrayContaining(['audit-log.activity', 'supplier-reporting.activity']));
  });

  it('refuses topics read into memory from offset 0 (restart instead), compacted topics and requests', () => {
    expect(replayRefusal(topics.users, ConsumerGroups.auditLogAccountChanges)).toMatch(/^inkijk.registration.users.v1 is also read by authorization.read-model, which follows its topics from offset 0 into memory, without an inbox.*restart the service/);
    expect(replayRefusal(topics.organisations, ConsumerGroups.authorizationReadModel)).toMatch(/is compacted/);
    expect(replayRefusal(topics.authorizationEvaluations, ConsumerGroups.authorizationEvaluations)).toMatch(/nobody waiting/);
  });
});

describe('who replays, and what is shown of a dead letter', () => {
  it("records the operator's name with the role OPERATOR, and an officer's account as the token says", () => {
    expect(replayActor({ name: 'operator.jan', organisationId: 'o' })).toEqual({ userId: 'operator.jan', homeOrganisationId: null, roles: ['OPERATOR'] });
    expect(replayActor({ account: { userId: 'u-1', homeOrganisationId: 'bkwi', roles: ['SECURITY_OFFICER'] }, organisationId: 'bkwi' })).toEqual({ userId: 'u-1', homeOrganisationId: 'bkwi', roles: ['SECURITY_OFFICER'] });
  });

  it('shows neither the key nor the value of a parked record, and no BSN from its error', () => {
    const view = deadLetterView({
      offset: '3',
      replayedAs: null,
      letter: {
        deadLetterId: 'd-1', parkedAt: Date.UTC(2026, 11, 6), consumerGroup: ConsumerGroups.registrationCaseload, originTopic: 'inkijk.caseload.events-gm0392.v1', originPartition: 0, originOffset: '7',
        originTimestamp: null, key: Buffer.from('GM0392'), value: Buffer.from('bsn 999990019'), headers: { 'inkijk-replay-of': 'd-0' }, reason: 'PROCESSING_FAILED', error: 'refused 999990019', attempts: 3, traceId: null,
      },
    });
    expect(Object.keys(view)).not.toEqual(expect.arrayContaining(['key']));
    expect(Object.keys(view)).not.toContain('value');
    expect(JSON.stringify(view)).not.toContain('999990019');
    expect(view).toMatchObject({ deadLetterId: 'd-1', parkedAt: '2026-12-06T00:00:00.000Z', replayOf: 'd-0', replayedAs: null });
  });
});
