import { randomBytes } from 'node:crypto';
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
