/**
 * The status page as rendered: each part's state in words, a stopped consumer group with its lag,
 * a service that is not ready with the failing check, the dead letters per group and reason, the
 * newest checkpoint per chain, a clear "not available" when operations does not answer, and the
 * form "Spoor openen" linking a trace id to the trace UI (none without one; a bad id explained).
 */
import type { SystemStatus } from '../app/ports';
import { EVIL, expectGoodPage } from '../testing/page-checks';
import { MENU } from './layout';
import { statusPage } from './status';

const user = { displayName: 'Sanne Security', roles: ['SECURITY_OFFICER'], homeMunicipalityName: 'BKWI', csrf: 'csrf-token' };
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const UI = 'http://127.0.0.1:9411';

const status: SystemStatus = {
  state: 'down',
  checkedAt: '2026-12-06T09:00:00.000Z',
  recorded: true,
  services: [
    { name: 'audit-log', state: 'down', checks: [{ name: 'database', state: 'up', detail: null }, { name: 'kafka', state: 'down', detail: `broker weg ${EVIL}` }], detail: 'not ready: kafka' },
    { name: 'registration', state: 'unknown', checks: [], detail: 'no answer within 2000 ms' },
    { name: 'query-proxy', state: 'up', checks: [{ name: 'kafka', state: 'up', detail: null }], detail: null },
  ],
  broker: { state: 'up', clusterId: 'c1', controller: 1, brokers: [{ nodeId: 1, address: '127.0.0.1:9092' }], detail: null },
  consumerGroups: [{ group: 'audit-log.attributed-queries', topic: 'inkijk.query.attributed-queries.v1', lag: '2', groupState: 'Empty', members: 0, state: 'down', detail: '2 records waiting; no consumer is running' }],
  deadLetters: { state: 'down', total: 3, open: 2, byGroupAndReason: [{ group: 'registration.caseload', reason: 'UNDECODABLE', count: 3, open: 2 }], detail: '2 dead letters not replayed' },
  checkpoints: { state: 'up', chains: [{ chain: 'gm0392', headSequence: 14, recordCount: 14, createdAt: Date.parse('2026-12-06T08:59:00Z'), ageSeconds: 60 }], detail: null },
};

/** The page without the trace UI's address (the only other origin it may link to). */
const besideTraceUi = (page: string) => page.replaceAll(`href="${UI}/zipkin/traces/`, 'href="/trace-ui/');

describe('the status page', () => {
  it('is in the menu of the security officer only', () => {
    expect(MENU.find((m) => m.href === '/status')?.roles).toEqual(['SECURITY_OFFICER']);
  });

  it('shows each part with its state in words: a service not ready with its failing check, one unknown, a stopped group with its lag', () => {
    const page = statusPage({ user, status, traceUiUrl: UI }).toString();
    expectGoodPage(page);
    expect(page).toContain('Een of meer onderdelen zijn verstoord.');
    expect(page).toMatch(/<tr data-dienst="audit-log"><th scope="row">audit-log<\/th><td><span class="status status-terminated" data-staat="down">Verstoord<\/span><br><span class="toelichting">not ready: kafka<\/span>/);
    expect(page).toContain('kafka: Verstoord (broker weg &lt;img');
    expect(page).toMatch(/data-dienst="registration">[\s\S]*?data-staat="unknown">Onbekend<\/span><br><span class="toelichting">no answer within 2000 ms/);
    expect(page).toMatch(/data-groep="audit-log.attributed-queries"[^>]*><th scope="row">audit-log.attributed-queries<\/th><td>inkijk.query.attributed-queries.v1<\/td><td class="getal">2<\/td><td class="getal">0<\/td><td><span class="status status-terminated" data-staat="down">Verstoord<\/span><br><span class="toelichting">2 records waiting; no consumer is running/);
    expect(page).toContain('1 (127.0.0.1:9092)');
    expect(page).toContain('<th scope="row">registration.caseload</th><td>UNDECODABLE</td><td class="getal">3</td><td class="getal">2</td>');
    expect(page).toContain('3 geparkeerd, waarvan 2 nog niet opnieuw aangeboden.');
    expect(page).toMatch(/data-keten="gm0392"><th scope="row">gm0392<\/th><td>[^<]*\(60 seconden geleden\)<\/td><td class="getal">14<\/td>/);
    expect(page).toContain('aria-current="page">Status</a>');
  });

  it('links a trace id to the trace UI, explains a bad one on its field, and says when there is no trace UI', () => {
    const linked = statusPage({ user, status, traceUiUrl: UI, traceId: TRACE.toUpperCase() }).toString();
    expectGoodPage(besideTraceUi(linked));
    expect(linked).toContain(`<a href="${UI}/zipkin/traces/${TRACE}" class="trace-ui" data-testid="trace-ui" target="_blank" rel="noopener noreferrer">Spoor ${TRACE} openen in de trace-UI</a>`);
    expect(linked).toContain('<label for="spoor">');

    const bad = statusPage({ user, status, traceUiUrl: UI, traceId: `abc${EVIL}` }).toString();
    expectGoodPage(bad);
    expect(bad).toContain('Een spoor-id bestaat uit 32 tekens 0-9 en a-f, zoals op de auditpagina.');
    expect(bad).toContain('aria-invalid="true"');
    expect(bad).toContain('aria-describedby="spoor-hint spoor-fout"');
    expect(bad).not.toContain('/zipkin/traces/');

    const none = statusPage({ user, status, traceId: TRACE }).toString();
    expectGoodPage(none);
    expect(none).toContain('Er is geen trace-UI ingesteld');
    expect(none).not.toContain('/zipkin/traces/');
  });

  it('says when operations does not answer, and when everything is fine', () => {
    const away = statusPage({ user, status: { ok: false, status: 503, code: 'SERVICE_UNAVAILABLE', message: 'de beheerdienst is nu niet bereikbaar.' } }).toString();
    expectGoodPage(away);
    expect(away).toContain('De status is nu niet beschikbaar');
    expect(away).toContain('SERVICE_UNAVAILABLE');
    const fine = statusPage({ user, status: { ...status, state: 'up', recorded: false } }).toString();
    expect(fine).toContain('Alles is in orde.');
    expect(fine).toContain('Deze inzage kon niet in het auditlog worden vastgelegd.');
  });
});
