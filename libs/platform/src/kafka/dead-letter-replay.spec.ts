import { catalogue, ConsumerGroups, topics } from '@inkijk/contracts';
import { INBOX_GROUPS, NOT_REPLAYABLE_GROUPS, REPLAY_TOLERANT_GROUPS, replayRefusal } from './dead-letter-replay';

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
    expect(replayRefusal(topics.activity, ConsumerGroups.auditLog)).toBe('audit-log.attributed-queries is no consumer group of inkijk.audit.activity.v1 (its groups: audit-log.activity, supplier-reporting.activity)');
  });

  it('refuses topics read into memory from offset 0 (restart instead), compacted topics and requests', () => {
    expect(replayRefusal(topics.users, ConsumerGroups.auditLogAccountChanges)).toMatch(/^inkijk.registration.users.v1 is also read by authorization.read-model, which follows its topics from offset 0 into memory, without an inbox.*restart the service/);
    expect(replayRefusal(topics.organisations, ConsumerGroups.authorizationReadModel)).toMatch(/is compacted/);
    expect(replayRefusal(topics.authorizationEvaluations, ConsumerGroups.authorizationEvaluations)).toMatch(/nobody waiting/);
  });
});
