/**
 * The known set of events the integration test feeds: office-hours edges, weekends, both
 * daylight-saving changes of 2026, escapes with two reasons, aborted and denied searches, three
 * collaborations with Zandvoort and Beek each in two of them, own-municipality queries, overview
 * pages with several sources, a municipality known only from account-management actions, and
 * actions: account management (four-eyes steps, a lockout lifted), logins (successful, refused,
 * under a name without an account, a lockout) and actions no report counts (a download).
 * Times are written in UTC with the Amsterdam wall-clock time beside them. Products and escape
 * reasons come from the contracts' reference lists: consumers park anything else.
 */
import type { audit, query } from '@inkijk/contracts';
import { attributedQuery, dataSubject, HAARLEM, ZANDVOORT } from '@inkijk/testing';

export { HAARLEM, ZANDVOORT };
export const SITTARD: query.OrganisationRef = { id: '4f1c2a52-0000-4000-8000-000000001883', cbsCode: 'GM1883', oin: '00000099000000001883', name: 'Sittard-Geleen' };
export const BEEK: query.OrganisationRef = { id: '4f1c2a52-0000-4000-8000-000000000888', cbsCode: 'GM0888', oin: '00000099000000000888', name: 'Beek' };
export const STEIN: query.OrganisationRef = { id: '4f1c2a52-0000-4000-8000-000000000971', cbsCode: 'GM0971', oin: '00000099000000000971', name: 'Stein' };
/** Known only from account-management actions: no query was ever made for it. */
export const BEEKDAELEN_ID = '4f1c2a52-0000-4000-8000-000000001954';
/** The operator (BKWI), home of the security officers. */
export const BKWI_ID = '4f1c2a52-0000-4000-8000-0000000b4b01';

export const HAARLEM_ZANDVOORT = 'collab-haarlem-zandvoort';
export const WESTELIJKE_MIJNSTREEK = 'collab-westelijke-mijnstreek';
/** A service agreement under which Beek's workers handle IOAZ for Zandvoort. */
export const BEEK_ZANDVOORT_IOAZ = 'collab-beek-zandvoort-ioaz';

const BSNS = ['123456782', '111222333', '999990019', '100000009', '200000006'];

type Over = Partial<query.AttributedQuery> & { bsn?: string };
const at = (iso: string) => Date.parse(`${iso}Z`);

const haarlemForZandvoort = (iso: string, over: Over = {}) =>
  attributedQuery({ occurredAt: at(iso), worker: { userId: 'user-haarlem-1', homeMunicipality: HAARLEM }, actingFor: ZANDVOORT, collaborationId: HAARLEM_ZANDVOORT, ...over });
const sittardFor = (who: query.OrganisationRef, iso: string, over: Over = {}) =>
  attributedQuery({ occurredAt: at(iso), worker: { userId: 'user-sittard-1', homeMunicipality: SITTARD }, actingFor: who, collaborationId: WESTELIJKE_MIJNSTREEK, ...over });
const beekForZandvoort = (iso: string, over: Over = {}) =>
  attributedQuery({ occurredAt: at(iso), worker: { userId: 'user-beek-1', homeMunicipality: BEEK }, actingFor: ZANDVOORT, collaborationId: BEEK_ZANDVOORT_IOAZ, legalDomain: 'IOAZ', ...over });
const haarlemOwn = (iso: string, over: Over = {}) =>
  attributedQuery({ occurredAt: at(iso), worker: { userId: 'user-haarlem-2', homeMunicipality: HAARLEM }, actingFor: HAARLEM, collaborationId: null, ...over });

const overview: Over = {
  product: 'overzicht-inkomen',
  sources: [
    { supplier: 'UWV', outcome: 'ANSWERED', durationMs: 40, personListsProvided: 0 },
    { supplier: 'SVB', outcome: 'NO_DATA', durationMs: 30, personListsProvided: 0 },
    { supplier: 'BELASTINGDIENST', outcome: 'NOT_CALLED', durationMs: 0, personListsProvided: 0 },
  ],
  outcome: 'PARTIALLY_ANSWERED',
};
/** A BRP query that provides the person lists of a household (three persons). */
const household: Over = { product: 'brp-persoon', sources: [{ supplier: 'BRP', outcome: 'ANSWERED', durationMs: 50, personListsProvided: 3 }] };
const vehicle: Over = { product: 'rdw-voertuigen', searchKeyType: 'LICENCE_PLATE', dataSubject: null, sources: [{ supplier: 'RDW', outcome: 'ANSWERED', durationMs: 20, personListsProvided: 0 }] };
const parcel: Over = { product: 'kadaster-eigendom', searchKeyType: 'PARCEL', dataSubject: null, sources: [{ supplier: 'KADASTER', outcome: 'TIMEOUT', durationMs: 3000, personListsProvided: 0 }], outcome: 'SUPPLIER_ERROR' };
const study: Over = { product: 'duo-studiefinanciering', sources: [{ supplier: 'DUO', outcome: 'ANSWERED', durationMs: 25, personListsProvided: 0 }] };
const byName: Over = { searchKeyType: 'NAME_BIRTHDATE' };
const byPostcode: Over = { searchKeyType: 'POSTCODE_HOUSENUMBER', product: 'brp-persoon' };
const escape = (reason: string): Over => ({ whitelist: { outcome: 'ESCAPE', escapeReason: reason } });
const aborted: Over = { whitelist: { outcome: 'ABORTED', escapeReason: null }, sources: [{ supplier: 'BRP', outcome: 'NOT_CALLED', durationMs: 0, personListsProvided: 0 }], outcome: 'DENIED' };
const denied: Over = {
  whitelist: { outcome: 'NOT_CHECKED', escapeReason: null },
  sources: [],
  outcome: 'DENIED',
  decision: { decisionId: 'd-denied', result: 'DENY', reasonCode: 'NOT_A_MEMBER', rulesVersion: 'rules-1' },
};
/** v2: the citizen is Haarlem's client, not Zandvoort's (queried for Zandvoort through the collaboration). */
const haarlemsClient: Over = { caseload: { actingForHolds: false, heldBy: [HAARLEM.id] } };
const ownClient: Over = { caseload: { actingForHolds: true, heldBy: [] } };
const subject = (i: number): Over => ({ bsn: BSNS[i], dataSubject: dataSubject(BSNS[i]) });

export function queries(): query.AttributedQuery[] {
  return [
    // ---- October 2026 (CEST until Sunday 25 October 03:00, then CET) --------------------
    haarlemForZandvoort('2026-10-23T16:59:00', { ...subject(0), ...haarlemsClient }), // Fri 18:59 CEST: inside; Haarlem's client
    haarlemForZandvoort('2026-10-23T17:00:00', { ...subject(0), ...ownClient }), // Fri 19:00 CEST: outside
    haarlemForZandvoort('2026-10-22T03:59:00', { ...subject(1), ...escape('NEW_APPLICATION') }), // Thu 05:59 CEST: outside
    haarlemForZandvoort('2026-10-22T04:00:00', { ...subject(2), ...escape('ENFORCEMENT') }), //  Thu 06:00 CEST: inside
    haarlemForZandvoort('2026-10-24T10:00:00', { ...subject(0), ...household }), // Sat 12:00: weekend
    haarlemForZandvoort('2026-10-25T00:30:00', { ...subject(3), ...byName }), //  Sun 02:30 CEST (first time)
    haarlemForZandvoort('2026-10-25T01:30:00', { ...subject(3), ...aborted }), // Sun 02:30 CET (second time)
    haarlemForZandvoort('2026-10-26T04:59:00', { ...subject(1), ...overview }), // Mon 05:59 CET: outside
    haarlemForZandvoort('2026-10-26T05:00:00', { ...subject(1), ...escape('NEW_APPLICATION') }), // Mon 06:00 CET: inside
    haarlemForZandvoort('2026-10-26T17:59:00', { ...subject(4), ...byPostcode }), // Mon 18:59 CET: inside
    haarlemForZandvoort('2026-10-26T18:00:00', { ...subject(4), ...denied }), //  Mon 19:00 CET: outside
    haarlemForZandvoort('2026-10-31T22:59:00', subject(2)), //            Sat 23:59 CET: still October
    haarlemForZandvoort('2026-10-31T23:00:00', subject(2)), //            Sun 1 November 00:00 CET: November
    beekForZandvoort('2026-10-14T08:00:00', { ...subject(0), ...study }), // Wed 10:00 CEST
    beekForZandvoort('2026-10-14T08:05:00', { ...subject(0), ...aborted }),
    beekForZandvoort('2026-10-15T12:00:00', { ...subject(1), ...escape('ENFORCEMENT') }),
    sittardFor(BEEK, '2026-10-06T09:00:00', { ...subject(2), ...vehicle }),
    sittardFor(BEEK, '2026-10-06T09:10:00', { ...subject(2), ...parcel }),
    sittardFor(BEEK, '2026-10-10T09:00:00', { ...subject(2), ...household }), // Saturday
    sittardFor(STEIN, '2026-10-12T19:30:00', { ...subject(3), ...overview }), // Mon 21:30 CEST
    sittardFor(STEIN, '2026-10-13T07:00:00', subject(3)),
    haarlemOwn('2026-10-07T09:00:00', subject(4)),
    haarlemOwn('2026-10-07T09:30:00', { ...subject(4), ...byName, ...escape('NEW_APPLICATION') }),
    // ---- May to September 2026 -------------------------------------------------------------
    haarlemForZandvoort('2026-05-04T08:00:00', subject(0)), //            Mon 10:00 CEST
    haarlemForZandvoort('2026-06-15T12:00:00', { ...subject(1), ...overview }),
    haarlemForZandvoort('2026-06-20T12:00:00', subject(1)), //            Saturday
    haarlemForZandvoort('2026-07-01T03:00:00', { ...subject(2), ...aborted }),
    beekForZandvoort('2026-07-02T10:00:00', { ...subject(2), ...study }),
    sittardFor(BEEK, '2026-08-03T09:00:00', { ...subject(3), ...vehicle }),
    sittardFor(STEIN, '2026-09-07T09:00:00', { ...subject(4), ...escape('ENFORCEMENT') }),
    haarlemOwn('2026-09-08T09:00:00', subject(0)),
    haarlemOwn('2026-04-30T21:59:00', subject(0)), //                     Thu 23:59 CEST: April, before the period
    haarlemOwn('2026-04-30T22:00:00', subject(0)), //                     Fri 1 May 00:00 CEST: May
    // ---- March 2026 (CET until Sunday 29 March 02:00, then CEST) ----------------------------
    haarlemForZandvoort('2026-03-27T17:59:00', subject(0)), //            Fri 18:59 CET: inside
    haarlemForZandvoort('2026-03-27T18:00:00', subject(0)), //            Fri 19:00 CET: outside
    haarlemForZandvoort('2026-03-29T00:30:00', { ...subject(1), ...escape('NEW_APPLICATION') }), // Sun 01:30 CET
    haarlemForZandvoort('2026-03-29T01:30:00', { ...subject(1), ...aborted }), // Sun 03:30 CEST
    haarlemForZandvoort('2026-03-30T03:59:00', { ...subject(2), ...household }), // Mon 05:59 CEST: outside
    haarlemForZandvoort('2026-03-30T04:00:00', { ...subject(2), ...byPostcode }), // Mon 06:00 CEST: inside
    haarlemForZandvoort('2026-03-31T21:59:00', subject(3)), //            Tue 23:59 CEST: March
    haarlemForZandvoort('2026-03-31T22:00:00', subject(3)), //            Wed 1 April 00:00 CEST: April
    sittardFor(BEEK, '2026-03-02T05:30:00', { ...subject(4), ...overview }), // Mon 06:30 CET
    sittardFor(STEIN, '2026-02-28T10:00:00', { ...subject(4), ...escape('ENFORCEMENT') }), // Saturday
    beekForZandvoort('2026-01-05T04:59:00', { ...subject(0), ...study }), // Mon 05:59 CET
    haarlemOwn('2025-10-25T23:00:00', subject(1)), //                     Sun 26 Oct 2025 01:00 CEST
    haarlemOwn('2025-09-30T21:59:00', subject(1)), //                     Tue 23:59 CEST: September 2025, before the period
  ];
}

/** The late event: a query for Zandvoort in October, published after October's reports were built. */
export function lateQuery(): query.AttributedQuery {
  return haarlemForZandvoort('2026-10-20T09:00:00', { ...subject(4), ...household, ...escape('ENFORCEMENT') }); // Tue 11:00 CEST
}

/**
 * The record timestamp an event is published with: when its producer would have published it.
 * Consumers park an event whose time lies far from its record's (contracts/src/content.ts).
 */
export const publishedAt = (e: query.AttributedQuery | audit.ActivityEvent): number => ('completedAt' in e ? e.completedAt : e.occurredAt);

let actionEvents = 0;
function action(actingForId: string, iso: string, what: audit.ActivityAction, over: Partial<audit.ActivityEvent> = {}): audit.ActivityEvent {
  actionEvents++;
  const n = String(actionEvents).padStart(12, '0');
  return {
    eventId: `00000000-0000-4000-8000-${n}`,
    occurredAt: at(iso),
    traceId: `0af7651916cd43dd8448${n}`,
    spanId: `b7ad${n}`,
    service: 'registration',
    actor: { userId: `admin-${actingForId.slice(-4)}`, homeOrganisationId: actingForId, roles: ['USER_ADMINISTRATOR'] },
    actingForId,
    action: what,
    object: { type: 'USER', id: `user-${actionEvents}` },
    outcome: 'SUCCEEDED',
    reasonCode: null,
    subjectPseudonym: null,
    details: {},
    ...over,
  };
}
const worker = (userId: string, home: string): Partial<audit.ActivityEvent> => ({ actor: { userId, homeOrganisationId: home, roles: ['WORKER'] }, object: { type: 'SESSION', id: null } });
const refused = (reasonCode: string): Partial<audit.ActivityEvent> => ({ outcome: 'REFUSED', reasonCode });
const nobody: Partial<audit.ActivityEvent> = { actor: { userId: null, homeOrganisationId: null, roles: [] }, object: { type: 'SESSION', id: null } };

/** The actions: account management per organisation acted for, logins for the specific report, and some no report counts. */
export function actions(): audit.ActivityEvent[] {
  actionEvents = 0;
  return [
    action(HAARLEM.id, '2026-10-01T07:00:00', 'USER_CREATED'),
    action(HAARLEM.id, '2026-10-02T07:00:00', 'USER_CREATED'),
    action(HAARLEM.id, '2026-09-15T07:00:00', 'USER_CHANGED'),
    action(ZANDVOORT.id, '2026-10-31T22:59:00', 'USER_DEACTIVATED'), // October, local
    action(ZANDVOORT.id, '2026-10-31T23:00:00', 'USER_CREATED'), //     November, local
    action(SITTARD.id, '2026-06-01T07:00:00', 'USER_CREATED'),
    action(BEEK.id, '2026-03-10T07:00:00', 'USER_CHANGED'),
    action(STEIN.id, '2026-03-29T01:30:00', 'USER_CREATED'),
    action(BEEKDAELEN_ID, '2026-08-12T07:00:00', 'USER_CREATED'),
    // Four eyes: the request by one administrator, the approval by another; a refused self-approval counts too.
    action(HAARLEM.id, '2026-10-05T08:00:00', 'GRANT_REQUESTED', { object: { type: 'GRANT', id: 'grant-1' } }),
    action(HAARLEM.id, '2026-10-05T09:00:00', 'GRANT_APPROVED', { actor: { userId: 'admin-second', homeOrganisationId: HAARLEM.id, roles: ['USER_ADMINISTRATOR'] }, object: { type: 'GRANT', id: 'grant-1' } }),
    action(HAARLEM.id, '2026-10-05T08:30:00', 'GRANT_APPROVED', { ...refused('GRANT_OWN_REQUEST'), object: { type: 'GRANT', id: 'grant-1' } }),
    action(HAARLEM.id, '2026-09-20T08:00:00', 'LOCKOUT_LIFTED'),
    // Logins of Zandvoort's accounts (the home organisation is the one acted for).
    action(ZANDVOORT.id, '2026-10-06T07:00:00', 'LOGIN', worker('user-zandvoort-1', ZANDVOORT.id)),
    action(ZANDVOORT.id, '2026-10-07T07:00:00', 'LOGIN', worker('user-zandvoort-1', ZANDVOORT.id)),
    action(ZANDVOORT.id, '2026-09-07T07:00:00', 'LOGIN', worker('user-zandvoort-1', ZANDVOORT.id)),
    action(ZANDVOORT.id, '2026-10-08T07:00:00', 'LOGIN', { ...worker('user-zandvoort-2', ZANDVOORT.id), ...refused('INVALID_CREDENTIALS') }),
    action(ZANDVOORT.id, '2026-10-08T07:00:30', 'LOGIN_SECOND_FACTOR', { ...worker('user-zandvoort-2', ZANDVOORT.id), ...refused('INVALID_CODE') }),
    action(ZANDVOORT.id, '2026-10-08T07:01:00', 'LOGIN', { ...worker('user-zandvoort-2', ZANDVOORT.id), ...refused('ACCOUNT_LOCKED') }),
    action(ZANDVOORT.id, '2026-10-06T07:00:00', 'LOGIN_SECOND_FACTOR', worker('user-zandvoort-1', ZANDVOORT.id)),
    action(ZANDVOORT.id, '2026-10-08T07:01:00', 'ACCOUNT_LOCKED', worker('user-zandvoort-2', ZANDVOORT.id)),
    action(ZANDVOORT.id, '2026-10-09T07:00:00', 'LOGIN', { ...nobody, ...refused('INVALID_CREDENTIALS') }),
    action(HAARLEM.id, '2026-10-09T07:00:00', 'LOGIN', worker('user-haarlem-1', HAARLEM.id)),
    action(HAARLEM.id, '2026-10-09T07:05:00', 'LOGOUT', worker('user-haarlem-1', HAARLEM.id)),
    // Counted by no report.
    action(ZANDVOORT.id, '2026-10-10T07:00:00', 'REPORT_DOWNLOADED', { service: 'supplier-reporting', object: { type: 'REPORT', id: 'generic/x/2026-10/v1' } }),
    action(ZANDVOORT.id, '2026-10-10T07:00:00', 'QUERY_ATTEMPT', { ...worker('user-zandvoort-1', ZANDVOORT.id), ...refused('NOT_A_WORKER'), object: { type: 'QUERY', id: null } }),
  ];
}
