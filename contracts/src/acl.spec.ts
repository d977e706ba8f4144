import { aclsFor, CatalogueError, describeAcl, FOLLOWER_GROUPS, lagGroups } from './acl';
import { ACCOUNT_CHANGES_GROUPS, attributedQueries, catalogue, caseloadTopicFor, caseloadTopics, ConsumerGroups, deadLetters, decisions, sessions, users, whitelist } from './catalogue';
import { isReplayable, REPLAY_PRINCIPAL } from './replay';
import { SERVICE_PRINCIPALS } from './parties';
import { allPrincipals } from './parties';
import type { TopicSpec } from './topic';

const acls = aclsFor(catalogue, allPrincipals());
const lines = acls.map(describeAcl);
const allowed = (principal: string, op: string, topic: string) => acls.some((a) => a.principal === principal && a.operation === op && a.resourceType === 'TOPIC' && a.resourceName === topic);

describe('ACLs generated from the topic catalogue', () => {
  it('give every topic exactly its declared writers (the dead-letter topic: every consumer), and the replaying principal the replayable ones', () => {
    for (const t of catalogue) {
      const writers = acls.filter((a) => a.resourceName === t.name && a.operation === 'WRITE').map((a) => a.principal);
      const declared = t.producer === 'any-consumer' ? [] : typeof t.producer === 'string' ? [t.producer] : [...t.producer];
      if (t.producer === 'any-consumer') expect(writers.length).toBeGreaterThan(1);
      else expect(writers.sort()).toEqual([...new Set([...declared, ...(isReplayable(t) ? [REPLAY_PRINCIPAL] : [])])].sort());
    }
  });

  it('let the operations service read the dead letters and replay exactly the topics whose every group keeps an inbox, in its one transaction', () => {
    // Which topics are replayable follows the classification of their groups (replay.ts; a unit test
    // of the platform fails for a group without one); the caseload topics and the decision log always are.
    const replayable = catalogue.filter(isReplayable).map((t) => t.name);
    expect(replayable).toEqual(expect.arrayContaining([...caseloadTopics.map((t) => t.name), decisions.name]));
    for (const t of [users, sessions, whitelist, deadLetters]) expect(replayable).not.toContain(t.name);
    const expected = [
      'operations: IDEMPOTENT_WRITE cluster',
      'operations: READ group operations.*',
      'operations: READ group operations.dead-letters-*',
      'operations: DELETE group operations.dead-letters-*',
      `operations: READ topic ${deadLetters.name}`,
      `operations: WRITE topic ${deadLetters.name}`,
      `operations: READ topic ${users.name}`,
      `operations: READ topic ${sessions.name}`,
      ...replayable.flatMap((n) => [`operations: READ topic ${n}`, `operations: WRITE topic ${n}`]),
      'operations: WRITE transactional-id inkijk-operations.dead-letter-replay',
      // The status page: the lag of every group that commits offsets (DESCRIBE, never READ).
      ...[...new Set(lagGroups(catalogue).map((g) => `operations: DESCRIBE group ${g.group}`))],
      ...[...new Set(lagGroups(catalogue).map((g) => `operations: DESCRIBE topic ${g.topic}`))],
    ];
    expect(lines.filter((l) => l.startsWith('operations:')).sort()).toEqual(expected.sort());
    // Nobody else writes a caseload topic but its own case system; the registration topics stay registration's.
    expect(acls.filter((a) => a.resourceName === caseloadTopicFor('GM0392').name && a.operation === 'WRITE').map((a) => a.principal).sort()).toEqual(['case-system-gm0392', 'operations']);
    for (const t of [users, sessions, whitelist]) expect(allowed('operations', 'WRITE', t.name)).toBe(false);
    expect(acls.filter((a) => a.resourceType === 'TRANSACTIONAL_ID').map((a) => a.principal)).toEqual(['operations']);
  });

  it('let the status page describe the committing groups and their topics, never a follower nor the whitelist', () => {
    const described = acls.filter((a) => a.principal === 'operations' && a.operation === 'DESCRIBE');
    expect(described.map((a) => a.resourceName)).toEqual(expect.arrayContaining([ConsumerGroups.auditLog, ConsumerGroups.reporting, attributedQueries.name]));
    for (const g of [...ACCOUNT_CHANGES_GROUPS, ...FOLLOWER_GROUPS]) expect(described.map((a) => a.resourceName)).not.toContain(g);
    expect(described.map((a) => a.resourceName)).not.toContain(whitelist.name);
    expect(described.every((a) => a.patternType === 'LITERAL')).toBe(true);
    expect(acls.filter((a) => a.operation === 'DESCRIBE').map((a) => a.principal)).toEqual(described.map(() => 'operations'));
    expect(allowed('operations', 'READ', whitelist.name)).toBe(false);
  });

  it('let reporting read attributed queries but never write them', () => {
    expect(allowed('supplier-reporting', 'READ', attributedQueries.name)).toBe(true);
    expect(allowed('supplier-reporting', 'WRITE', attributedQueries.name)).toBe(false);
    expect(allowed('query-proxy', 'WRITE', attributedQueries.name)).toBe(true);
  });

  it('let a supplier read its own feed and protocol lines only, and no one but the deciding services read the whitelist', () => {
    const brp = lines.filter((l) => l.startsWith('supplier-brp:'));
    expect(brp).toEqual(['supplier-brp: READ group supplier-brp.*', 'supplier-brp: READ topic inkijk.reporting.protocol.brp.v1', 'supplier-brp: READ topic inkijk.reporting.supplier-usage.brp.v1']);
    expect(allowed('supplier-uwv', 'READ', 'inkijk.reporting.protocol.brp.v1')).toBe(false);
    const protocolWriters = acls.filter((a) => a.resourceName === 'inkijk.reporting.protocol.brp.v1' && a.operation === 'WRITE').map((a) => a.principal);
    expect(protocolWriters).toEqual(['supplier-reporting']);
    const whitelistReaders = acls.filter((a) => a.resourceName === whitelist.name && a.operation === 'READ').map((a) => a.principal);
    expect(whitelistReaders.sort()).toEqual(['authorization', 'query-proxy']);
  });

  it("let a case system write its own municipality's caseload topic only", () => {
    const haarlem = lines.filter((l) => l.startsWith('case-system-gm0392:'));
    expect(haarlem).toEqual(['case-system-gm0392: IDEMPOTENT_WRITE cluster', 'case-system-gm0392: WRITE topic inkijk.caseload.events-gm0392.v1']);
    expect(allowed('case-system-gm0392', 'WRITE', caseloadTopicFor('GM0473').name)).toBe(false);
    expect(allowed('registration', 'READ', caseloadTopicFor('GM0473').name)).toBe(true);
  });

  it('let the outside verifier read the checkpoints only', () => {
    expect(lines.filter((l) => l.startsWith('audit-verifier:'))).toEqual(['audit-verifier: READ group audit-verifier.*', 'audit-verifier: READ topic inkijk.audit.checkpoints.v1']);
  });

  it('let the berichtenbox read the citizen notifications only, written by the audit log alone', () => {
    expect(lines.filter((l) => l.startsWith('berichtenbox:'))).toEqual(['berichtenbox: READ group berichtenbox.*', 'berichtenbox: READ topic inkijk.audit.citizen-notifications.v1']);
    expect(lines.filter((l) => l.endsWith('WRITE topic inkijk.audit.citizen-notifications.v1'))).toEqual(['audit-log: WRITE topic inkijk.audit.citizen-notifications.v1']);
  });

  it('fail for a topic whose producer or consumer group is not a declared party', () => {
    const base = catalogue[0];
    const noOwner = { ...base, producer: 'nobody' } as TopicSpec<unknown>;
    expect(() => aclsFor([noOwner], allPrincipals())).toThrow(CatalogueError);
    const strangerGroup = { ...base, consumerGroups: ['stranger.reads'] } as TopicSpec<unknown>;
    expect(() => aclsFor([strangerGroup], allPrincipals())).toThrow(/stranger\.reads does not start with a known principal/);
  });

  it('let every service read the users and sessions topics (it follows account changes, ADR 0017), and only registration write them', () => {
    for (const service of SERVICE_PRINCIPALS) {
      expect(allowed(service, 'READ', users.name)).toBe(true);
      expect(allowed(service, 'READ', sessions.name)).toBe(true);
    }
    expect(ACCOUNT_CHANGES_GROUPS.map((g) => g.split('.')[0]).sort()).toEqual([...SERVICE_PRINCIPALS].sort());
    const writers = (topic: string) => acls.filter((a) => a.resourceName === topic && a.operation === 'WRITE').map((a) => a.principal);
    expect(writers(sessions.name)).toEqual(['registration']);
    expect(writers(users.name)).toEqual(['registration']);
    // outside parties learn nothing of accounts or sessions
    expect(acls.filter((a) => a.resourceName === sessions.name && !(SERVICE_PRINCIPALS as readonly string[]).includes(a.principal))).toEqual([]);
  });

  it('name every consumer group after the service that owns it', () => {
    for (const g of Object.values(ConsumerGroups)) expect(allPrincipals().some((p) => g.startsWith(`${p}.`))).toBe(true);
  });
});
