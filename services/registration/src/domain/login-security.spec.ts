import { accountThrottle, afterFailure, backoffMs, decideLogin, DEFAULT_LOGIN_POLICY as P, FailureCounter, failureAnswer, holderMayLift, LoginFacts, secondFactorRequired, SourceThrottle } from './login-security';

const t0 = new Date('2026-12-06T10:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

/** n failures in a row, one second apart, starting at t0. */
function failures(n: number): FailureCounter | null {
  let c: FailureCounter | null = null;
  for (let i = 0; i < n; i++) c = afterFailure(c, at(i * 1000), P).counter;
  return c;
}

describe('failures in a row, throttling per account and lockout', () => {
  it('locks at the 5th failure in a row, once', () => {
    expect(failures(4)!.lockedAt).toBeNull();
    expect(afterFailure(failures(4), at(10_000), P)).toMatchObject({ lockedNow: true, counter: { failures: 5, lockedAt: at(10_000) } });
    const locked = failures(5);
    expect(afterFailure(locked, at(60_000), P)).toMatchObject({ lockedNow: false, counter: { failures: 6, lockedAt: locked!.lockedAt } });
  });

  it('lets the first two failures pass without delay, then waits 1, 2, 4 ... at most 60 seconds', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 8, 20].map((n) => backoffMs(n, P))).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 32_000, 60_000]);
    const c = failures(4)!; // last failure at t0 + 3 s: the next attempt waits 2 s
    expect(accountThrottle(c, at(3_500), P)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(accountThrottle(c, at(4_100), P)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(accountThrottle(c, at(5_000), P)).toEqual({ allowed: true });
    expect(accountThrottle(null, t0, P)).toEqual({ allowed: true });
  });

  it('lets the holder lift a lockout with both factors until 5 more failures happened', () => {
    expect(holderMayLift(failures(5), P)).toBe(true);
    expect(holderMayLift(failures(9), P)).toBe(true);
    expect(holderMayLift(failures(10), P)).toBe(false);
  });

  it('requires a second factor of security officers, user administrators and mandated persons', () => {
    expect(secondFactorRequired(['SECURITY_OFFICER'], P)).toBe(true);
    expect(secondFactorRequired(['USER_ADMINISTRATOR', 'WORKER'], P)).toBe(true);
    expect(secondFactorRequired(['MANDATED_PERSON'], P)).toBe(true);
    expect(secondFactorRequired(['WORKER'], P)).toBe(false);
  });
});

describe('the login decision', () => {
  const facts = (f: Partial<LoginFacts>): LoginFacts => ({ passwordOk: true, active: true, enrolled: false, secondFactorRequired: false, code: 'NONE', counter: null, ...f });
  const locked = failures(5);
  const hardLocked = failures(10);

  it.each<[string, Partial<LoginFacts>, ReturnType<typeof decideLogin>]>([
    ['wrong password (or no such account)', { passwordOk: false }, { kind: 'FAILED', failure: 'FAILED_PASSWORD' }],
    ['wrong password while locked', { passwordOk: false, counter: locked }, { kind: 'FAILED', failure: 'FAILED_PASSWORD' }],
    ['a worker without a second factor', {}, { kind: 'SIGNED_IN', liftsLockout: false }],
    ['a role that needs a second factor, not enrolled yet', { secondFactorRequired: true }, { kind: 'ENROLMENT_REQUIRED' }],
    ['enrolled, no code', { enrolled: true, secondFactorRequired: true }, { kind: 'REFUSED', code: 'SECOND_FACTOR_REQUIRED' }],
    ['enrolled, wrong code', { enrolled: true, code: 'WRONG' }, { kind: 'FAILED', failure: 'FAILED_CODE' }],
    ['enrolled, a code used before', { enrolled: true, code: 'REUSED' }, { kind: 'FAILED', failure: 'CODE_REUSED' }],
    ['enrolled, right code', { enrolled: true, code: 'RIGHT' }, { kind: 'SIGNED_IN', liftsLockout: false }],
    ['locked, right password, no code: the same answer as a wrong one', { enrolled: true, code: 'NONE', counter: locked }, { kind: 'REFUSED', code: 'ACCOUNT_LOCKED' }],
    ['locked, both factors right: the holder lifts it', { enrolled: true, code: 'RIGHT', counter: locked }, { kind: 'SIGNED_IN', liftsLockout: true }],
    ['locked 5 more times, both factors right: only the administrator lifts it', { enrolled: true, code: 'RIGHT', counter: hardLocked }, { kind: 'REFUSED', code: 'ACCOUNT_LOCKED' }],
    ['locked, no second factor to prove the holder', { counter: locked }, { kind: 'REFUSED', code: 'ACCOUNT_LOCKED' }],
    ['deactivated, right password', { active: false }, { kind: 'REFUSED', code: 'ACCOUNT_DEACTIVATED' }],
  ])('%s', (_what, f, expected) => expect(decideLogin(facts(f), P)).toEqual(expected));

  it('answers a counted failure as a lockout once the name is locked', () => {
    expect(failureAnswer('FAILED_PASSWORD', false)).toBe('INVALID_CREDENTIALS');
    expect(failureAnswer('FAILED_CODE', false)).toBe('INVALID_CODE');
    expect(failureAnswer('CODE_REUSED', false)).toBe('CODE_ALREADY_USED');
    expect(failureAnswer('FAILED_CODE', true)).toBe('ACCOUNT_LOCKED');
  });
});

describe('throttling per source address', () => {
  const policy = { sourceMaxFailures: 3, sourceWindowMs: 60_000 };

  it('refuses a source after its failures fill the window, with the seconds until one leaves it', () => {
    const s = new SourceThrottle(policy);
    for (let i = 0; i < 3; i++) expect(s.begin('10.0.0.1', i * 1000).allowed).toBe(true);
    expect(s.begin('10.0.0.1', 10_000)).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(s.begin('10.0.0.2', 10_000).allowed).toBe(true);
    expect(s.begin('10.0.0.1', 60_001).allowed).toBe(true);
  });

  it('does not count attempts that succeeded', () => {
    const s = new SourceThrottle(policy);
    for (let i = 0; i < 10; i++) {
      const a = s.begin('10.0.0.1', i);
      expect(a.allowed).toBe(true);
      s.succeeded('10.0.0.1', a.ticket!);
    }
  });

  it('keeps at most the configured number of sources', () => {
    const s = new SourceThrottle({ sourceMaxFailures: 1, sourceWindowMs: 60_000 }, 2);
    s.begin('a', 0);
    s.begin('b', 0);
    s.begin('c', 0); // "a" makes room
    expect(s.begin('a', 1).allowed).toBe(true);
    expect(s.begin('c', 1).allowed).toBe(false);
  });
});
