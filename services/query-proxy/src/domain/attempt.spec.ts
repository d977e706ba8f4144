import { attemptDetails, attemptFacts } from './attempt';

const HAARLEM = '0a000000-0000-4000-8000-000000000392';

describe('the facts of a refused attempt', () => {
  it('keeps every fact of a well-formed query, the BSN only for its pseudonym', () => {
    const f = attemptFacts({ actingForMunicipalityId: HAARLEM, product: 'brp-persoon', legalDomain: 'IOAW', searchKey: { type: 'BSN', bsn: '111222333' }, escapeReason: 'NEW_APPLICATION' });
    expect(f).toEqual({ actingForMunicipalityId: HAARLEM, product: 'brp-persoon', legalDomain: 'IOAW', searchKeyType: 'BSN', escapeReason: 'NEW_APPLICATION', bsn: '111222333' });
    expect(attemptDetails(f)).toEqual({ product: 'brp-persoon', legalDomain: 'IOAW', searchKeyType: 'BSN', escapeReason: 'NEW_APPLICATION' });
    expect(JSON.stringify(attemptDetails(f))).not.toContain('111222333');
  });

  it('drops what is not well-formed: an invalid BSN, an unknown product, reason or domain, an id that is no UUID', () => {
    const f = attemptFacts({ actingForMunicipalityId: 'haarlem', product: 'alles', legalDomain: 'WMO', searchKey: { type: 'BSN', bsn: '123456789' }, escapeReason: 'nieuwsgierig' });
    expect(f).toEqual({ actingForMunicipalityId: null, product: null, legalDomain: null, searchKeyType: 'BSN', escapeReason: null, bsn: null });
    expect(attemptDetails(f)).toEqual({ searchKeyType: 'BSN' });
  });

  it('reads whatever was sent without failing: no body, an array, numbers where text belongs', () => {
    const empty = { actingForMunicipalityId: null, product: null, legalDomain: null, searchKeyType: null, escapeReason: null, bsn: null };
    for (const body of [undefined, null, 'text', [1, 2], { searchKey: 'BSN' }, { product: 7, searchKey: { type: 'BSN', bsn: 111222333 } }]) {
      expect({ ...attemptFacts(body), searchKeyType: null }).toEqual(empty);
    }
    expect(attemptFacts({ searchKey: { type: 'POSTCODE_HOUSENUMBER', bsn: '111222333' } })).toMatchObject({ searchKeyType: 'POSTCODE_HOUSENUMBER', bsn: null });
  });
});
