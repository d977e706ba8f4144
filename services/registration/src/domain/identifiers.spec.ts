import { isBsn as isValidBsn } from '@inkijk/contracts';
import { bsn, cbsCode, InvalidIdentifierError, isTestOin, oin } from './identifiers';

describe('identifiers', () => {
  it.each(['GM0392', 'GM0473', 'GM1883'])('accepts municipality code %s', (c) => expect(cbsCode(c)).toBe(c));
  it.each(['gm0392', 'GM392', 'GM03920', '0392', ''])('refuses municipality code %p with INVALID_CBS_CODE', (c) => {
    expect(() => cbsCode(c)).toThrow(expect.objectContaining({ code: 'INVALID_CBS_CODE' }));
  });

  it('accepts a 20-digit OIN and recognises test OINs', () => {
    expect(isTestOin(oin('00000099000000000392'))).toBe(true);
    expect(isTestOin(oin('00000001001234567000'))).toBe(false);
    expect(() => oin('0000009900000000039')).toThrow(InvalidIdentifierError);
  });

  it('applies the 11-proef to BSNs', () => {
    expect(isValidBsn('123456782')).toBe(true);
    expect(isValidBsn('123456789')).toBe(false);
    expect(isValidBsn('12345678')).toBe(false);
    expect(isValidBsn('000000000')).toBe(false);
    expect(bsn('999999990')).toBe('999999990');
  });

  it('does not echo a refused BSN in the error message', () => {
    try {
      bsn('123456789');
      throw new Error('expected a refusal');
    } catch (e) {
      expect((e as InvalidIdentifierError).code).toBe('INVALID_BSN');
      expect((e as Error).message).not.toContain('123456789');
    }
  });
});
