import { AuthenticationError, Revocations, TokenVerifier } from '@inkijk/platform';
import { testAuth, TestAuth } from '@inkijk/testing';
import { RememberingTokenVerifier } from './verified-tokens';

describe('remembered token verification', () => {
  let auth: TestAuth;
  let now: number;
  let verifier: RememberingTokenVerifier;
  let revocations: Revocations;
  let signatureChecks: jest.SpyInstance;

  beforeAll(async () => {
    auth = await testAuth();
  });
  beforeEach(() => {
    now = Date.now();
    revocations = new Revocations();
    verifier = new RememberingTokenVerifier({ AUTH_JWKS: auth.jwksJson, AUTH_ISSUER: 'inkijk-login', AUTH_AUDIENCE: 'inkijk' }, { ttlMs: 60_000, maxEntries: 2, clock: () => now, revocations });
    signatureChecks = jest.spyOn(TokenVerifier.prototype, 'verifySignature');
  });
  afterEach(() => signatureChecks.mockRestore());

  it('checks the signature of a token once and then knows the same worker', async () => {
    const token = await auth.token({ userId: 'w1', homeMunicipalityId: 'm1', roles: ['WORKER'] });
    const first = await verifier.verify(token);
    const again = await verifier.verify(token);
    expect(again).toMatchObject({ userId: 'w1', homeMunicipalityId: 'm1', roles: ['WORKER'] });
    expect(again.userId).toBe(first.userId);
    expect(signatureChecks).toHaveBeenCalledTimes(1);
  });

  it('checks the signature again once the remembering time is over', async () => {
    const token = await auth.token({ userId: 'w1', homeMunicipalityId: 'm1' });
    await verifier.verify(token);
    now += 61_000;
    await verifier.verify(token);
    expect(signatureChecks).toHaveBeenCalledTimes(2);
  });

  it('never accepts a remembered token past its expiry', async () => {
    const realTime = new RememberingTokenVerifier({ AUTH_JWKS: auth.jwksJson, AUTH_ISSUER: 'inkijk-login', AUTH_AUDIENCE: 'inkijk' });
    const token = await auth.token({ userId: 'w1', homeMunicipalityId: 'm1' }, 1);
    await realTime.verify(token);
    const exp = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).exp * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, exp - Date.now()) + 50));
    await expect(realTime.verify(token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('refuses forged, expired and missing tokens every time (refusals are not remembered)', async () => {
    const forged = await (await testAuth()).token({ userId: 'w1', homeMunicipalityId: 'm1' });
    for (let i = 0; i < 2; i++) await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    const expired = await auth.token({ userId: 'w1', homeMunicipalityId: 'm1' }, -5);
    await expect(verifier.verify(expired)).rejects.toBeInstanceOf(AuthenticationError);
    await expect(verifier.verify(undefined)).rejects.toMatchObject({ code: 'TOKEN_MISSING' });
    // a token differing in one signature character is another token: checked, and refused
    const valid = await auth.token({ userId: 'w1', homeMunicipalityId: 'm1' });
    await verifier.verify(valid);
    const tampered = valid.slice(0, -2) + (valid.at(-2) === 'A' ? 'B' : 'A') + valid.at(-1);
    await expect(verifier.verify(tampered)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('refuses a remembered token as soon as its account is deactivated or its session signed out (revocation is never remembered)', async () => {
    const token = await auth.token({ userId: 'w1', homeMunicipalityId: 'm1' });
    const other = await auth.token({ userId: 'w2', homeMunicipalityId: 'm1' });
    await verifier.verify(token);
    await verifier.verify(other);
    revocations.deactivated('w1', Date.now());
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'TOKEN_REVOKED', message: expect.stringMatching(/deactivated/) });
    const tokenId = (await verifier.verify(other)).tokenId!;
    revocations.signedOut({ userId: 'w2', tokenId, tokenExpiresAt: Date.now() + 60_000, at: Date.now(), scope: 'THIS_SESSION' });
    await expect(verifier.verify(other)).rejects.toMatchObject({ code: 'TOKEN_REVOKED', message: expect.stringMatching(/signed out/) });
    expect(signatureChecks).toHaveBeenCalledTimes(2); // both refusals came from memory, without a signature check
  });

  it('remembers a bounded number of tokens', async () => {
    const tokens = await Promise.all(['a', 'b', 'c'].map((u) => auth.token({ userId: u, homeMunicipalityId: 'm1' })));
    for (const t of tokens) await verifier.verify(t);
    await verifier.verify(tokens[0]); // forgotten (oldest of three, room for two): checked again
    await verifier.verify(tokens[2]); // still remembered
    expect(signatureChecks).toHaveBeenCalledTimes(4);
  });
});
