import { isBsn } from '@inkijk/contracts';
import { BSN_NOT_ON_ANY_LIST, CASELOADS, homeOf, MUNICIPALITIES, PLACES } from './world';

describe('the demo world', () => {
  it('has test BSNs only, each on one caseload, and one on none', () => {
    const all = Object.values(CASELOADS).flat();
    for (const b of [...all, BSN_NOT_ON_ANY_LIST]) expect(isBsn(b)).toBe(true);
    expect(new Set(all).size).toBe(all.length);
    expect(all).not.toContain(BSN_NOT_ON_ANY_LIST);
  });

  it('has test OINs and CBS codes that match, and places for every municipality', () => {
    for (const m of MUNICIPALITIES) {
      expect(m.oin).toMatch(/^00000099\d{12}$/);
      expect(m.oin.endsWith(m.cbsCode.slice(2))).toBe(true);
      const p = PLACES[m.key];
      expect(p.places.length).toBeGreaterThan(0);
      for (const place of p.places) {
        expect(place.postcodes[0]).toBeLessThanOrEqual(place.postcodes[1]);
        expect(place.postcodes[0]).toBeGreaterThanOrEqual(1000);
        expect(place.streets.length).toBeGreaterThan(1);
        expect(place.cadastral).toMatch(/^[A-Z]{3}\d{2}$/);
      }
    }
  });

  it("says whose client a BSN is: its caseload's municipality, else a fixed choice", () => {
    const never = <T>(): T => {
      throw new Error('no choice needed for a BSN on a caseload');
    };
    expect(homeOf('999990019', never)).toBe('haarlem');
    expect(homeOf('999990135', never)).toBe('stein');
    expect(homeOf(BSN_NOT_ON_ANY_LIST, (xs) => xs[1])).toBe('zandvoort');
  });
});
