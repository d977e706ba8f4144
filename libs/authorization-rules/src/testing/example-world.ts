/**
 * A small registered world (all in 2026) for the rules table test, the integration tests and
 * the gateway's tests. Dates are effective dates; "to" dates are exclusive.
 *
 * Collaborations
 *   KENNEMERLAND (WGR without public body; Participatiewet + IOAW, IOAZ added from 09-01)
 *     Haarlem, Zandvoort from 01-01; Heemstede 01-01 .. 06-01 (left); Bloemendaal from 07-01.
 *     Every application approved; activated from 01-01.
 *   MIJNSTREEK (service agreement, executed by Sittard-Geleen; Participatiewet)
 *     Sittard-Geleen, Beek from 01-01; Stein from 03-01. All approved.
 *     Activated from 02-01; terminated from 12-01.
 *   IJMOND (WGR without public body; Participatiewet): Velsen, Beverwijk from 01-01,
 *     activated 01-01; Beverwijk's application approved, Velsen's never decided.
 *   METROPOOL (WGR public body: refused for one login): Haarlem, Amsterdam; activated 01-01.
 *   DUINSTREEK (registered, never activated): Haarlem, Heemskerk.
 *
 * Users
 *   haarlem-worker   Haarlem, WORKER, products brp-persoon and uwv-inkomen
 *   haarlem-escaper  Haarlem, WORKER with the escape right, product brp-persoon
 *   haarlem-admin    Haarlem, USER_ADMINISTRATOR only
 *   haarlem-leaver   Haarlem, WORKER, deactivated
 *   heemstede-worker Heemstede, WORKER, brp-persoon
 *   sittard-worker   Sittard-Geleen, WORKER, brp-persoon
 *   velsen-worker    Velsen, WORKER, brp-persoon
 *
 * Whitelists (BSN: municipality, from); every BSN passes the 11-proef
 *   ZANDVOORT_CLIENT 111222333  Zandvoort from 01-01
 *   LATE_CLIENT      123456782  Zandvoort from 04-15
 *   GONE_CLIENT      999990020  Zandvoort from 01-01, removed from 05-01
 *   HAARLEM_CLIENT   999990032  Haarlem from 01-01
 *   HEEMSTEDE_CLIENT 999990044  Heemstede from 01-01
 *   BEEK_CLIENT      999990056  Beek from 01-01
 *   STRANGER         999990068  nowhere
 *   OLDTOWN: a municipality valid until 2026-01-01 (merged away).
 */
import { collaborationIdOf, municipalityId, RegistrationStory } from './registration-story';

const CBS = {
  HAARLEM: 'GM0392', ZANDVOORT: 'GM0473', HEEMSTEDE: 'GM0397', BLOEMENDAAL: 'GM0377', SITTARD_GELEEN: 'GM1883', BEEK: 'GM0888',
  STEIN: 'GM0971', VELSEN: 'GM0453', BEVERWIJK: 'GM0375', AMSTERDAM: 'GM0363', HEEMSKERK: 'GM0396', OLDTOWN: 'GM0001', UNREGISTERED: 'GM9999',
} as const;

/** Municipality ids of the world. */
export const M = Object.fromEntries(Object.entries(CBS).map(([k, cbs]) => [k, municipalityId(cbs)])) as Record<keyof typeof CBS, string>;

export const C = {
  KENNEMERLAND: collaborationIdOf(1),
  MIJNSTREEK: collaborationIdOf(2),
  IJMOND: collaborationIdOf(3),
  METROPOOL: collaborationIdOf(4),
  DUINSTREEK: collaborationIdOf(5),
};

export const BSN = {
  ZANDVOORT_CLIENT: '111222333',
  LATE_CLIENT: '123456782',
  GONE_CLIENT: '999990020',
  HAARLEM_CLIENT: '999990032',
  HEEMSTEDE_CLIENT: '999990044',
  BEEK_CLIENT: '999990056',
  STRANGER: '999990068',
};

export function exampleWorld(): RegistrationStory {
  const s = new RegistrationStory();
  s.municipality(CBS.HAARLEM, 'Haarlem');
  s.municipality(CBS.ZANDVOORT, 'Zandvoort');
  s.municipality(CBS.HEEMSTEDE, 'Heemstede');
  s.municipality(CBS.BLOEMENDAAL, 'Bloemendaal');
  s.municipality(CBS.SITTARD_GELEEN, 'Sittard-Geleen');
  s.municipality(CBS.BEEK, 'Beek');
  s.municipality(CBS.STEIN, 'Stein');
  s.municipality(CBS.VELSEN, 'Velsen');
  s.municipality(CBS.BEVERWIJK, 'Beverwijk');
  s.municipality(CBS.AMSTERDAM, 'Amsterdam');
  s.municipality(CBS.HEEMSKERK, 'Heemskerk');
  s.municipality(CBS.OLDTOWN, 'Oudstad', { from: '2000-01-01', to: '2026-01-01' });

  s.collaboration(C.KENNEMERLAND, {
    name: 'Sociaal Domein Kennemerland', legalDomains: ['PARTICIPATIEWET', 'IOAW'], effectiveFrom: '2026-01-01',
    members: [{ municipalityId: M.HAARLEM, from: '2026-01-01' }, { municipalityId: M.ZANDVOORT, from: '2026-01-01' }, { municipalityId: M.HEEMSTEDE, from: '2026-01-01' }],
  })
    .approve(C.KENNEMERLAND, M.HAARLEM, M.ZANDVOORT, M.HEEMSTEDE)
    .activate(C.KENNEMERLAND, '2026-01-01')
    .leave(C.KENNEMERLAND, M.HEEMSTEDE, '2026-06-01')
    .approve(C.KENNEMERLAND, M.BLOEMENDAAL)
    .join(C.KENNEMERLAND, M.BLOEMENDAAL, '2026-07-01')
    .change(C.KENNEMERLAND, { effectiveFrom: '2026-09-01', legalDomains: ['PARTICIPATIEWET', 'IOAW', 'IOAZ'] });

  s.collaboration(C.MIJNSTREEK, {
    name: 'Westelijke Mijnstreek', legalForm: 'SERVICE_AGREEMENT', legalDomains: ['PARTICIPATIEWET'], effectiveFrom: '2026-01-01',
    executingOrganisationId: M.SITTARD_GELEEN,
    members: [{ municipalityId: M.SITTARD_GELEEN, from: '2026-01-01' }, { municipalityId: M.BEEK, from: '2026-01-01' }],
  })
    .approve(C.MIJNSTREEK, M.SITTARD_GELEEN, M.BEEK, M.STEIN)
    .activate(C.MIJNSTREEK, '2026-02-01')
    .join(C.MIJNSTREEK, M.STEIN, '2026-03-01')
    .terminate(C.MIJNSTREEK, '2026-12-01');

  s.collaboration(C.IJMOND, {
    name: 'IJmond Werkt', legalDomains: ['PARTICIPATIEWET'], effectiveFrom: '2026-01-01',
    members: [{ municipalityId: M.VELSEN, from: '2026-01-01' }, { municipalityId: M.BEVERWIJK, from: '2026-01-01' }],
  })
    .approve(C.IJMOND, M.BEVERWIJK)
    .activate(C.IJMOND, '2026-01-01');

  s.collaboration(C.METROPOOL, {
    name: 'Openbaar Lichaam Metropool', legalForm: 'WGR_PUBLIC_BODY', legalDomains: ['PARTICIPATIEWET'], effectiveFrom: '2026-01-01',
    members: [{ municipalityId: M.HAARLEM, from: '2026-01-01' }, { municipalityId: M.AMSTERDAM, from: '2026-01-01' }],
  })
    .approve(C.METROPOOL, M.HAARLEM, M.AMSTERDAM)
    .activate(C.METROPOOL, '2026-01-01');

  s.collaboration(C.DUINSTREEK, {
    name: 'Duinstreek', legalDomains: ['PARTICIPATIEWET'], effectiveFrom: '2026-01-01',
    members: [{ municipalityId: M.HAARLEM, from: '2026-01-01' }, { municipalityId: M.HEEMSKERK, from: '2026-01-01' }],
  }).approve(C.DUINSTREEK, M.HAARLEM, M.HEEMSKERK);

  s.user('haarlem-worker', { home: M.HAARLEM, products: ['brp-persoon', 'uwv-inkomen'] })
    .user('haarlem-escaper', { home: M.HAARLEM, products: ['brp-persoon'], escapeRight: true })
    .user('haarlem-admin', { home: M.HAARLEM, roles: ['USER_ADMINISTRATOR'] })
    .user('haarlem-leaver', { home: M.HAARLEM, products: ['brp-persoon'] })
    .deactivate('haarlem-leaver')
    .user('heemstede-worker', { home: M.HEEMSTEDE, products: ['brp-persoon'] })
    .user('sittard-worker', { home: M.SITTARD_GELEEN, products: ['brp-persoon'] })
    .user('velsen-worker', { home: M.VELSEN, products: ['brp-persoon'] });

  s.whitelisted(M.ZANDVOORT, BSN.ZANDVOORT_CLIENT, '2026-01-01')
    .whitelisted(M.ZANDVOORT, BSN.LATE_CLIENT, '2026-04-15')
    .whitelisted(M.ZANDVOORT, BSN.GONE_CLIENT, '2026-01-01')
    .whitelisted(M.ZANDVOORT, BSN.GONE_CLIENT, '2026-05-01', 'REMOVED')
    .whitelisted(M.HAARLEM, BSN.HAARLEM_CLIENT, '2026-01-01')
    .whitelisted(M.HEEMSTEDE, BSN.HEEMSTEDE_CLIENT, '2026-01-01')
    .whitelisted(M.BEEK, BSN.BEEK_CLIENT, '2026-01-01');
  return s;
}
