import { isBsn as isValidBsn } from '@inkijk/contracts';
import { parseQueryForm } from './query-form';

const HAARLEM = 'm-haarlem';
const ZANDVOORT = 'm-zandvoort';
const ctx = {
  municipalities: [HAARLEM, ZANDVOORT],
  products: [
    { id: 'brp-persoon', name: 'Persoonsgegevens (BRP)', searchKeys: ['BSN', 'NAME_BIRTHDATE', 'POSTCODE_HOUSENUMBER'] },
    { id: 'uwv-inkomen', name: 'Inkomstenverhoudingen (UWV)', searchKeys: ['BSN'] },
    { id: 'rdw-voertuigen', name: 'Voertuigen (RDW)', searchKeys: ['BSN', 'LICENCE_PLATE'] },
    { id: 'kadaster-eigendom', name: 'Onroerend goed (Kadaster)', searchKeys: ['BSN', 'PARCEL'] },
  ],
  escapeReasons: ['NEW_APPLICATION', 'ENFORCEMENT'],
};

describe('the query form', () => {
  it('turns a BSN query for a municipality of the keuzelijst into the gateway request', () => {
    const r = parseQueryForm({ gemeente: ZANDVOORT, product: 'uwv-inkomen', rechtsgebied: 'IOAW', zoeksleutel: 'BSN', bsn: ' 9999 90044 ' }, ctx);
    expect(r).toEqual({
      ok: true,
      values: expect.objectContaining({ bsn: '999990044' }),
      query: { actingForMunicipalityId: ZANDVOORT, product: 'uwv-inkomen', legalDomain: 'IOAW', searchKey: { type: 'BSN', bsn: '999990044' } },
    });
  });

  it('accepts a postcode with a space and lower case letters, and a name with birth date', () => {
    const a = parseQueryForm({ gemeente: HAARLEM, product: 'brp-persoon', zoeksleutel: 'POSTCODE_HOUSENUMBER', postcode: '2011 ab', huisnummer: '12' }, ctx);
    expect(a.ok && a.query.searchKey).toEqual({ type: 'POSTCODE_HOUSENUMBER', postcode: '2011AB', houseNumber: 12 });
    const b = parseQueryForm({ gemeente: HAARLEM, product: 'brp-persoon', zoeksleutel: 'NAME_BIRTHDATE', achternaam: 'Jansen', geboortedatum: '1980-02-03' }, ctx);
    expect(b.ok && b.query.searchKey).toEqual({ type: 'NAME_BIRTHDATE', surname: 'Jansen', birthDate: '1980-02-03' });
  });

  it('carries the escape reason when one is chosen', () => {
    const r = parseQueryForm({ gemeente: HAARLEM, product: 'brp-persoon', zoeksleutel: 'BSN', bsn: '999990159', escapereden: 'ENFORCEMENT' }, ctx);
    expect(r.ok && r.query.escapeReason).toBe('ENFORCEMENT');
  });

  it("carries the query whose hint it follows, only when it is a query id", () => {
    const q = '0b6f3a52-6a47-4a4f-9a8e-3c1f2a7d9e10';
    const r = parseQueryForm({ gemeente: HAARLEM, product: 'brp-persoon', zoeksleutel: 'BSN', bsn: '999990019', volgtOp: q.toUpperCase() }, ctx);
    expect(r.ok && r.query.followsHintOf).toBe(q);
    const odd = parseQueryForm({ gemeente: HAARLEM, product: 'brp-persoon', zoeksleutel: 'BSN', bsn: '999990019', volgtOp: '<script>' }, ctx);
    expect(odd.ok && 'followsHintOf' in odd.query).toBe(false);
  });

  it('searches the RDW by licence plate and the Kadaster by parcel, however they are written', () => {
    const plate = parseQueryForm({ gemeente: HAARLEM, product: 'rdw-voertuigen', zoeksleutel: 'LICENCE_PLATE', kenteken: 'gb-123-t ' }, ctx);
    expect(plate.ok && plate.query.searchKey).toEqual({ type: 'LICENCE_PLATE', plate: 'GB123T' });
    const parcel = parseQueryForm({ gemeente: HAARLEM, product: 'kadaster-eigendom', zoeksleutel: 'PARCEL', perceel: 'hlm00  k-1234' }, ctx);
    expect(parcel.ok && parcel.query.searchKey).toEqual({ type: 'PARCEL', parcel: 'HLM00 K 1234' });
    const wrong = parseQueryForm({ gemeente: HAARLEM, product: 'rdw-voertuigen', zoeksleutel: 'LICENCE_PLATE', kenteken: 'GB-12' }, ctx);
    expect(!wrong.ok && wrong.problems.kenteken).toMatch(/kenteken/);
    const badParcel = parseQueryForm({ gemeente: HAARLEM, product: 'kadaster-eigendom', zoeksleutel: 'PARCEL', perceel: '1234' }, ctx);
    expect(!badParcel.ok && badParcel.problems.perceel).toMatch(/kadastrale aanduiding/);
    const notThere = parseQueryForm({ gemeente: HAARLEM, product: 'brp-persoon', zoeksleutel: 'LICENCE_PLATE', kenteken: 'GB123T' }, ctx);
    expect(!notThere.ok && notThere.problems.zoeksleutel).toMatch(/alleen bevragen op/);
  });

  it('refuses a municipality outside the keuzelijst, in Dutch, naming the field', () => {
    const r = parseQueryForm({ gemeente: 'm-elsewhere', product: 'brp-persoon', zoeksleutel: 'BSN', bsn: '999990019' }, ctx);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.gemeente).toMatch(/keuzelijst/);
  });

  it('refuses a search key the product does not support, naming the keys it does', () => {
    const r = parseQueryForm({ gemeente: HAARLEM, product: 'uwv-inkomen', zoeksleutel: 'POSTCODE_HOUSENUMBER', postcode: '2011AB', huisnummer: '1' }, ctx);
    expect(!r.ok && r.problems.zoeksleutel).toBe('Inkomstenverhoudingen (UWV) kunt u alleen bevragen op bsn.');
  });

  it('refuses a BSN that fails the elfproef and names every problem at once', () => {
    const r = parseQueryForm({ gemeente: '', product: 'nope', zoeksleutel: 'BSN', bsn: '123456789', rechtsgebied: 'WMO' }, ctx);
    expect(r.ok).toBe(false);
    expect(!r.ok && Object.keys(r.problems).sort()).toEqual(['bsn', 'gemeente', 'product', 'rechtsgebied']);
  });

  it('refuses an escape reason that is not on the list', () => {
    const r = parseQueryForm({ gemeente: HAARLEM, product: 'brp-persoon', zoeksleutel: 'BSN', bsn: '999990019', escapereden: 'CURIOSITY' }, ctx);
    expect(!r.ok && r.problems.escapereden).toBeDefined();
  });

  it('knows the elfproef', () => {
    expect(isValidBsn('123456782')).toBe(true);
    expect(isValidBsn('123456789')).toBe(false);
    expect(isValidBsn('000000000')).toBe(false);
  });
});
