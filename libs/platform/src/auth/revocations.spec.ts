import { decodeJwt } from 'jose';
import type { registration } from '@inkijk/contracts';
import { applySessionEvent, applyUserEvent, issuedBefore, Revocations } from './revocations';
import { toErrorResponse } from '../http/errors';
import { AuthenticationError, generateSigningKey, ISSUED_AT_MS_CLAIM, TokenIssuer, TokenVerifier } from './tokens';

const worker = { userId: 'u-1', homeMunicipalityId: 'm-1', roles: ['WORKER' as const], displayName: 'W' };
const CHANGE = Date.UTC(2026, 11, 6, 10, 0, 0, 500); // 10:00:00.500

const userEvent = (change: registration.UserEvent['change'], occurredAt = CHANGE, userId = 'u-1'): registration.UserEvent => ({ eventId: 'e', occurredAt, userId, homeMunicipalityId: 'm-1', change });
const session = (change: registration.SessionEvent['change'], tokenId: string, occurredAt = CHANGE): registration.SessionEvent => ({ eventId: 'e', occurredAt, userId: 'u-1', homeMunicipalityId: 'm-1', tokenId, tokenExpiresAt: occurredAt + 3_600_000, change });
const rolesChanged = userEvent({ 'nl.inkijk.registration.UserRolesChanged': { roles: ['WORKER'], permittedProducts: ['brp-persoon'], escapeRight: false } });

describe('revocations (pure)', () => {
  it('refuses a token issued 1 ms before a change of roles and accepts one issued at or after it (millisecond claim)', () => {
    const r = new Revocations();
    expect(applyUserEvent(r, rolesChanged)).toBe('revoked');
    expect(r.refusal({ userId: 'u-1', issuedAt: CHANGE - 1 })).toMatch(/changed .* after this token was issued: log in again/);
    expect(r.refusal({ userId: 'u-1', issuedAt: CHANGE })).toBeNull();
    expect(r.refusal({ userId: 'u-1', issuedAt: CHANGE + 1 })).toBeNull();
    expect(r.refusal({ userId: 'u-other', issuedAt: CHANGE - 1 })).toBeNull();
  });

  it('refuses a token with second precision only from the second of the change, and accepts one of the next second', () => {
    const secondOfChange = Math.floor(CHANGE / 1000) * 1000;
    expect(issuedBefore({ issuedAt: secondOfChange }, CHANGE)).toBe(true); // may be from 10:00:00.000-.499
    expect(issuedBefore({ issuedAt: secondOfChange + 1000 }, CHANGE)).toBe(false);
  });

  it('refuses every token of a deactivated account, also one issued after the deactivation', () => {
    const r = new Revocations();
    applyUserEvent(r, userEvent({ 'nl.inkijk.registration.UserDeactivated': { reason: null } }));
    expect(r.refusal({ userId: 'u-1', issuedAt: CHANGE + 60_000 })).toMatch(/deactivated/);
    // a later change of roles does not bring it back
    applyUserEvent(r, userEvent({ 'nl.inkijk.registration.UserRolesChanged': { roles: ['WORKER'], permittedProducts: [], escapeRight: false } }, CHANGE + 1000));
    expect(r.refusal({ userId: 'u-1', issuedAt: CHANGE + 60_000 })).toMatch(/deactivated/);
    expect(r.stats()).toEqual({ accounts: 1, deactivated: 1, signedOutTokens: 0 });
  });

  it('revokes nothing for a creation or a four-eyes grant (they change no rights), and applying twice changes nothing', () => {
    const r = new Revocations();
    expect(applyUserEvent(r, userEvent({ 'nl.inkijk.registration.UserCreated': { roles: ['WORKER'], permittedProducts: [], escapeRight: false } }))).toBe('ignored');
    expect(applyUserEvent(r, userEvent({ 'nl.inkijk.registration.GrantApproved': { grantId: 'g', requestedBy: 'a', approvedBy: 'b' } }))).toBe('ignored');
    expect(r.refusal({ userId: 'u-1', issuedAt: CHANGE - 10_000 })).toBeNull();
    applyUserEvent(r, rolesChanged);
    applyUserEvent(r, userEvent(rolesChanged.change, CHANGE - 5_000)); // an older record again: notBefore only moves forward
    expect(r.refusal({ userId: 'u-1', issuedAt: CHANGE - 1 })).not.toBeNull();
  });

  it('signs out one session: that token is refused, another token of the same user is not', () => {
    const r = new Revocations();
    expect(applySessionEvent(r, session({ 'nl.inkijk.registration.SignedIn': {} }, 't-1'))).toBe('ignored');
    expect(applySessionEvent(r, session({ 'nl.inkijk.registration.SignedOut': { scope: 'THIS_SESSION' } }, 't-1'))).toBe('revoked');
    expect(r.refusal({ userId: 'u-1', tokenId: 't-1', issuedAt: CHANGE - 60_000 })).toBe('This session was signed out: log in again.');
    expect(r.refusal({ userId: 'u-1', tokenId: 't-2', issuedAt: CHANGE - 60_000 })).toBeNull();
  });

  it('signs out every session: every token issued before is refused, a new login is not', () => {
    const r = new Revocations();
    applySessionEvent(r, session({ 'nl.inkijk.registration.SignedOut': { scope: 'EVERY_SESSION' } }, 't-1'));
    expect(r.refusal({ userId: 'u-1', tokenId: 't-2', issuedAt: CHANGE - 1 })).not.toBeNull();
    expect(r.refusal({ userId: 'u-1', tokenId: 't-3', issuedAt: CHANGE })).toBeNull();
  });

  it('forgets signed-out tokens once they have expired anyway', () => {
    const r = new Revocations();
    applySessionEvent(r, session({ 'nl.inkijk.registration.SignedOut': { scope: 'THIS_SESSION' } }, 't-1'));
    expect(r.prune(CHANGE + 3_599_999)).toBe(0);
    expect(r.prune(CHANGE + 3_600_000)).toBe(1);
    expect(r.stats().signedOutTokens).toBe(0);
  });

  it('is current without a follower; with one, from caughtUp() on, and whoever waits is told', async () => {
    expect(new Revocations().isCurrent()).toBe(true);
    const r = new Revocations({ following: true });
    expect(await r.whenCurrent(20)).toBe(false);
    const waiting = r.whenCurrent(5_000);
    r.caughtUp();
    expect(await waiting).toBe(true);
    expect(r.isCurrent()).toBe(true);
  });
});

describe('tokens and revocation', () => {
  let issuer: TokenIssuer;
  let jwks: { keys: import('jose').JWK[] };

  beforeAll(async () => {
    const key = await generateSigningKey('k1');
    issuer = await TokenIssuer.fromJwk(key.privateJwk);
    jwks = key.publicJwks;
  });

  it('carries the issue time in milliseconds beside iat, and the facts the login announces', async () => {
    const at = Date.now() - 1234;
    const t = await issuer.mint(worker, { ttlSeconds: 600, issuedAt: at });
    const claims = decodeJwt(t.token);
    expect(claims[ISSUED_AT_MS_CLAIM]).toBe(at);
    expect(claims.iat).toBe(Math.floor(at / 1000));
    expect(claims.jti).toBe(t.tokenId);
    expect(t).toMatchObject({ issuedAt: at, expiresAt: (Math.floor(at / 1000) + 600) * 1000 });
  });

  it('refuses a token issued before a change with 401 TOKEN_REVOKED and a readable message, and accepts a login right after it', async () => {
    const revocations = new Revocations();
    const verifier = new TokenVerifier({ jwks, revocations });
    const change = Date.now();
    const before = await issuer.mint(worker, { issuedAt: change - 1 });
    const sameMillisecond = await issuer.mint(worker, { issuedAt: change });
    expect((await verifier.verify(before.token)).userId).toBe('u-1');
    revocations.rightsChanged('u-1', change);
    const refused = await verifier.verify(before.token).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuthenticationError);
    expect(refused).toMatchObject({ code: 'TOKEN_REVOKED', message: expect.stringMatching(/log in again/) });
    expect(toErrorResponse(refused).status).toBe(401);
    expect((await verifier.verify(sameMillisecond.token)).tokenId).toBe(sameMillisecond.tokenId);
  });

  it('holds a request while the account changes load, then answers 503 ACCOUNT_CHANGES_LOADING; once loaded it answers', async () => {
    const revocations = new Revocations({ following: true });
    const verifier = new TokenVerifier({ jwks, revocations, revocationsWaitMs: 50 });
    const token = await issuer.issue(worker);
    await expect(verifier.verify(token)).rejects.toMatchObject({ status: 503, code: 'ACCOUNT_CHANGES_LOADING' });
    const pending = verifier.verify(token);
    revocations.caughtUp();
    expect((await pending).userId).toBe('u-1');
  });
});
