/** Every demo account whose roles require a second factor gets one from the seed, with a valid secret. */
import { DEFAULT_LOGIN_POLICY, secondFactorRequired } from '../domain/login-security';
import { totpSecret } from '../domain/second-factor';
import type { Role } from '../domain/users';
import { DEMO_TOTP_SECRETS, USERS } from './demo-data';

describe('the demo second factors', () => {
  it('cover exactly the demo accounts whose roles require one, each with a secret of at least 160 bits', () => {
    const required = USERS.filter((u) => secondFactorRequired(u.roles as Role[], DEFAULT_LOGIN_POLICY)).map((u) => u.username).sort();
    expect(Object.keys(DEMO_TOTP_SECRETS).sort()).toEqual(required);
    for (const secret of Object.values(DEMO_TOTP_SECRETS)) expect(totpSecret(secret)).toBe(secret);
  });
});
