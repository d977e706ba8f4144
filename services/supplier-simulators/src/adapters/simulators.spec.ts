import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createHttpApp, initHttpApp } from '@inkijk/platform';
import { HTTP_APP, SupplierSimulatorsModule } from '../app.module';
import { loadSupplierSimulatorsConfig } from '../config';
import { businesses, person, property, SEARCHABLE_BSNS, taxAssessments, vehicles } from '../domain/fictional-data';

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

  it('finds the holder of a licence plate however it is written, and the owner of a parcel', async () => {
    const holder = SEARCHABLE_BSNS.find((b) => vehicles(b).length > 0)!;
    const plate = vehicles(holder)[0].kenteken;
    for (const written of [plate, plate.replace(/-/g, ''), plate.toLowerCase()]) {
      const res = await request(app.getHttpServer()).post('/rdw/voertuigen').set(protocol).send({ kenteken: written });
      expect(res.status).toBe(200);
      expect(res.body.houder).toBe(holder);
      expect(res.body.voertuigen.map((v: { kenteken: string }) => v.kenteken)).toEqual([plate]);
    }
    expect((await request(app.getHttpServer()).post('/rdw/voertuigen').set(protocol).send({ kenteken: 'ZZ-000-Z' })).body).toMatchObject({ houder: null, voertuigen: [] });
    const owner = SEARCHABLE_BSNS.find((b) => property(b).length > 0)!;
    const parcel = property(owner)[0].perceel;
    const found = await request(app.getHttpServer()).post('/kadaster/eigendom').set(protocol).send({ perceel: parcel.toLowerCase().replace(/ /g, '  ') });
    expect(found.body).toMatchObject({ eigenaar: owner, eigendom: [expect.objectContaining({ perceel: parcel })] });
  });

  it('answers the Belastingdienst (assessments) and the KvK (businesses) by BSN', async () => {
    const entrepreneur = SEARCHABLE_BSNS.find((b) => businesses(b).length > 0)!;
    const tax = await request(app.getHttpServer()).post('/belastingdienst/aanslagen').set(protocol).send({ burgerservicenummer: entrepreneur });
    expect(tax.status).toBe(200);
    expect(tax.body.aanslagen).toEqual(taxAssessments(entrepreneur));
    expect(tax.body.aanslagen.map((a: { belastingjaar: number }) => a.belastingjaar)).toEqual([2023, 2024, 2025]);
    const kvk = await request(app.getHttpServer()).post('/kvk/inschrijvingen').set(protocol).send({ burgerservicenummer: entrepreneur });
    expect(kvk.body.inschrijvingen[0]).toMatchObject({ vestigingsplaats: person(entrepreneur).verblijfplaats.verblijfadres.woonplaats });
    expect(kvk.body.inschrijvingen[0].handelsnaam).toContain(person(entrepreneur).naam.geslachtsnaam);
    expect((await request(app.getHttpServer()).post('/kvk/inschrijvingen').send({ burgerservicenummer: entrepreneur })).status).toBe(401);
  });

  it('refuses an invalid BSN, and applies injected faults (start-up and at run time)', async () => {
    expect((await request(app.getHttpServer()).post('/uwv/inkomstenverhoudingen').set(protocol).send({ burgerservicenummer: '123456789' })).status).toBe(400);
    expect((await request(app.getHttpServer()).post('/svb/uitkeringen').set(protocol).send({ burgerservicenummer: '999990019' })).status).toBe(503);
    expect((await request(app.getHttpServer()).put('/_faults/SVB').send({ mode: 'ok' })).status).toBe(401);
    expect((await request(app.getHttpServer()).put('/_faults/SVB').set('Authorization', 'Bearer a-long-admin-token').send({ mode: 'ok' })).status).toBe(200);
    expect((await request(app.getHttpServer()).post('/svb/uitkeringen').set(protocol).send({ burgerservicenummer: '999990019' })).status).toBe(200);
  });
});
