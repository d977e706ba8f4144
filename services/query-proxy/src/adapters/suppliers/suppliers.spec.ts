/**
 * The request id per source call (issue 20): every call carries its own x-request-id next to the
 * protocol headers, the result keeps it with what was asked, and the attributed query carries
 * both to the protocol lines. Against a small HTTP server standing in for the sources.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { productById } from '@inkijk/contracts';
import { attributedQuery } from '../../domain/query';
import { Suppliers } from './suppliers';

const ZANDVOORT = { id: '0a000000-0000-4000-8000-000000000473', cbsCode: 'GM0473', oin: '00000099000000000473', name: 'Zandvoort' };
const ctx = { actingForOin: ZANDVOORT.oin, legalDomain: 'PARTICIPATIEWET', userId: 'user-1', processingActivityId: 'inkijk-participatiewet-bevraging' };

describe('source calls with a request id', () => {
  let server: http.Server;
  let suppliers: Suppliers;
  const received: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push({ url: req.url ?? '', headers: req.headers });
        const body = req.url?.includes('personen') ? { personen: [{ burgerservicenummer: '999990019' }] } : req.url?.includes('uwv') ? { inkomstenverhoudingen: [{}] } : { uitkeringen: [] };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    suppliers = new Suppliers(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { timeoutMs: 2000 });
  });
  afterAll(async () => {
    suppliers.close();
    await new Promise((r) => server.close(r));
  });

  it('sends each call its own x-request-id beside the protocol headers, and keeps it with what was asked', async () => {
    received.length = 0;
    const results = await suppliers.fetch(['BRP', 'UWV', 'SVB'], '999990019', ctx);
    expect(received).toHaveLength(3);
    const sent = (path: string) => received.find((r) => r.url.includes(path))!.headers;
    expect(sent('personen')).toMatchObject({ 'x-origin-oin': ZANDVOORT.oin, 'x-doelbinding': 'PARTICIPATIEWET', 'x-gebruiker': 'user-1' });
    const ids = received.map((r) => r.headers['x-request-id']);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const brp = results.find((r) => r.supplier === 'BRP')!;
    expect(brp).toMatchObject({ status: 'ANSWERED', personListsProvided: 1, requestId: sent('personen')['x-request-id'], requestType: 'RaadpleegMetBurgerservicenummer', searchFields: ['burgerservicenummer'] });
    expect(brp.requestedFields).toEqual(['burgerservicenummer', 'naam', 'geboorte', 'geslacht', 'verblijfplaats']);
    expect(results.find((r) => r.supplier === 'SVB')).toMatchObject({ status: 'NO_DATA', requestId: sent('svb')['x-request-id'], requestType: 'uitkeringen', requestedFields: [] });
  });

  it('says what a search step asked: the search type and the fields searched by, never their values', async () => {
    received.length = 0;
    const { result } = await suppliers.searchPersons({ type: 'POSTCODE_HOUSENUMBER', postcode: '2011AB', houseNumber: 12 }, ctx);
    expect(result).toMatchObject({ requestId: received[0].headers['x-request-id'], requestType: 'ZoekMetPostcodeEnHuisnummer', searchFields: ['postcode', 'huisnummer'], requestedFields: ['burgerservicenummer'] });
    expect(JSON.stringify([result.requestType, result.searchFields, result.requestedFields])).not.toMatch(/2011AB|12/);
  });

  it('puts the request ids in the attributed query; a denied query called nothing and has none', async () => {
    const results = await suppliers.fetch(['BRP'], '999990019', ctx);
    const base = {
      eventId: 'e-1', startedAt: 1, completedAt: 2, traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), parentSpanId: null, processingActivityId: ctx.processingActivityId,
      worker: { userId: 'user-1', homeMunicipality: ZANDVOORT }, actingFor: ZANDVOORT, collaborationId: null,
      request: { actingForMunicipalityId: ZANDVOORT.id, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET' as const, searchKey: { type: 'BSN' as const, bsn: '999990019' } },
      dataSubject: null, sources: results, product: productById('brp-persoon')!,
    };
    const permitted = attributedQuery({ ...base, decision: { decisionId: 'd-1', permitted: true, reasonCode: null, rulesVersion: 'r', whitelist: 'ON_WHITELIST' } });
    expect(permitted.sources).toEqual([
      expect.objectContaining({ supplier: 'BRP', outcome: 'ANSWERED', requestId: results[0].requestId, requestType: 'RaadpleegMetBurgerservicenummer', searchFields: ['burgerservicenummer'] }),
    ]);
    const denied = attributedQuery({ ...base, decision: { decisionId: 'd-2', permitted: false, reasonCode: 'NOT_ON_WHITELIST', rulesVersion: 'r', whitelist: 'ABORTED' } });
    expect(denied.sources).toEqual([{ supplier: 'BRP', outcome: 'NOT_CALLED', durationMs: 0, personListsProvided: 0, requestId: null, requestType: null, searchFields: [], requestedFields: [] }]);
  });
});
