/**
 * The simulators' request log (issue 20): every request received is one entry with the caller's
 * request id and OIN, what was asked and how it was answered, refusals included, and no BSN.
 */
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createHttpApp, initHttpApp, JsonLogger } from '@inkijk/platform';
import { HTTP_APP, SupplierSimulatorsModule } from '../app.module';
import { loadSupplierSimulatorsConfig } from '../config';
import { JsonRequestLog, ReceivedRequest } from './request-log';

describe('the request log of the supplier simulators', () => {
  let app: INestApplication;
  const log: ReceivedRequest[] = [];
  const OIN = '00000099000000000473';
  const protocol = { 'x-origin-oin': OIN, 'x-doelbinding': 'PARTICIPATIEWET', 'x-verwerking': 'inkijk-bevraging', 'x-gebruiker': 'user-1' };
  const brp = { type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: ['999990019'], fields: ['naam'] };

  beforeAll(async () => {
    const config = loadSupplierSimulatorsConfig({ SIM_FAULTS: 'SVB=error' });
    app = await initHttpApp(await createHttpApp(SupplierSimulatorsModule.forConfig(config, { received: (r) => void log.push(r) }), HTTP_APP));
  });
  afterAll(() => app.close());
  beforeEach(() => void (log.length = 0));

  it('logs an answered BRP request with the request id, the customer OIN, the request type and the persons answered', async () => {
    const res = await request(app.getHttpServer()).post('/haalcentraal/api/brp/personen').set({ ...protocol, 'x-request-id': 'a3c1e1f4-5d7e-4c39-9f0a-2b1d7b6f0c11' }).send(brp);
    expect(res.status).toBe(200);
    // With the protocol headers as received (by value: the purpose, the processing activity, the user's id).
    expect(log).toEqual([{ supplier: 'BRP', requestId: 'a3c1e1f4-5d7e-4c39-9f0a-2b1d7b6f0c11', originOin: OIN, requestType: 'RaadpleegMetBurgerservicenummer', protocol: { doelbinding: 'PARTICIPATIEWET', verwerking: 'inkijk-bevraging', gebruiker: 'user-1' }, status: 200, records: 1 }]);
  });

  it('logs refused and failed requests too: no OIN, an unavailable source, a malformed request id (400)', async () => {
    expect((await request(app.getHttpServer()).post('/uwv/inkomstenverhoudingen').set('x-request-id', 'r-1').send({ burgerservicenummer: '999990019' })).status).toBe(401);
    expect((await request(app.getHttpServer()).post('/svb/uitkeringen').set({ 'x-origin-oin': OIN, 'x-request-id': 'r-2' }).send({ burgerservicenummer: '999990019' })).status).toBe(503);
    const bad = await request(app.getHttpServer()).post('/haalcentraal/api/brp/personen').set({ ...protocol, 'x-request-id': 'no spaces allowed' }).send(brp);
    expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_REQUEST_ID']);
    expect(log).toEqual([
      { supplier: 'UWV', requestId: 'r-1', originOin: null, requestType: 'inkomstenverhoudingen', status: 401, records: null },
      { supplier: 'SVB', requestId: 'r-2', originOin: OIN, requestType: 'uitkeringen', status: 503, records: null },
      { supplier: 'BRP', requestId: null, originOin: OIN, requestType: 'RaadpleegMetBurgerservicenummer', protocol: { doelbinding: 'PARTICIPATIEWET', verwerking: 'inkijk-bevraging', gebruiker: 'user-1' }, status: 400, records: null },
    ]);
  });

  it('still answers a caller that sends no request id, logged without one', async () => {
    expect((await request(app.getHttpServer()).post('/duo/studiefinanciering').set('x-origin-oin', OIN).send({ burgerservicenummer: '999990019' })).status).toBe(200);
    expect(log).toEqual([expect.objectContaining({ supplier: 'DUO', requestId: null, originOin: OIN, status: 200 })]);
  });

  it('writes a line of the JSON log per request, without the BSN', () => {
    const lines: string[] = [];
    const json = new JsonRequestLog(new JsonLogger('supplier-simulators', 'info', (l) => lines.push(l)));
    json.received({ supplier: 'BRP', requestId: 'r-9', originOin: OIN, requestType: 'RaadpleegMetBurgerservicenummer', status: 200, records: 1 });
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', service: 'supplier-simulators', context: 'request-log', msg: 'request received', supplier: 'BRP', requestId: 'r-9', originOin: OIN, records: 1 });
    expect(lines[0]).not.toContain('999990019');
  });
});
