import { Refusal } from '@inkijk/contracts';
import { checkTotp, newTotpSecret, otpauthUri, totpCode, totpCodeAt, totpSecret, totpStep } from './second-factor';

/** RFC 6238, appendix B: the SHA-1 seed "12345678901234567890" (ASCII), here in base32. */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const refusal = (f: () => unknown) => {
  try {
    f();
    return 'OK';
  } catch (e) {
    return (e as Refusal).code;
  }
};

describe('TOTP (RFC 6238)', () => {
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('gives the test vector of appendix B at %i s (last six of eight digits)', (seconds, code) => {
    expect(totpCodeAt(RFC_SECRET, new Date(seconds * 1000))).toBe(code);
  });

  it('accepts the code of this step and of one step before or after, not two', () => {
    const now = new Date(1_800_000_015_000);
    const step = totpStep(now);
    expect(checkTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, now), now, null)).toEqual({ ok: true, step });
    expect(checkTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, new Date(now.getTime() - 30_000)), now, null)).toEqual({ ok: true, step: step - 1 });
    expect(checkTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, new Date(now.getTime() + 30_000)), now, null)).toEqual({ ok: true, step: step + 1 });
    expect(checkTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, new Date(now.getTime() - 61_000)), now, null)).toEqual({ ok: false, reason: 'WRONG' });
  });

  it('refuses a code a second time (replay), and an older one after a newer one', () => {
    const now = new Date(1_800_000_015_000);
    const code = totpCodeAt(RFC_SECRET, now);
    const first = checkTotp(RFC_SECRET, code, now, null);
    expect(first.ok).toBe(true);
    const last = (first as { step: number }).step;
    expect(checkTotp(RFC_SECRET, code, new Date(now.getTime() + 5_000), last)).toEqual({ ok: false, reason: 'REUSED' });
    expect(checkTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, new Date(now.getTime() - 30_000)), now, last)).toEqual({ ok: false, reason: 'REUSED' });
    // The next step's code is still new.
    expect(checkTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, new Date(now.getTime() + 30_000)), now, last)).toEqual({ ok: true, step: last + 1 });
  });

  it('makes random 160-bit secrets and the otpauth URI an authenticator app reads', () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(a);
    const uri = new URL(otpauthUri(a, 'beheer.haarlem'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Suwinet-Inkijk:beheer.haarlem');
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({ secret: a, issuer: 'Suwinet-Inkijk', algorithm: 'SHA1', digits: '6', period: '30' });
  });

  it.each([
    ['a valid 160-bit secret', RFC_SECRET, 'OK'],
    ['grouped and lower case', 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq', 'OK'],
    ['too short (80 bits)', 'GEZDGNBVGY3TQOJQ', 'INVALID_SECRET'],
    ['not base32', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ1', 'INVALID_SECRET'],
  ])('checks a secret offered from outside: %s', (_what, value, expected) => expect(refusal(() => totpSecret(value))).toBe(expected));

  it.each([
    ['123456', 'OK'],
    ['123 456', 'OK'],
    ['12345', 'INVALID_CODE_FORMAT'],
    ['12345a', 'INVALID_CODE_FORMAT'],
    ['1234567', 'INVALID_CODE_FORMAT'],
  ])('reads a typed code %p', (value, expected) => expect(refusal(() => totpCode(value))).toBe(expected));
});
