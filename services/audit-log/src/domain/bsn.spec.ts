import { isBsn as isValidBsn } from '@inkijk/contracts';

describe('BSN', () => {
  it.each(['123456782', '111222333', '999990019'])('accepts %s (11-proef)', (b) => expect(isValidBsn(b)).toBe(true));
  it.each(['123456781', '12345678', '1234567820', '12345678a', ''])('refuses %s', (b) => expect(isValidBsn(b)).toBe(false));
});
