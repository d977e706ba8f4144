import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createHttpApp, initHttpApp } from '@inkijk/platform';
import { HTTP_APP, SupplierSimulatorsModule } from '../app.module';
import { loadSupplierSimulatorsConfig } from '../config';
import { person } from '../domain/fictional-data';

describe('supplier simulators', () => {
  let app: INestApplication;
  const OIN = '00000099000000000473';
  const protocol = { 'x-origin-oin': OIN, 'x-doelbinding': 'PARTICIPATIEWET', 'x-verwerking': 'inkijk-bevraging', 'x-gebruiker': 'user-1' };

  beforeAll(async () => {
    const config = loadSupplierSimulatorsConfig({ SIM_FAULTS: 'SVB=error', SIM_ADMIN_TOKEN: 'a-long-admin-token' });
    app = await initHttpApp(await createHttpApp(SupplierSimulatorsModule.forConfig(config), HTTP_APP));
  });
  afterAll(() => app.close());

  it('answers a Haal Centraal RaadpleegMetBurgerservicenummer with only the requested fields, the same person every time', async () => {
    const body = { type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: ['999990019'], fields: ['naam', 'geboorte'] };
    const a = await request(app.getHttpServer()).post('/haalcentraal/api/brp/personen').set(protocol).send(body);
    const b = await request(app.getHttpServer()).post('/haalcentraal/api/brp/personen').set(protocol).send(body);
    expect(a.status).toBe(200);
    expect(a.body).toEqual(b.body);
    expect(Object.keys(a.body.personen[0]).sort()).toEqual(['burgerservicenummer', 'geboorte', 'naam']);
    expect(a.body.personen[0].naam).toEqual(person('999990019').naam);
  });

  it('requires the protocol headers and the customer OIN', async () => {
    const body = { type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: ['999990019'], fields: ['naam'] };
    const noDoel = await request(app.getHttpServer()).post('/haalcentraal/api/brp/personen').set({ ...protocol, 'x-doelbinding': '' }).send(body);
    expect(noDoel.status).toBe(400);
    expect(noDoel.body.code).toBe('PROTOCOL_HEADER_MISSING');
    const noOin = await request(app.getHttpServer()).post('/uwv/inkomstenverhoudingen').send({ burgerservicenummer: '999990019' });
    expect(noOin.status).toBe(401);
  });

  it('finds a person by postcode and house number', async () => {
    const p = person('999990019');
    const res = await request(app.getHttpServer())
      .post('/haalcentraal/api/brp/personen')
      .set(protocol)
      .send({ type: 'ZoekMetPostcodeEnHuisnummer', postcode: p.verblijfplaats.verblijfadres.postcode, huisnummer: p.verblijfplaats.verblijfadres.huisnummer, fields: ['naam'] });
    expect(res.body.personen.map((x: { burgerservicenummer: string }) => x.burgerservicenummer)).toContain('999990019');
  });

  it('refuses an invalid BSN, and applies injected faults (start-up and at run time)', async () => {
    expect((await request(app.getHttpServer()).post('/uwv/inkomstenverhoudingen').set(protocol).send({ burgerservicenummer: '123456789' })).status).toBe(400);
    expect((await request(app.getHttpServer()).post('/svb/uitkeringen').set(protocol).send({ burgerservicenummer: '999990019' })).status).toBe(503);
    expect((await request(app.getHttpServer()).put('/_faults/SVB').send({ mode: 'ok' })).status).toBe(401);
    expect((await request(app.getHttpServer()).put('/_faults/SVB').set('Authorization', 'Bearer a-long-admin-token').send({ mode: 'ok' })).status).toBe(200);
    expect((await request(app.getHttpServer()).post('/svb/uitkeringen').set(protocol).send({ burgerservicenummer: '999990019' })).status).toBe(200);
  });
});
