import { CASELOADS, MunicipalityKey, PLACES } from '@inkijk/demo-world';
import { benefits, incomeRelations, person, property, SEARCHABLE_BSNS, studyFinance, vehicles, VOORNAMEN_M, VOORNAMEN_V } from './fictional-data';

const age = (bsn: string) => 2026 - Number(person(bsn).geboorte.datum.datum.slice(0, 4));

describe('a consistent fictional world', () => {
  it('has every client live in the municipality whose caseload holds them', () => {
    for (const [home, bsns] of Object.entries(CASELOADS) as [MunicipalityKey, string[]][]) {
      for (const bsn of bsns) {
        const a = person(bsn).verblijfplaats.verblijfadres;
        const place = PLACES[home].places.find((p) => p.name === a.woonplaats);
        expect(place).toBeDefined();
        const pc = Number(a.postcode.slice(0, 4));
        expect(pc).toBeGreaterThanOrEqual(place!.postcodes[0]);
        expect(pc).toBeLessThanOrEqual(place!.postcodes[1]);
        expect(place!.streets).toContain(a.officieleStraatnaam);
        expect(a.postcode).toMatch(/^\d{4}[A-Z]{2}$/);
      }
    }
  });

  it('gives first names that match the gender, and the same person every time', () => {
    for (const bsn of SEARCHABLE_BSNS) {
      const p = person(bsn);
      if (p.geslacht.code === 'M') expect(VOORNAMEN_M).toContain(p.naam.voornamen);
      if (p.geslacht.code === 'V') expect(VOORNAMEN_V).toContain(p.naam.voornamen);
      expect(p.geslacht.omschrijving).toBe({ M: 'man', V: 'vrouw', O: 'onbekend' }[p.geslacht.code]);
    }
    expect(person('999990019')).toEqual(person('999990019'));
  });

  it('fits income, benefits, study finance and vehicles to the age', () => {
    for (const bsn of SEARCHABLE_BSNS) {
      const years = age(bsn);
      const jobs = incomeRelations(bsn);
      if (years >= 67 || years < 18) expect(jobs).toEqual([]);
      for (const j of jobs) expect(j.brutoloonPerMaand).toBeGreaterThanOrEqual(1_300);
      const aow = benefits(bsn).filter((b) => b.regeling === 'AOW');
      expect(aow.length > 0).toBe(years >= 67);
      if (years < 16 || years > 30) expect(studyFinance(bsn)).toEqual([]);
      const vs = vehicles(bsn);
      if (years < 18) expect(vs).toEqual([]);
      for (const v of vs) {
        expect(v.kenteken).toMatch(/^[BDFGHJKLNPRSTVXZ]{2}-\d{3}-[BDFGHJKLNPRSTVXZ]$/);
        expect(v.bouwjaar).toBeGreaterThanOrEqual(2026 - years + 18);
      }
    }
  });

  it("puts a parcel at the owner's own address, in its cadastral municipality, at a WOZ value of that municipality", () => {
    let owners = 0;
    for (const [home, bsns] of Object.entries(CASELOADS) as [MunicipalityKey, string[]][]) {
      for (const bsn of [...bsns, ...SEARCHABLE_BSNS.slice(0, 40)]) {
        const [parcel] = property(bsn);
        if (!parcel) continue;
        owners++;
        const a = person(bsn).verblijfplaats.verblijfadres;
        expect(parcel.adres).toBe(`${a.officieleStraatnaam} ${a.huisnummer}, ${a.postcode} ${a.woonplaats}`);
        if (bsns.includes(bsn)) {
          const place = PLACES[home].places.find((p) => p.name === a.woonplaats)!;
          expect(parcel.perceel.startsWith(`${place.cadastral} `)).toBe(true);
          expect(parcel.wozWaarde).toBeGreaterThanOrEqual(PLACES[home].woz[0] * 1000);
          expect(parcel.wozWaarde).toBeLessThanOrEqual(PLACES[home].woz[1] * 1000);
        }
      }
    }
    expect(owners).toBeGreaterThan(0);
  });
});
