import { aclsFor, CatalogueError, describeAcl } from './acl';
import { ACCOUNT_CHANGES_GROUPS, attributedQueries, catalogue, caseloadTopicFor, ConsumerGroups, sessions, users, whitelist } from './catalogue';
import { SERVICE_PRINCIPALS } from './parties';
import { allPrincipals } from './parties';
import type { TopicSpec } from './topic';

const acls = aclsFor(catalogue, allPrincipals());
const lines = acls.map(describeAcl);
const allowed = (principal: string, op: string, topic: string) => acls.some((a) => a.principal === principal && a.operation === op && a.resourceType === 'TOPIC' && a.resourceName === topic);

describe('ACLs generated from the topic catalogue', () => {
  it('give every topic exactly its declared writers (the dead-letter topic: every consumer)', () => {
    for (const t of catalogue) {
      const writers = acls.filter((a) => a.resourceName === t.name && a.operation === 'WRITE').map((a) => a.principal);
      if (t.producer === 'any-consumer') expect(writers.length).toBeGreaterThan(1);
      else expect(writers.sort()).toEqual(typeof t.producer === 'string' ? [t.producer] : [...t.producer].sort());
    }
  });

  it('let reporting read attributed queries but never write them', () => {
    expect(allowed('supplier-reporting', 'READ', attributedQueries.name)).toBe(true);
    expect(allowed('supplier-reporting', 'WRITE', attributedQueries.name)).toBe(false);
    expect(allowed('query-proxy', 'WRITE', attributedQueries.name)).toBe(true);
  });

  it('let a supplier read its own feed only, and no one but the deciding services read the whitelist', () => {
    const brp = lines.filter((l) => l.startsWith('supplier-brp:'));
    expect(brp).toEqual(['supplier-brp: READ group supplier-brp.*', 'supplier-brp: READ topic inkijk.reporting.supplier-usage.brp.v1']);
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
