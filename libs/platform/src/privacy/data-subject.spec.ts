import { createHmac, randomBytes } from 'node:crypto';
import { pseudonymise, sealBsn, unsealBsn } from './data-subject';

describe('data subject forms', () => {
  const key = randomBytes(32);
  it('gives a stable pseudonym per BSN and key, different across keys, without the BSN in it', () => {
    const p = pseudonymise('123456782', key);
    expect(p).toMatch(/^[0-9a-f]{64}$/);
    expect(pseudonymise('123456782', key)).toBe(p);
    expect(pseudonymise('123456782', randomBytes(32))).not.toBe(p);
    expect(pseudonymise('999999990', key)).not.toBe(p);
  });
  it('is the HMAC of the BSN under its own key, however many BSNs were pseudonymised before', () => {
    const other = randomBytes(32);
    const expected = (bsn: string, k: Buffer) => createHmac('sha256', k).update(`bsn:${bsn}`).digest('hex');
    expect(pseudonymise('123456782', key)).toBe(expected('123456782', key));
    // Another key gives another pseudonym for the same BSN.
    expect(pseudonymise('123456782', other)).toBe(expected('123456782', other));
    for (let i = 0; i < 5000; i++) pseudonymise(String(100000000 + i), key);
    expect(pseudonymise('123456782', key)).toBe(expected('123456782', key));
    expect(pseudonymise('100004999', key)).toBe(expected('100004999', key));
  });
  it('seals a BSN so that only the key unseals it, and tampering is detected', () => {
    const sealed = sealBsn('123456782', key);
    expect(sealed.toString('latin1')).not.toContain('123456782');
    expect(unsealBsn(sealed, key)).toBe('123456782');
    expect(() => unsealBsn(sealed, randomBytes(32))).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[14] ^= 1;
    expect(() => unsealBsn(tampered, key)).toThrow();
  });
});
