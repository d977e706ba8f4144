import { AuthorizationCodes, checkAuthorizationRequest, CODE_TTL_MS, OidcError, pkceMatches, s256 } from './oidc';

const clients = new Map([['inkijk-citizen-portal', 'http://127.0.0.1:3097/auth/callback']]);
const verifier = 'a'.repeat(20) + 'B-._~' + '9'.repeat(30);
const valid = {
  response_type: 'code',
  client_id: 'inkijk-citizen-portal',
  redirect_uri: 'http://127.0.0.1:3097/auth/callback',
  scope: 'openid',
  state: 'st',
  nonce: 'no',
  code_challenge: s256(verifier),
  code_challenge_method: 'S256',
};
const codeOf = (e: unknown) => (e instanceof OidcError ? e.code : String(e));
const refusal = (q: Record<string, string>) => {
  try {
    checkAuthorizationRequest(q, clients);
    return 'accepted';
  } catch (e) {
    return codeOf(e);
  }
};

describe('the authorization request', () => {
  it('accepts a complete request of a registered client', () => {
    expect(checkAuthorizationRequest(valid, clients)).toEqual({ clientId: 'inkijk-citizen-portal', redirectUri: valid.redirect_uri, state: 'st', nonce: 'no', codeChallenge: valid.code_challenge });
  });

  it.each([
    [{ client_id: 'other' }, 'UNKNOWN_CLIENT'],
    [{ redirect_uri: 'https://evil.example/cb' }, 'INVALID_REDIRECT_URI'],
    [{ response_type: 'token' }, 'UNSUPPORTED_RESPONSE_TYPE'],
    [{ scope: 'profile' }, 'INVALID_SCOPE'],
    [{ code_challenge_method: 'plain' }, 'PKCE_REQUIRED'],
    [{ code_challenge: 'short' }, 'INVALID_CODE_CHALLENGE'],
    [{ state: '' }, 'STATE_REQUIRED'],
    [{ nonce: '' }, 'NONCE_REQUIRED'],
  ])('refuses %j with %s', (change, code) => {
    expect(refusal({ ...valid, ...change })).toBe(code);
  });
});

describe('PKCE S256', () => {
  it('matches the RFC 7636 example', () => {
    expect(s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
  it('refuses another verifier and a malformed one', () => {
    expect(pkceMatches(verifier, s256(verifier))).toBe(true);
    expect(pkceMatches(verifier + 'x', s256(verifier))).toBe(false);
    expect(pkceMatches('short', s256('short'))).toBe(false);
  });
});

describe('authorization codes', () => {
  let now = 1_000_000;
  let n = 0;
  const codes = new AuthorizationCodes(() => now, () => `code-${++n}`);
  const req = checkAuthorizationRequest(valid, clients);
  const redeem = (code: string, over: Partial<{ clientId: string; redirectUri: string; codeVerifier: string }> = {}) =>
    codes.redeem({ code, clientId: req.clientId, redirectUri: req.redirectUri, codeVerifier: verifier, ...over });

  it('gives the citizen and nonce once, for the right verifier', () => {
    const code = codes.issue(req, '123456782');
    expect(redeem(code)).toMatchObject({ bsn: '123456782', nonce: 'no' });
    expect(() => redeem(code)).toThrow(expect.objectContaining({ code: 'INVALID_GRANT' }));
  });

  it('refuses a wrong verifier, client or redirect, and burns the code', () => {
    for (const over of [{ codeVerifier: 'x'.repeat(43) }, { clientId: 'other' }, { redirectUri: 'http://x/cb' }]) {
      const code = codes.issue(req, '123456782');
      expect(() => redeem(code, over)).toThrow(expect.objectContaining({ code: 'INVALID_GRANT' }));
      expect(() => redeem(code)).toThrow(expect.objectContaining({ code: 'INVALID_GRANT' }));
    }
  });

  it('refuses an expired code', () => {
    const code = codes.issue(req, '123456782');
    now += CODE_TTL_MS;
    expect(() => redeem(code)).toThrow(expect.objectContaining({ code: 'INVALID_GRANT' }));
  });
});
