/**
 * The audit pages as rendered: people by name and roles instead of account ids, the filter on
 * type of action as links, actions and decision records in Dutch, and the trace page with the
 * decision record of a query.
 */
import type { DirectoryUser } from '../app/ports';
import { auditFilter, AUDIT_FILTERS, AuditEntry, readEntries } from '../domain/audit-entries';
import { EVIL, expectGoodPage } from '../testing/page-checks';
import { auditPage, tracePage } from './audit';

const user = { displayName: 'Sanne Security', roles: ['SECURITY_OFFICER'], homeMunicipalityName: 'BKWI', csrf: 'csrf-token' };
const mandated = { ...user, displayName: 'Gerda Gemandateerde', roles: ['MANDATED_PERSON'], homeMunicipalityName: 'Zandvoort' };
const WORKER = '3f1c2b9e-8a7d-4c6b-9e5f-1a2b3c4d5e6f';
const UNKNOWN = '77777777-8a7d-4c6b-9e5f-1a2b3c4d5e6f';
const OFFICER = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
const HAARLEM = '0a000000-0000-4000-8000-000000000392';
const ZANDVOORT = '0a000000-0000-4000-8000-000000000473';
const TRACE = '0123456789abcdef0123456789abcdef';

const people = new Map<string, DirectoryUser>([
  [WORKER, { userId: WORKER, displayName: 'Mira Medewerker', roles: ['WORKER'], homeOrganisationId: HAARLEM, homeOrganisationName: 'Haarlem' }],
  [OFFICER, { userId: OFFICER, displayName: `Olaf ${EVIL}`, roles: ['SECURITY_OFFICER'], homeOrganisationId: 'bkwi', homeOrganisationName: 'BKWI' }],
]);
const orgName = (id: string) => ({ [HAARLEM]: 'Haarlem', [ZANDVOORT]: 'Zandvoort', bkwi: 'BKWI' })[id] ?? id;
const products = { 'overzicht-inkomen': 'Overzicht inkomen', 'brp-persoon': 'Persoonsgegevens (BRP)' };

const query = (worker: string, trace = TRACE, roles?: string[]) => ({
  trace_id: trace,
  start_time: '2026-12-01T10:00:00.000Z',
  attributes: {},
  audit: {
    worker: { user_id: worker, home_municipality: { id: HAARLEM, name: 'Haarlem' }, ...(roles ? { roles } : {}) },
    acting_for: { id: ZANDVOORT, name: 'Zandvoort', cbs_code: 'GM0473' },
    legal_domain: 'PARTICIPATIEWET',
    product: 'overzicht-inkomen',
    search_key_type: 'BSN',
    sources: [],
    whitelist: { outcome: 'ESCAPE', escape_reason: 'ENFORCEMENT' },
    decision: { decision_id: 'd-1', result: 'PERMIT', reason_code: null, rules_version: 'authorization-rules/1' },
    outcome: 'PARTIALLY_ANSWERED',
  },
});
const action = { kind: 'ACTION', trace_id: 'b'.repeat(32), start_time: '2026-12-01T09:00:00.000Z', audit: { action: 'GRANT_APPROVED', category: 'ACCOUNT_MANAGEMENT', acting_for_id: HAARLEM, object: { type: 'USER', id: WORKER }, outcome: 'SUCCEEDED', reason_code: null, actor: { user_id: OFFICER, home_organisation_id: 'bkwi', roles: ['SECURITY_OFFICER'] }, details: { right: 'ESCAPE_RIGHT' } } };
const refusedLogin = { kind: 'ACTION', trace_id: 'c'.repeat(32), start_time: '2026-12-01T08:00:00.000Z', audit: { action: 'LOGIN', category: 'LOGIN', acting_for_id: HAARLEM, object: { type: 'SESSION', id: null }, outcome: 'REFUSED', reason_code: 'INVALID_CREDENTIALS', actor: { user_id: null, roles: [] }, details: {} } };
const decision = { kind: 'DECISION', trace_id: TRACE, start_time: '2026-12-01T10:00:00.000Z', audit: { worker: { user_id: WORKER }, acting_for_id: ZANDVOORT, product: 'brp-persoon', decision: { decision_id: 'd-9', result: 'DENY', reason_code: 'NOT_ON_WHITELIST', rules_version: 'authorization-rules/1', escape: false } } };

const view = (records: AuditEntry[], over: Partial<Parameters<typeof auditPage>[0]> = {}) =>
  auditPage({ user, records, products, escapeLabels: { ENFORCEMENT: 'Handhaving of fraudeonderzoek' }, people, orgName, municipalities: [{ id: ZANDVOORT, name: 'Zandvoort', cbsCode: 'GM0473', oin: '2' }], selected: ZANDVOORT, from: '2026-11-01', ownMunicipalityName: 'BKWI', filter: AUDIT_FILTERS[0], ...over }).toString();
/** A good page whose only address of another origin is the trace UI's link (a link, nothing loaded from it). */
const expectGoodPageBesideTraceUi = (page: string, base: string) => expectGoodPage(page.replaceAll(`href="${base}/zipkin/traces/`, 'href="/trace-ui/'));
const rowOf = (page: string, attr: string) => new RegExp(`<tr [^>]*${attr}[^>]*>([\\s\\S]*?)</tr>`).exec(page)?.[1] ?? '';

describe('the audit page', () => {
  it('names the worker of a query with name, roles and home municipality, not the account id', () => {
    const page = view(readEntries([query(WORKER)]));
    expectGoodPage(page);
    const row = rowOf(page, 'data-soort="QUERY"');
    expect(row).toContain('<strong class="persoon-naam">Mira Medewerker</strong>');
    expect(row).toContain('Medewerker · Haarlem');
    expect(page).not.toContain(WORKER);
    expect(row).toContain('Overzicht inkomen');
    expect(row).toContain('Escape (Handhaving of fraudeonderzoek)');
    expect(row).toContain('Deels beantwoord');
  });

  it('shows the roles the record holds over the current ones, and the id when the directory does not know the person', () => {
    const page = view(readEntries([query(WORKER, TRACE, ['WORKER', 'USER_ADMINISTRATOR']), query(UNKNOWN, 'd'.repeat(32))]));
    expect(page).toContain('Medewerker, Gebruikersbeheerder · Haarlem');
    expect(page).toContain(`<code class="persoon-id">${UNKNOWN}</code>`);
    // Without the directory at all (the call failed): ids, and the page still renders.
    const bare = view(readEntries([query(WORKER)]), { people: new Map() });
    expectGoodPage(bare);
    expect(bare).toContain(`<code class="persoon-id">${WORKER}</code>`);
  });

  it('links each query to its trace, where its decision record is', () => {
    const page = view(readEntries([query(WORKER)]));
    expect(rowOf(page, 'data-soort="QUERY"')).toContain(`<a href="/auditlog/spoor/${TRACE}">Beslissing en spoor</a>`);
  });

  it('links each record to its spans in the trace UI when one is configured, and not otherwise', () => {
    const records = readEntries([query(WORKER), decision, action]);
    const page = view(records, { traceUiUrl: 'http://127.0.0.1:9411/' });
    expectGoodPageBesideTraceUi(page, 'http://127.0.0.1:9411');
    const ui = (row: string) => /<a href="([^"]+)" class="trace-ui" data-testid="trace-ui" target="_blank" rel="noopener noreferrer">Technisch spoor<\/a>/.exec(row)?.[1];
    expect(ui(rowOf(page, 'data-soort="QUERY"'))).toBe(`http://127.0.0.1:9411/zipkin/traces/${TRACE}`);
    expect(ui(rowOf(page, 'data-soort="DECISION"'))).toBe(`http://127.0.0.1:9411/zipkin/traces/${TRACE}`);
    expect(ui(rowOf(page, 'data-actie="GRANT_APPROVED"'))).toBe(`http://127.0.0.1:9411/zipkin/traces/${'b'.repeat(32)}`);
    // The portal's own trace page stays the first link of every row.
    expect(rowOf(page, 'data-soort="QUERY"')).toContain(`<a href="/auditlog/spoor/${TRACE}">Beslissing en spoor</a><br><a href="http://127.0.0.1:9411/zipkin/traces/${TRACE}"`);
    expect(view(records)).not.toContain('trace-ui');
    expect(view(records, { traceUiUrl: '' })).not.toContain('trace-ui');
  });

  it('links no record whose trace id is not one (nothing of it ends up in an address)', () => {
    const odd = { ...action, trace_id: '../../admin?x=<script>' };
    const page = view(readEntries([odd]), { traceUiUrl: 'http://127.0.0.1:9411' });
    expectGoodPageBesideTraceUi(page, 'http://127.0.0.1:9411');
    expect(page).not.toContain('trace-ui');
    expect(page).not.toContain('<script>');
  });

  it('shows an action with its Dutch label, the object by name, the outcome and the reason code; the actor by name, escaped', () => {
    const page = view(readEntries([action, refusedLogin]));
    expectGoodPage(page);
    const grant = rowOf(page, 'data-actie="GRANT_APPROVED"');
    expect(grant).toContain('<td>Accountbeheer</td>');
    expect(grant).toContain('<strong>Recht goedgekeurd</strong>');
    expect(grant).toContain('Account: Mira Medewerker');
    expect(grant).toContain('right: ESCAPE_RIGHT');
    expect(grant).toContain('Gelukt');
    expect(grant).toContain('Olaf &lt;img src=x onerror=alert(1)&gt;');
    expect(grant).toContain('Security officer · BKWI');
    expect(page).toContain('<tr data-soort="ACTION" data-gemeente="Haarlem" data-actie="GRANT_APPROVED"');
    const login = rowOf(page, 'data-actie="LOGIN"');
    expect(login).toContain('<strong>Inloggen</strong>');
    expect(login).toContain('Geweigerd');
    expect(login).toContain('Code: INVALID_CREDENTIALS');
    expect(login).toContain('<em>Onbekend account</em>');
  });

  it('shows a decision record with its result and reason', () => {
    const row = rowOf(view(readEntries([decision])), 'data-soort="DECISION"');
    expect(row).toContain('<td>Beslissing</td>');
    expect(row).toContain('Persoonsgegevens (BRP)');
    expect(row).toContain('Geweigerd');
    expect(row).toContain('Niet op de whitelist (NOT_ON_WHITELIST)');
    expect(row).toContain('Mira Medewerker');
  });

  it('offers the types as links that keep municipality and date, the chosen one marked, and the form keeps the type', () => {
    const page = view([], { filter: auditFilter('inloggen')! });
    const links = [...page.matchAll(/<a href="(\/auditlog[^"]*)"( aria-current="page")? data-soort="([^"]+)">([^<]+)<\/a>/g)];
    expect(links.map((m) => m[4])).toEqual(['Alles', 'Bevragingen', 'Beslissingen', 'Inloggen', 'Accountbeheer', 'Samenwerkingen', 'Whitelist', 'Rapportages', 'Auditlog']);
    expect(links.filter((m) => m[2]).map((m) => m[4])).toEqual(['Inloggen']);
    expect(links[0][1]).toBe(`/auditlog?gemeente=${ZANDVOORT}&amp;vanaf=2026-11-01`);
    expect(links[5][1]).toBe(`/auditlog?gemeente=${ZANDVOORT}&amp;vanaf=2026-11-01&amp;soort=samenwerkingen`);
    expect(page).toContain('<input type="hidden" name="soort" value="inloggen">');
    expect(page).toContain('Geen vermeldingen van deze soort in deze periode.');
  });

  it('shows a mandated person the own municipality fixed, with the same type links', () => {
    const page = view(readEntries([query(WORKER)]), { user: mandated, municipalities: [], ownMunicipalityName: 'Zandvoort' });
    expectGoodPage(page);
    expect(page).toContain('Gemeente: <strong>Zandvoort</strong>');
    expect(page).toContain('onder de identiteit van Zandvoort');
    expect(page).not.toContain('id="integriteit-kop"');
    expect(page).toContain('Mira Medewerker');
  });
});

describe('the trace page', () => {
  const trace = (records: unknown[] | { ok: false; status: number; code: string; message: string }) =>
    tracePage({ user, traceId: TRACE, records: Array.isArray(records) ? readEntries(records) : records, products, escapeLabels: {}, people, orgName }).toString();

  it('shows the query, its decision record and the actions of the trace, people by name', () => {
    const page = trace([query(WORKER), decision, { ...action, trace_id: TRACE }]);
    expectGoodPage(page);
    expect(page).toContain('data-testid="beslissing" data-beslissing="d-9" data-uitkomst="DENY"');
    expect(page).toMatch(/<dt>Beslissing<\/dt><dd><strong>Geweigerd<\/strong><\/dd>/);
    expect(page).toContain('Niet op de whitelist (NOT_ON_WHITELIST)');
    expect(page).toContain('data-testid="bevraging" data-gemeente="Zandvoort"');
    expect(page).toContain('Recht goedgekeurd');
    expect(page).toContain('Mira Medewerker');
    expect(page).not.toContain(`<code class="persoon-id">${WORKER}</code>`);
    expect(page).toContain('<a href="/auditlog">Terug naar het auditlog</a>');
  });

  it('links the trace to its spans in the trace UI when one is configured', () => {
    const page = tracePage({ user, traceId: TRACE, records: readEntries([query(WORKER)]), products, escapeLabels: {}, people, orgName, traceUiUrl: 'https://traces.example.nl' }).toString();
    expectGoodPageBesideTraceUi(page, 'https://traces.example.nl');
    expect(page).toContain(`<a href="https://traces.example.nl/zipkin/traces/${TRACE}" class="trace-ui"`);
    expect(trace([query(WORKER)])).not.toContain('trace-ui');
  });

  it('says so when the decision record is not there, and when the trace holds nothing the user may see', () => {
    expect(trace([query(WORKER)])).toContain('Het beslissingsrecord van dit spoor staat (nog) niet in het auditlog.');
    const none = trace({ ok: false, status: 404, code: 'TRACE_NOT_FOUND', message: 'No audit record you may see has this trace id.' });
    expectGoodPage(none);
    expect(none).toContain('Bij dit spoor staat niets in het auditlog dat u mag zien.');
    expect(trace({ ok: false, status: 503, code: 'SERVICE_UNAVAILABLE', message: 'het auditlog is nu niet bereikbaar.' })).toContain('Het auditlog is nu niet beschikbaar');
  });
});
