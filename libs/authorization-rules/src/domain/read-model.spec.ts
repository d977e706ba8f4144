/**
 * The read model: replays and duplicates change nothing, events that cannot be applied change
 * nothing, the keuzelijst is exactly the set of municipalities the rules allow, and the compact
 * stores (dates, event ids, whitelists) answer like their plain counterparts.
 */
import { randomUUID } from 'node:crypto';
import type { AccessEvaluationRequest } from './access';
import { LEGAL_DOMAINS } from './access';
import { amsterdamDay, amsterdamInstant, dayOf, InvalidDateError, isoOf } from './dates';
import { EventIdSet } from './event-id-set';
import { ReadModel, RegistrationEvent, UnapplicableEventError } from './read-model';
import { decide, keuzelijst } from './rules';
import { BSN, C, exampleWorld, M } from '../testing/example-world';
import { RegistrationStory } from '../testing/registration-story';
import { MunicipalWhitelist } from './whitelist';

const world = exampleWorld();
const modelOf = (events: RegistrationEvent[]) => {
  const m = new ReadModel();
  for (const e of events) m.apply(e);
  return m;
};

/** Every combination of user, municipality, domain, product, person and a few days. */
function probes(): Array<{ request: AccessEvaluationRequest; at: number }> {
  const users = ['haarlem-worker', 'haarlem-escaper', 'heemstede-worker', 'sittard-worker', 'velsen-worker', 'haarlem-leaver', 'nobody'];
  const homes: Record<string, string> = { 'heemstede-worker': M.HEEMSTEDE, 'sittard-worker': M.SITTARD_GELEEN, 'velsen-worker': M.VELSEN };
  const days = ['2026-01-31', '2026-03-01', '2026-05-31', '2026-06-01', '2026-07-01', '2026-09-01', '2026-12-01'];
  const out: Array<{ request: AccessEvaluationRequest; at: number }> = [];
  for (const user of users) for (const m of Object.values(M)) for (const d of ['PARTICIPATIEWET', 'IOAZ']) for (const day of days)
    for (const bsn of [null, BSN.ZANDVOORT_CLIENT, BSN.STRANGER]) {
      out.push({
        at: amsterdamInstant(day),
        request: {
          subject: { type: 'user', id: user, properties: { homeMunicipalityId: homes[user] ?? M.HAARLEM } },
          action: { name: 'brp-persoon' },
          resource: { type: 'person', id: bsn },
          context: { actingForMunicipalityId: m, legalDomain: d, escapeReason: bsn === BSN.STRANGER ? 'NEW_APPLICATION' : null },
        },
      });
    }
  return out;
}
const decisionsOf = (m: ReadModel) => probes().map((p) => decide(m, p.request, amsterdamDay(p.at)));

describe('replays and duplicates', () => {
  const once = modelOf(world.events);

  it('gives the same decisions when every event is applied twice (duplicates are ignored by event id)', () => {
    const twice = new ReadModel();
    for (const e of world.events) expect(twice.apply(e)).toBe('applied');
    for (const e of world.events) expect(twice.apply(e)).toBe('duplicate');
    expect(decisionsOf(twice)).toEqual(decisionsOf(once));
    expect(twice.stats()).toMatchObject({ eventsApplied: world.events.length, duplicates: world.events.length });
  });

  it('gives the same decisions whatever the interleaving of the four topics (each topic in its own order)', () => {
    const { organisations, collaborations, users, whitelist } = world;
    const interleaved = [...whitelist, ...users, ...collaborations, ...organisations];
    expect(decisionsOf(modelOf(interleaved))).toEqual(decisionsOf(once));
  });

  it('ignores a duplicate that arrives after later changes (an outbox relay publishing twice)', () => {
    const s = new RegistrationStory();
    const z = s.municipality('GM0473', 'Zandvoort');
    s.whitelisted(z, BSN.ZANDVOORT_CLIENT, '2026-01-01').whitelisted(z, BSN.ZANDVOORT_CLIENT, '2026-01-01', 'REMOVED');
    const m = modelOf(s.events);
    expect(m.apply(s.whitelist[0])).toBe('duplicate');
    expect(m.onWhitelist([z], BSN.ZANDVOORT_CLIENT, dayOf('2026-02-01'))).toBe(false);
  });
});

describe('events that cannot be applied are refused and change nothing', () => {
  it('refuses a change to a collaboration that was never registered, a user never created, a BSN of the wrong length', () => {
    const m = modelOf(world.events);
    const before = decisionsOf(m);
    const s = new RegistrationStory();
    s.user('ghost', { home: M.HAARLEM });
    const roles = { ...s.users[0], eventId: randomUUID(), change: { 'nl.inkijk.registration.UserRolesChanged': { roles: ['WORKER' as const], permittedProducts: [], escapeRight: true } } };
    const orphan = { ...world.collaborations[1], eventId: randomUUID(), collaborationId: 'c011ab00-0000-4000-8000-000000000099' };
    const badBsn = { ...world.whitelist[0], eventId: randomUUID(), bsn: '12345' };
    const badDate = { ...world.whitelist[0], eventId: randomUUID(), effectiveDate: '2026-02-30' };
    for (const e of [roles, orphan, badBsn, badDate]) expect(() => m.apply(e)).toThrow(UnapplicableEventError);
    expect(decisionsOf(m)).toEqual(before);
    expect(m.stats().eventsApplied).toBe(world.events.length);
  });

  it('refuses a second, different event with a sequence number already applied', () => {
    const m = modelOf(world.events);
    const replay = { ...world.collaborations[2], eventId: randomUUID(), change: { 'nl.inkijk.registration.CollaborationTerminated': { effectiveTo: '2026-01-02', reason: 'x' } } };
    expect(() => m.apply(replay)).toThrow(/sequence/);
    expect(m.collaboration(C.KENNEMERLAND)!.terminatedFrom).toBeGreaterThan(dayOf('2100-01-01'));
  });
});

describe('the keuzelijst (drop-down list)', () => {
  const m = modelOf(world.events);

  it('lists the own municipality first, then the members of active collaborations, with their legal domains', () => {
    const list = keuzelijst(m, 'haarlem-worker', amsterdamDay(amsterdamInstant('2026-03-10')));
    expect(list.map((e) => [e.name, e.cbsCode, e.legalDomains.join('+'), e.via.map((v) => v.name).join()])).toEqual([
      ['Haarlem', 'GM0392', 'PARTICIPATIEWET+IOAW+IOAZ', ''],
      ['Heemstede', 'GM0397', 'PARTICIPATIEWET+IOAW', 'Sociaal Domein Kennemerland'],
      ['Zandvoort', 'GM0473', 'PARTICIPATIEWET+IOAW', 'Sociaal Domein Kennemerland'],
    ]);
    expect(list[0]).toMatchObject({ own: true, oin: '00000099000000000392' });
  });

  it('follows the dates: Heemstede leaves on 06-01, Bloemendaal joins on 07-01; nothing for a non-worker', () => {
    const names = (date: string) => keuzelijst(m, 'haarlem-worker', amsterdamDay(amsterdamInstant(date))).map((e) => e.name);
    expect(names('2026-05-31')).toEqual(['Haarlem', 'Heemstede', 'Zandvoort']);
    expect(names('2026-06-01')).toEqual(['Haarlem', 'Zandvoort']);
    expect(names('2026-07-01')).toEqual(['Haarlem', 'Bloemendaal', 'Zandvoort']);
    expect(keuzelijst(m, 'haarlem-admin', amsterdamDay(amsterdamInstant('2026-03-10')))).toEqual([]);
    expect(keuzelijst(m, 'sittard-worker', amsterdamDay(amsterdamInstant('2026-12-01'))).map((e) => e.name)).toEqual(['Sittard-Geleen']);
  });

  it('is exactly the set of municipalities and domains for which a query without a person is permitted', () => {
    for (const user of ['haarlem-worker', 'heemstede-worker', 'sittard-worker', 'velsen-worker']) {
      for (const day of ['2026-01-31', '2026-02-01', '2026-05-31', '2026-06-01', '2026-07-01', '2026-09-01', '2026-12-01']) {
        const at = amsterdamInstant(day);
        const listed = new Set(keuzelijst(m, user, amsterdamDay(at)).flatMap((e) => e.legalDomains.map((d) => `${e.id}/${d}`)));
        const home = m.user(user)!.homeMunicipalityId;
        for (const mun of Object.values(M)) for (const d of LEGAL_DOMAINS) {
          const { decision } = decide(m, { subject: { type: 'user', id: user, properties: { homeMunicipalityId: home } }, action: { name: 'brp-persoon' }, resource: { type: 'person' }, context: { actingForMunicipalityId: mun, legalDomain: d } }, amsterdamDay(at));
          expect([`${user} ${day} ${mun}/${d}`, decision]).toEqual([`${user} ${day} ${mun}/${d}`, listed.has(`${mun}/${d}`)]);
        }
      }
    }
  });
});

describe('the operator (BKWI) and four eyes', () => {
  const BKWI = '0b000000-0000-4000-8000-000000000001';
  const story = () => {
    const s = new RegistrationStory();
    const haarlem = s.municipality('GM0392', 'Haarlem');
    s.operator(BKWI);
    s.user('officer', { home: BKWI, roles: ['SECURITY_OFFICER'] });
    s.user('mira', { home: haarlem, products: ['brp-persoon'] });
    s.whitelisted(haarlem, BSN.ZANDVOORT_CLIENT, '2020-01-01');
    return { s, haarlem };
  };
  const at = amsterdamInstant('2026-03-10');
  const ask = (m: ReadModel, user: string, home: string, actingFor: string, escapeReason: string | null = null) =>
    decide(m, { subject: { type: 'user', id: user, properties: { homeMunicipalityId: home } }, action: { name: 'brp-persoon' }, resource: { type: 'person', id: BSN.STRANGER }, context: { actingForMunicipalityId: actingFor, legalDomain: 'PARTICIPATIEWET', escapeReason } }, amsterdamDay(at)).context.reason_code;

  it('never lists the operator in a keuzelijst, lets nobody act for it, and its security officer does not query', () => {
    const { s, haarlem } = story();
    const m = modelOf(s.events);
    expect(keuzelijst(m, 'mira', amsterdamDay(at)).map((e) => e.name)).toEqual(['Haarlem']);
    expect(keuzelijst(m, 'officer', amsterdamDay(at))).toEqual([]);
    expect(ask(m, 'mira', haarlem, BKWI)).toBe('MUNICIPALITY_UNKNOWN');
    expect(ask(m, 'officer', BKWI, BKWI)).toBe('NOT_A_WORKER');
    expect(ask(m, 'officer', BKWI, haarlem)).toBe('NOT_A_WORKER');
  });

  it('gives the escape right only when the grant is approved and carried out, not when it is asked', () => {
    const { s, haarlem } = story();
    s.grant('mira', { products: ['brp-persoon'], escapeRight: true }, 'beheer-1');
    const asked = modelOf(s.events);
    expect(ask(asked, 'mira', haarlem, haarlem, 'NEW_APPLICATION')).toBe('NOT_ON_WHITELIST');
    s.grant('mira', { products: ['brp-persoon'], escapeRight: true }, 'beheer-1', 'beheer-2');
    const approved = modelOf(s.events);
    expect(ask(approved, 'mira', haarlem, haarlem, 'NEW_APPLICATION')).toBeNull();
    expect(approved.stats().eventsApplied).toBe(s.events.length);
  });
});

describe('calendar days in Europe/Amsterdam', () => {
  it('agrees with the time-zone database on every hour of 2025-2027', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2028, 0, 1); t += 3_600_000 - 1) {
      expect(isoOf(amsterdamDay(t))).toBe(fmt.format(t));
    }
  });

  it('reads ISO dates and refuses others', () => {
    expect(isoOf(dayOf('2026-06-01'))).toBe('2026-06-01');
    expect(() => dayOf('2026-02-30')).toThrow(InvalidDateError);
    expect(() => dayOf('1-6-2026')).toThrow(InvalidDateError);
  });
});

describe('compact stores', () => {
  it('EventIdSet: knows what it holds, also after growing, for UUIDs and other ids', () => {
    const set = new EventIdSet(16);
    const ids = Array.from({ length: 5000 }, () => randomUUID());
    for (const id of ids) expect(set.add(id)).toBe(true);
    for (const id of ids) expect(set.add(id.toUpperCase())).toBe(false); // a UUID is its value, whatever its case
    expect(set.add('not-a-uuid')).toBe(true);
    expect(set.add('not-a-uuid')).toBe(false);
    expect(ids.every((id) => set.has(id))).toBe(true);
    expect(set.has(randomUUID())).toBe(false);
    expect(set.size).toBe(5001);
  });

  it('MunicipalWhitelist: the newest change effective on the day counts; the later of two on one day wins', () => {
    const w = new MunicipalWhitelist();
    w.change(111222333, 'ADDED', 10);
    w.change(111222333, 'REMOVED', 20);
    w.change(111222333, 'ADDED', 30);
    w.change(111222333, 'REMOVED', 30);
    w.change(999888777, 'REMOVED', 5);
    expect([9, 10, 19, 20, 29, 30, 31].map((d) => w.contains(111222333, d))).toEqual([false, true, true, false, false, false, false]);
    expect(w.contains(999888777, 6)).toBe(false);
    w.change(111222333, 'ADDED', 25); // arrives late, effective in between
    expect([24, 25, 29, 30].map((d) => w.contains(111222333, d))).toEqual([false, true, true, false]);
  });
});
