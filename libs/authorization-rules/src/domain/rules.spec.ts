/**
 * The rules as a table: who, for whom, in which legal domain, what, about whom, when, and the
 * expected decision with the reason (the first rule that failed). The world is described in
 * src/testing/example-world.ts; every date is 2026 unless written in full.
 *
 *   who        a user id; "as X" claims home municipality X (the token's home)
 *   for whom   the municipality acted for (M)
 *   D          PW = PARTICIPATIEWET, IOAW, IOAZ
 *   what       the product/page (P)
 *   about      a BSN of the world, "-" for none yet; "escape:REASON" adds an escape reason
 *   when       the local Europe/Amsterdam date (noon), or "date hh:mm"
 *   expect     PERMIT <route> | ESCAPE <route> | the reason code; route = own | a collaboration
 */
import { amsterdamDay, amsterdamInstant } from './dates';
import { ReadModel } from './read-model';
import { caseloadCheck, decide, ESCAPE_REASONS, RULES } from './rules';
import { BSN, C, exampleWorld, M } from '../testing/example-world';
import type { AccessEvaluationRequest } from './access';

type Row = [who: string, forWhom: keyof typeof M, d: 'PW' | 'IOAW' | 'IOAZ', what: string, about: string, when: string, expect: string];

const TABLE: Row[] = [
  // who                          for whom          D       what           about                                 when               expect
  // -- the base cases
  ['haarlem-worker',              'ZANDVOORT',      'PW',   'brp-persoon', 'ZANDVOORT_CLIENT',                   '03-10',           'PERMIT KENNEMERLAND'],
  ['haarlem-worker',              'HAARLEM',        'PW',   'brp-persoon', 'HAARLEM_CLIENT',                     '03-10',           'PERMIT own'],
  ['haarlem-worker',              'HAARLEM',        'IOAZ', 'uwv-inkomen', '-',                                  '03-10',           'PERMIT own'],
  // -- 1-4: who
  ['nobody',                      'ZANDVOORT',      'PW',   'brp-persoon', 'ZANDVOORT_CLIENT',                   '03-10',           'USER_UNKNOWN'],
  ['haarlem-leaver',              'ZANDVOORT',      'PW',   'brp-persoon', 'ZANDVOORT_CLIENT',                   '03-10',           'USER_DEACTIVATED'],
  ['haarlem-admin',               'ZANDVOORT',      'PW',   'brp-persoon', 'ZANDVOORT_CLIENT',                   '03-10',           'NOT_A_WORKER'],
  ['haarlem-admin',               'BEEK',           'PW',   'brp-persoon', 'STRANGER',                           '03-10',           'NOT_A_WORKER'],
  ['haarlem-worker as ZANDVOORT', 'ZANDVOORT',      'PW',   'brp-persoon', 'ZANDVOORT_CLIENT',                   '03-10',           'HOME_MUNICIPALITY_MISMATCH'],
  // -- 5-6: for whom
  ['haarlem-worker',              'UNREGISTERED',   'PW',   'brp-persoon', '-',                                  '03-10',           'MUNICIPALITY_UNKNOWN'],
  ['haarlem-worker',              'OLDTOWN',        'PW',   'brp-persoon', '-',                                  '2025-12-31',      'NOT_IN_COLLABORATION'],
  ['haarlem-worker',              'OLDTOWN',        'PW',   'brp-persoon', '-',                                  '2026-01-01',      'MUNICIPALITY_UNKNOWN'],
  ['haarlem-worker',              'BEEK',           'PW',   'brp-persoon', 'BEEK_CLIENT',                        '03-10',           'NOT_IN_COLLABORATION'],
  // -- 7: legal form
  ['haarlem-worker',              'AMSTERDAM',      'PW',   'brp-persoon', '-',                                  '03-10',           'COLLABORATION_NOT_ELIGIBLE'],
  // -- 8: not (yet) activated; Mijnstreek from 02-01
  ['haarlem-worker',              'HEEMSKERK',      'PW',   'brp-persoon', '-',                                  '03-10',           'COLLABORATION_NOT_ACTIVE'],
  ['sittard-worker',              'BEEK',           'PW',   'brp-persoon', 'BEEK_CLIENT',                        '01-31',           'COLLABORATION_NOT_ACTIVE'],
  ['sittard-worker',              'BEEK',           'PW',   'brp-persoon', 'BEEK_CLIENT',                        '02-01',           'PERMIT MIJNSTREEK'],
  ['sittard-worker',              'BEEK',           'PW',   'brp-persoon', 'BEEK_CLIENT',                        '02-02',           'PERMIT MIJNSTREEK'],
  // -- 9: terminated from 12-01; the own municipality is not affected
  ['sittard-worker',              'BEEK',           'PW',   'brp-persoon', 'BEEK_CLIENT',                        '11-30',           'PERMIT MIJNSTREEK'],
  ['sittard-worker',              'BEEK',           'PW',   'brp-persoon', 'BEEK_CLIENT',                        '12-01',           'COLLABORATION_TERMINATED'],
  ['sittard-worker',              'BEEK',           'PW',   'brp-persoon', 'BEEK_CLIENT',                        '12-02',           'COLLABORATION_TERMINATED'],
  ['sittard-worker',              'SITTARD_GELEEN', 'PW',   'brp-persoon', '-',                                  '12-02',           'PERMIT own'],
  // -- 10: the worker's home left Kennemerland from 06-01
  ['heemstede-worker',            'ZANDVOORT',      'PW',   'brp-persoon', 'ZANDVOORT_CLIENT',                   '05-31',           'PERMIT KENNEMERLAND'],
  ['heemstede-worker',            'ZANDVOORT',      'PW',   'brp-persoon', 'ZANDVOORT_CLIENT',                   '06-01',           'HOME_NOT_MEMBER'],
  ['heemstede-worker',            'ZANDVOORT',      'PW',   'brp-persoon', 'ZANDVOORT_CLIENT',                   '06-02',           'HOME_NOT_MEMBER'],
  // -- 11: Heemstede left from 06-01 (also at midnight), Bloemendaal joined from 07-01, Stein joined Mijnstreek from 03-01
  ['haarlem-worker',              'HEEMSTEDE',      'PW',   'brp-persoon', 'HEEMSTEDE_CLIENT',                   '05-31',           'PERMIT KENNEMERLAND'],
  ['haarlem-worker',              'HEEMSTEDE',      'PW',   'brp-persoon', 'HEEMSTEDE_CLIENT',                   '05-31 23:59',     'PERMIT KENNEMERLAND'],
  ['haarlem-worker',              'HEEMSTEDE',      'PW',   'brp-persoon', 'HEEMSTEDE_CLIENT',                   '06-01 00:00',     'MUNICIPALITY_NOT_MEMBER'],
  ['haarlem-worker',              'HEEMSTEDE',      'PW',   'brp-persoon', 'HEEMSTEDE_CLIENT',                   '06-01',           'MUNICIPALITY_NOT_MEMBER'],
  ['haarlem-worker',              'HEEMSTEDE',      'PW',   'brp-persoon', 'HEEMSTEDE_CLIENT',                   '06-02',           'MUNICIPALITY_NOT_MEMBER'],
  ['haarlem-worker',              'BLOEMENDAAL',    'PW',   'brp-persoon', 'ZANDVOORT_CLIENT',                   '06-30',           'MUNICIPALITY_NOT_MEMBER'],
  ['haarlem-worker',              'BLOEMENDAAL',    'PW',   'brp-persoon', 'ZANDVOORT_CLIENT',                   '07-01',           'PERMIT KENNEMERLAND'],
  ['haarlem-worker',              'BLOEMENDAAL',    'PW',   'brp-persoon', 'ZANDVOORT_CLIENT',                   '07-02',           'PERMIT KENNEMERLAND'],
  ['sittard-worker',              'STEIN',          'PW',   'brp-persoon', '-',                                  '02-28',           'MUNICIPALITY_NOT_MEMBER'],
  ['sittard-worker',              'STEIN',          'PW',   'brp-persoon', '-',                                  '03-01',           'PERMIT MIJNSTREEK'],
  ['sittard-worker',              'STEIN',          'PW',   'brp-persoon', '-',                                  '03-02',           'PERMIT MIJNSTREEK'],
  // -- 12: Velsen's application was never approved; the own municipality is not affected
  ['velsen-worker',               'BEVERWIJK',      'PW',   'brp-persoon', '-',                                  '03-10',           'APPLICATION_NOT_APPROVED'],
  ['velsen-worker',               'VELSEN',         'PW',   'brp-persoon', '-',                                  '03-10',           'PERMIT own'],
  // -- 13: Kennemerland covers IOAZ from 09-01
  ['haarlem-worker',              'ZANDVOORT',      'IOAZ', 'brp-persoon', 'ZANDVOORT_CLIENT',                   '08-31',           'LEGAL_DOMAIN_NOT_COVERED'],
  ['haarlem-worker',              'ZANDVOORT',      'IOAZ', 'brp-persoon', 'ZANDVOORT_CLIENT',                   '09-01',           'PERMIT KENNEMERLAND'],
  ['haarlem-worker',              'ZANDVOORT',      'IOAZ', 'brp-persoon', 'ZANDVOORT_CLIENT',                   '09-02',           'PERMIT KENNEMERLAND'],
  ['sittard-worker',              'BEEK',           'IOAW', 'brp-persoon', 'BEEK_CLIENT',                        '03-10',           'LEGAL_DOMAIN_NOT_COVERED'],
  // -- 14: doelbinding, checked before the whitelist
  ['haarlem-escaper',             'ZANDVOORT',      'PW',   'uwv-inkomen', 'ZANDVOORT_CLIENT',                   '03-10',           'PRODUCT_NOT_PERMITTED'],
  ['haarlem-escaper',             'ZANDVOORT',      'PW',   'uwv-inkomen', 'STRANGER escape:NEW_APPLICATION',    '03-10',           'PRODUCT_NOT_PERMITTED'],
  // -- 15: the merged whitelist on the day; the escape right with a reason from the escape list
  ['haarlem-worker',              'ZANDVOORT',      'PW',   'brp-persoon', 'STRANGER',                           '03-10',           'NOT_ON_WHITELIST'],
  ['haarlem-worker',              'ZANDVOORT',      'PW',   'brp-persoon', 'STRANGER escape:NEW_APPLICATION',    '03-10',           'NOT_ON_WHITELIST'],
  ['haarlem-escaper',             'ZANDVOORT',      'PW',   'brp-persoon', 'STRANGER escape:NEW_APPLICATION',    '03-10',           'ESCAPE KENNEMERLAND'],
  ['haarlem-escaper',             'ZANDVOORT',      'PW',   'brp-persoon', 'STRANGER escape:BORED',              '03-10',           'NOT_ON_WHITELIST'],
  ['haarlem-escaper',             'ZANDVOORT',      'PW',   'brp-persoon', 'STRANGER',                           '03-10',           'NOT_ON_WHITELIST'],
  ['haarlem-escaper',             'ZANDVOORT',      'PW',   'brp-persoon', 'ZANDVOORT_CLIENT escape:ENFORCEMENT', '03-10',          'PERMIT KENNEMERLAND'],
  ['haarlem-worker',              'ZANDVOORT',      'PW',   'brp-persoon', 'HAARLEM_CLIENT',                     '03-10',           'PERMIT KENNEMERLAND'],
  ['haarlem-worker',              'HAARLEM',        'PW',   'brp-persoon', 'ZANDVOORT_CLIENT',                   '03-10',           'NOT_ON_WHITELIST'],
  ['haarlem-worker',              'ZANDVOORT',      'PW',   'brp-persoon', 'LATE_CLIENT',                        '04-14',           'NOT_ON_WHITELIST'],
  ['haarlem-worker',              'ZANDVOORT',      'PW',   'brp-persoon', 'LATE_CLIENT',                        '04-15',           'PERMIT KENNEMERLAND'],
  ['haarlem-worker',              'ZANDVOORT',      'PW',   'brp-persoon', 'LATE_CLIENT',                        '04-16',           'PERMIT KENNEMERLAND'],
  ['haarlem-worker',              'ZANDVOORT',      'PW',   'brp-persoon', 'GONE_CLIENT',                        '04-30',           'PERMIT KENNEMERLAND'],
  ['haarlem-worker',              'ZANDVOORT',      'PW',   'brp-persoon', 'GONE_CLIENT',                        '05-01',           'NOT_ON_WHITELIST'],
  ['haarlem-worker',              'ZANDVOORT',      'PW',   'brp-persoon', 'GONE_CLIENT',                        '05-02',           'NOT_ON_WHITELIST'],
  ['haarlem-worker',              'ZANDVOORT',      'PW',   'brp-persoon', 'HEEMSTEDE_CLIENT',                   '05-31',           'PERMIT KENNEMERLAND'],
  ['haarlem-worker',              'ZANDVOORT',      'PW',   'brp-persoon', 'HEEMSTEDE_CLIENT',                   '06-01',           'NOT_ON_WHITELIST'],
  ['haarlem-worker',              'ZANDVOORT',      'PW',   'brp-persoon', 'HEEMSTEDE_CLIENT',                   '06-02',           'NOT_ON_WHITELIST'],
];

const DOMAINS = { PW: 'PARTICIPATIEWET', IOAW: 'IOAW', IOAZ: 'IOAZ' } as const;
const HOMES: Record<string, keyof typeof M> = {
  'haarlem-worker': 'HAARLEM', 'haarlem-escaper': 'HAARLEM', 'haarlem-admin': 'HAARLEM', 'haarlem-leaver': 'HAARLEM', nobody: 'HAARLEM',
  'heemstede-worker': 'HEEMSTEDE', 'sittard-worker': 'SITTARD_GELEEN', 'velsen-worker': 'VELSEN',
};

const world = exampleWorld();
const model = new ReadModel();
for (const e of world.events) model.apply(e);

function requestOf([who, forWhom, d, what, about]: Row): AccessEvaluationRequest {
  const [user, , claimedHome] = who.split(' ');
  const [person, escape] = about.split(' escape:');
  return {
    subject: { type: 'user', id: user, properties: { homeMunicipalityId: M[(claimedHome as keyof typeof M) ?? HOMES[user]] } },
    action: { name: what },
    resource: { type: 'person', id: person === '-' ? null : BSN[person as keyof typeof BSN] },
    context: { actingForMunicipalityId: M[forWhom], legalDomain: DOMAINS[d], escapeReason: escape ?? null },
  };
}

const instantOf = (when: string): number => {
  const [date, time] = when.split(' ');
  return amsterdamInstant(date.length === 5 ? `2026-${date}` : date, time);
};

describe('the authorization rules, as a table', () => {
  it.each(TABLE)('%s for %s (%s, %s) about %s on %s: %s', (...row) => {
    const [, , , , , when, expected] = row;
    const request = requestOf(row);
    const { decision, context } = decide(model, request, amsterdamDay(instantOf(when)));
    const [outcome, route] = expected.split(' ');
    if (outcome === 'PERMIT' || outcome === 'ESCAPE') {
      expect({ decision, reason: context.reason_code, admin: context.reason_admin }).toEqual({ decision: true, reason: null, admin: null });
      expect(context.escape).toBe(outcome === 'ESCAPE');
      expect(context.collaborationId).toBe(route === 'own' ? null : C[route as keyof typeof C]);
    } else {
      expect({ decision, reason: context.reason_code }).toEqual({ decision: false, reason: outcome });
      const rule = RULES.find((r) => r.code === outcome)!;
      expect(context.reason_user).toBe(rule.worker);
      expect(context.reason_admin).not.toMatch(/\{\w+\}/); // every placeholder filled
      if (request.resource.id) expect(context.reason_admin).not.toContain(request.resource.id); // never a BSN
      expect(context.escape).toBe(false);
    }
  });

  it('covers every rule of the table with a deny, and the escape with a permit', () => {
    const expected = new Set(TABLE.map((r) => r[6].split(' ')[0]));
    for (const rule of RULES) expect(expected).toContain(rule.code);
    expect(expected).toContain('ESCAPE');
  });

  it('is one readable table: unique codes in order, a sentence for the worker and for the administrator', () => {
    expect(RULES.map((r) => r.order)).toEqual(RULES.map((_, i) => i + 1));
    expect(new Set(RULES.map((r) => r.code)).size).toBe(RULES.length);
    for (const r of RULES) expect([r.condition, r.worker, r.admin].every((s) => s.length > 10)).toBe(true);
    expect(Object.keys(ESCAPE_REASONS).length).toBeGreaterThan(0);
  });
});

describe("whose client: the caseload behind a permit through a collaboration", () => {
  const day = (d: string) => amsterdamDay(instantOf(d));
  const check = (forWhom: keyof typeof M, person: keyof typeof BSN, d: string, collaborationId: string | null = C.KENNEMERLAND) =>
    caseloadCheck(model, { collaborationId, actingForMunicipalityId: M[forWhom], bsn: BSN[person] }, day(d));

  it("names the member whose client it is when the chosen municipality's caseload does not hold the citizen", () => {
    // A Haarlem worker acting for Zandvoort through Kennemerland with Haarlem's client: permitted by
    // the merged whitelist, but the citizen is Haarlem's.
    const request: AccessEvaluationRequest = { subject: { type: 'user', id: 'haarlem-worker', properties: { homeMunicipalityId: M.HAARLEM } }, action: { name: 'brp-persoon' }, resource: { type: 'person', id: BSN.HAARLEM_CLIENT }, context: { actingForMunicipalityId: M.ZANDVOORT, legalDomain: 'PARTICIPATIEWET' } };
    const decision = decide(model, request, amsterdamDay(instantOf('03-10')));
    expect(decision.decision).toBe(true);
    const r = caseloadCheck(model, { collaborationId: decision.context.collaborationId, actingForMunicipalityId: M.ZANDVOORT, bsn: BSN.HAARLEM_CLIENT }, day('03-10'))!;
    expect(r.actingForHolds).toBe(false);
    expect(r.heldBy.map((o) => o.id)).toEqual([M.HAARLEM]);
    expect(r.heldBy[0]).toMatchObject({ cbsCode: 'GM0392' });
  });

  it('says nothing more when the chosen municipality holds the citizen', () => {
    expect(check('ZANDVOORT', 'ZANDVOORT_CLIENT', '03-10')).toEqual({ actingForHolds: true, heldBy: [] });
  });

  it('follows the caseloads and memberships on the day', () => {
    // Heemstede's client, Heemstede a member until 06-01: named before, not after.
    expect(check('ZANDVOORT', 'HEEMSTEDE_CLIENT', '05-31')!.heldBy.map((o) => o.id)).toEqual([M.HEEMSTEDE]);
    expect(check('ZANDVOORT', 'HEEMSTEDE_CLIENT', '06-01')).toEqual({ actingForHolds: false, heldBy: [] });
    // Removed from Zandvoort's list from 05-01.
    expect(check('ZANDVOORT', 'GONE_CLIENT', '04-30')!.actingForHolds).toBe(true);
    expect(check('ZANDVOORT', 'GONE_CLIENT', '05-01')!.actingForHolds).toBe(false);
  });

  it('has nothing to say without a person or for the own municipality', () => {
    expect(caseloadCheck(model, { collaborationId: C.KENNEMERLAND, actingForMunicipalityId: M.ZANDVOORT, bsn: null }, day('03-10'))).toBeNull();
    expect(check('HAARLEM', 'HAARLEM_CLIENT', '03-10', null)).toBeNull();
  });
});
