/**
 * The pages as rendered: every form field has a label, the page is Dutch with landmarks and a
 * skip link, and text from services (names, messages, source data) is escaped.
 */
import type { GatewayQueryAnswer } from '@inkijk/contracts';
import type { CollaborationDetail, GenericReport, KeuzelijstEntry, PendingGrant, Product } from '../app/ports';
import { AUDIT_FILTERS } from '../domain/audit-entries';
import { EMPTY_FORM } from '../domain/query-form';
import { EVIL as evil, expectGoodPage } from '../testing/page-checks';
import { auditPage, recentPage } from './audit';
import { loginPage } from './login';
import { grantsPage } from './grants';
import { applicationsPage, collaborationPage } from './officer';
import { queryPage } from './query';
import { reportsPage } from './reports';

const user = { displayName: 'Mira <b>Medewerker</b>', roles: ['WORKER', 'SECURITY_OFFICER', 'MANDATED_PERSON'], homeMunicipalityName: 'Haarlem', csrf: 'csrf-token' };
const keuzelijst: KeuzelijstEntry[] = [
  { id: 'h', name: 'Haarlem', cbsCode: 'GM0392', own: true, legalDomains: ['PARTICIPATIEWET'], via: [] },
  { id: 'z', name: `Zandvoort${evil}`, cbsCode: 'GM0473', own: false, legalDomains: ['PARTICIPATIEWET'], via: [{ collaborationId: 'c', name: 'Haarlem en Zandvoort' }] },
];
const products: Product[] = [
  { id: 'brp-persoon', name: 'Persoonsgegevens (BRP)', kind: 'SOURCE_PAGE', suppliers: ['BRP'], searchKeys: ['BSN', 'NAME_BIRTHDATE', 'POSTCODE_HOUSENUMBER'] },
  { id: 'overzicht-inkomen', name: 'Overzicht inkomen', kind: 'OVERVIEW_PAGE', suppliers: ['UWV', 'SVB'], searchKeys: ['BSN'] },
];
const reasons = [{ code: 'ENFORCEMENT', label: 'Handhaving of fraudeonderzoek' }];
const answer: GatewayQueryAnswer = {
  queryId: 'q-1',
  traceId: 't',
  actingFor: { id: 'z', name: `Zandvoort${evil}`, cbsCode: 'GM0473', oin: '1' },
  product: 'overzicht-inkomen',
  legalDomain: 'PARTICIPATIEWET',
  whitelist: 'ON_WHITELIST',
  escape: false,
  outcome: 'PARTIALLY_ANSWERED',
  results: [
    { supplier: 'UWV', status: 'ANSWERED', data: [{ werkgever: evil, brutoloonPerMaand: 2443, aanvang: '2018-10-01' }] },
    { supplier: 'SVB', status: 'ERROR', message: 'SVB could not supply data right now.' },
  ],
};

describe('rendered pages', () => {
  it('login: labelled fields, and the typed user name escaped', () => {
    const page = loginPage({ username: evil, error: 'De gebruikersnaam of het wachtwoord is onjuist.' }).toString();
    expectGoodPage(page);
    expect(page).toContain('aria-describedby="gebruikersnaam-fout"');
  });

  it('query form: the home municipality preselected, every field labelled', () => {
    const page = queryPage({ user, keuzelijst, products, escapeReasons: reasons, values: { ...EMPTY_FORM, gemeente: 'h' } }).toString();
    expectGoodPage(page);
    expect(page).toContain('<option value="h" selected data-domeinen="PARTICIPATIEWET">Haarlem (thuisgemeente)</option>');
    expect(page).toContain('<optgroup label="Via Haarlem en Zandvoort">');
    expect(page).toContain('<input type="hidden" name="_csrf" value="csrf-token">');
  });

  it('query result: the municipality banner, data per source, the failing source marked, source data escaped', () => {
    const page = queryPage({ user, keuzelijst, products, escapeReasons: reasons, values: { ...EMPTY_FORM, gemeente: 'z', product: 'overzicht-inkomen', bsn: '999990044' }, outcome: { kind: 'answer', answer, at: Date.UTC(2026, 10, 22, 13) } }).toString();
    expectGoodPage(page);
    expect(page).toContain('<p class="voor-gemeente-naam" data-testid="voor-gemeente">Zandvoort&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(page).toContain('Niet alle bronnen hebben geantwoord (1 van 2).');
    expect(page).toMatch(/class="bron bron-fout"[^>]*data-bron="SVB"/);
    expect(page).toMatch(/€\s2\.443/);
    expect(page).toContain('1 oktober 2018');
  });

  it("a citizen on another member's caseload: the hint, and the query repeated for that municipality in one click", () => {
    const hinted = { ...answer, queryId: 'q-1', caseloadHint: { code: 'CITIZEN_ON_OTHER_CASELOAD' as const, message: 'Deze persoon staat niet op de cliëntenlijst van Zandvoort, maar wel op die van Haarlem.', heldBy: [{ id: 'h', name: 'Haarlem' }] } };
    const page = queryPage({ user, keuzelijst, products, escapeReasons: reasons, values: { ...EMPTY_FORM, gemeente: 'z', product: 'brp-persoon', bsn: '999990019' }, outcome: { kind: 'answer', answer: hinted, at: 0 } }).toString();
    expectGoodPage(page);
    expect(page).toContain('Cliënt van een andere gemeente');
    const form = page.split('data-testid="herhaal-voor"')[1].split('</form>')[0];
    expect(form).toContain('<input type="hidden" name="gemeente" value="h">');
    expect(form).toContain('<input type="hidden" name="bsn" value="999990019">');
    expect(form).toContain('<input type="hidden" name="volgtOp" value="q-1">');
    expect(form).toContain('Herhaal voor Haarlem');
    expect(form).not.toContain('name="escapereden"');
    const plain = queryPage({ user, keuzelijst, products, escapeReasons: reasons, values: { ...EMPTY_FORM, gemeente: 'z', product: 'brp-persoon', bsn: '999990019' }, outcome: { kind: 'answer', answer, at: 0 } }).toString();
    expect(plain).not.toContain('herhaal-voor');
  });

  it('not on the whitelist: the escape list with the query repeated, or a clear message without the right', () => {
    const denied = { kind: 'denied' as const, code: 'NOT_ON_WHITELIST', message: 'Deze persoon staat niet op de whitelist.', actingForName: 'Zandvoort', queryId: 'q', at: 0 };
    const values = { ...EMPTY_FORM, gemeente: 'z', product: 'brp-persoon', bsn: '999990159' };
    const withRight = queryPage({ user, keuzelijst, products, escapeReasons: reasons, values, outcome: { ...denied, escape: { allowed: true, reasons } } }).toString();
    expectGoodPage(withRight);
    expect(withRight).toContain('<label for="escapereden-ENFORCEMENT">Handhaving of fraudeonderzoek</label>');
    expect(withRight).toContain('<input type="hidden" name="bsn" value="999990159">');
    expect(withRight).toContain('Toch bevragen');
    const without = queryPage({ user, keuzelijst, products, escapeReasons: reasons, values, outcome: { ...denied, escape: { allowed: false, reasons } } }).toString();
    expect(without).toContain('Geen escape-recht');
    expect(without).not.toContain('Toch bevragen');
  });

  it('a service that does not answer gives a "not available" state, not a broken page', () => {
    const down = { ok: false as const, status: 503, code: 'SERVICE_UNAVAILABLE', message: 'het auditlog is nu niet bereikbaar.' };
    const page = recentPage({ user, records: down, products: {}, escapeLabels: {}, days: 30 }).toString();
    expectGoodPage(page);
    expect(page).toContain('Het auditlog is nu niet beschikbaar');
    const audit = auditPage({ user, verification: down, records: down, products: {}, escapeLabels: {}, people: new Map(), orgName: (id) => id, municipalities: [], selected: '', from: '2026-10-01', ownMunicipalityName: 'Haarlem', filter: AUDIT_FILTERS[0] }).toString();
    expectGoodPage(audit);
    expect(audit).toContain('De controle van het auditlog is nu niet beschikbaar');
  });

  it('applications and collaborations: agreement with its hash, decision forms with labelled reasons', () => {
    const c: CollaborationDetail = {
      id: 'c1', day: '2026-11-22', status: 'PROPOSED', name: null, legalForm: 'SERVICE_AGREEMENT', legalDomains: [], agreementSha256: null, executingOrganisationId: 'b', members: [],
      history: { id: 'c1', legalForm: 'SERVICE_AGREEMENT', executingOrganisationId: 'b', status: 'PROPOSED', activeFrom: null, endsOn: null, terminationReason: null, memberships: [{ municipalityId: 'b', from: '2026-12-01', to: null }], terms: [{ effectiveFrom: '2026-12-01', name: `Beek ${evil}`, legalDomains: ['IOAZ'], agreementSha256: 'ab'.repeat(32) }], applications: [{ id: 'a1', municipalityId: 'b', role: 'EXECUTING', status: 'SUBMITTED', reason: null }] },
    };
    const pending = [{ id: 'a1', collaborationId: 'c1', municipalityId: 'b', role: 'EXECUTING', status: 'SUBMITTED', signedBy: 'Wethouder', signedOn: '2026-11-20', submittedAt: '2026-11-21T10:00:00Z', decisionReason: null }];
    const page = applicationsPage({ user, groups: [{ collaborationId: 'c1', collaboration: c, pending }], names: (id) => (id === 'b' ? 'Beek' : id) }).toString();
    expectGoodPage(page);
    expect(page).toContain(`SHA-256 <code>${'ab'.repeat(32)}</code>`);
    expect(page).toContain('href="/samenwerkingsverbanden/c1/overeenkomst/' + 'ab'.repeat(32) + '"');
    expect(page).toContain('action="/aanmeldingen/c1/a1/besluit"');
    const detail = collaborationPage({ user, c, names: (id) => id, municipalities: [{ id: 's', name: 'Stein', cbsCode: 'GM0971', oin: '1' }] }).toString();
    expectGoodPage(detail);
    expect(detail).toContain('Activeren');
    expect(detail).not.toContain('data-testid="meldingen"');
  });

  it('a collaboration: every change with its effective date and the moment it was reported, a backdated one marked', () => {
    const c: CollaborationDetail = {
      id: 'c1', day: '2026-12-06', status: 'ACTIVE', name: 'Kennemerland', legalForm: 'SERVICE_AGREEMENT', legalDomains: ['PARTICIPATIEWET'], agreementSha256: 'ab'.repeat(32), executingOrganisationId: 'h', members: ['h', 'z'],
      history: { id: 'c1', legalForm: 'SERVICE_AGREEMENT', executingOrganisationId: 'h', status: 'ACTIVE', activeFrom: '2026-02-01', endsOn: null, terminationReason: null, memberships: [{ municipalityId: 'h', from: '2026-01-01', to: null }, { municipalityId: 'z', from: '2026-01-01', to: null }, { municipalityId: 'b', from: '2026-01-01', to: '2026-06-01' }], terms: [{ effectiveFrom: '2026-01-01', name: 'Kennemerland', legalDomains: ['PARTICIPATIEWET'], agreementSha256: 'ab'.repeat(32) }], applications: [] },
      recorded: [
        { sequence: 1, type: 'CollaborationActivated', effectiveOn: '2026-02-01', recordedAt: '2026-01-20T09:00:00Z', recordedOn: '2026-01-20', recordedBy: 'so-1', backdated: false },
        { sequence: 2, type: 'MemberLeft', effectiveOn: '2026-06-01', recordedAt: '2026-09-15T10:00:00Z', recordedOn: '2026-09-15', recordedBy: `so-1 ${evil}`, backdated: true },
      ],
    };
    const detail = collaborationPage({ user, c, names: (id) => id, municipalities: [] }).toString();
    expectGoodPage(detail);
    const rows = detail.split('data-testid="meldingen"')[1].split('</table>')[0].split('<tr').slice(2);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('Geactiveerd');
    expect(rows[0]).toContain('nee');
    expect(rows[1]).toContain('Lid vertrokken');
    expect(rows[1]).toContain('class="teruggedateerd"');
    expect(rows[1]).toContain('<strong>teruggedateerd</strong>');

    // Looking back at 1 July: as known now (Bloemendaal gone) and as known on 14 September (still a member).
    const onDay = (members: string[]) => ({ id: 'c1', day: '2026-07-01', status: 'ACTIVE', name: 'Kennemerland', legalForm: 'SERVICE_AGREEMENT', legalDomains: ['PARTICIPATIEWET'], agreementSha256: null, executingOrganisationId: 'h', members });
    const back = collaborationPage({ user, c, names: (id) => ({ h: 'Haarlem', z: 'Zandvoort', b: 'Bloemendaal' })[id] ?? id, municipalities: [], lookBack: { day: '2026-07-01', knownOn: '2026-09-14', now: onDay(['h', 'z']), then: onDay(['h', 'z', 'b']) } }).toString();
    expectGoodPage(back);
    const part = (id: string) => back.split(`data-testid="${id}"`)[1].split('</div></dl>')[0].split('</dl>')[0];
    expect(part('zoals-nu-bekend')).toContain('Haarlem, Zandvoort</dd>');
    expect(part('zoals-toen-bekend')).toContain('Haarlem, Zandvoort, Bloemendaal</dd>');
    expect(back).toContain('value="2026-09-14"');
  });

  it('grants waiting for a second person: what changes, approve and reject only where the user may, a withdrawal for the own request', () => {
    const g = (over: Partial<PendingGrant>): PendingGrant => ({
      id: 'g1', userId: 'u1', homeMunicipalityId: 'h', account: 'EXISTING', username: 'klantmanager.haarlem', displayName: `Karel ${evil}`,
      requested: { roles: ['WORKER'], permittedProducts: ['brp-persoon'], escapeRight: true }, current: { roles: ['WORKER'], permittedProducts: ['brp-persoon'], escapeRight: false },
      sensitiveRights: ['ESCAPE_RIGHT'], requestedBy: 'beheer', requestedAt: '2026-12-06T10:00:00Z', status: 'PENDING', mayApprove: true, ...over,
    });
    const page = grantsPage({ user, grants: [g({}), g({ id: 'g2', userId: 'u2', account: 'NEW', current: null, sensitiveRights: ['MANDATED_PERSON'], requested: { roles: ['MANDATED_PERSON'], permittedProducts: [], escapeRight: false }, mayApprove: false })], names: () => 'Haarlem', productName: (id) => (id === 'brp-persoon' ? 'Persoonsgegevens (BRP)' : id) }).toString();
    expectGoodPage(page);
    expect(page).toContain('Escaperecht (doorzoeken buiten de whitelist)');
    expect(page).toContain('Medewerker; producten: Persoonsgegevens (BRP); escaperecht: ja');
    expect(page.match(/action="\/goedkeuringen\/u1\/g1\/besluit"/g)).toHaveLength(2);
    expect(page).toContain('aria-label="Rechten van Karel');
    // The own request: no approval, only a withdrawal.
    expect(page).toContain('action="/goedkeuringen/u2/g2/besluit"');
    expect(page).toMatch(/name="besluit" value="WITHDRAWN"/);
    expect(page.match(/goedkeuringen\/u2\/g2\/besluit/g)).toHaveLength(1);
    expect(grantsPage({ user, grants: [], names: (id) => id, productName: (id) => id }).toString()).toContain('Er wachten geen rechten op uw goedkeuring.');
  });

  it('reports: the chart, a table of the same figures and the CSV link', () => {
    const months = ['2026-05', '2026-06'].map((month) => ({ month, sourceQueries: 3, accountManagementActions: 1, abortedSearches: 0, nonBsnSearchKeyQueries: 1, nonBsnSearchKeyShare: 0.3333, outsideOfficeHoursQueries: 0, outsideOfficeHoursShare: 0, notOnCaseloadQueries: 1, notOnCaseloadShare: 0.3333, escapes: {}, byProduct: { 'brp-persoon': 3 }, byCollaboration: {}, bySupplier: {} }));
    const generic: GenericReport = { customerOrganisationId: 'z', customerName: `Zandvoort ${evil}`, month: '2026-07', version: 1, generatedAt: 0, months };
    const page = reportsPage({ user, month: '2026-07', organisationId: 'z', organisationName: 'Zandvoort', organisations: [{ id: 'z', name: 'Zandvoort', cbsCode: 'GM0473', oin: '1' }], generic, products: { 'brp-persoon': 'Persoonsgegevens (BRP)' }, escapeLabels: {} }).toString();
    expectGoodPage(page);
    expect(page).toContain('role="img"');
    expect(page).toContain('href="/rapportages/z/2026-07/generiek.csv"');
    expect(page).toContain('1 (33,3%)');
    // Queries about another member's client: per month and for the six months together.
    expect(page).toMatch(/Cliënt van een andere gemeente in het samenwerkingsverband, niet van deze<\/th>(<td>1 \(33,3%\)<\/td>){2}/);
    expect(page).toMatch(/<dt>Cliënt van een andere gemeente<\/dt><dd>2 \(33,3%\)<\/dd>/);
  });
});
