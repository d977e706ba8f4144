import { contentProblem } from './content';
import { sessions } from './catalogue';
import type { SessionEvent } from './generated/registration';

const now = Date.UTC(2026, 11, 6, 10, 0, 0);
const signedOut = (over: Partial<SessionEvent> = {}): SessionEvent => ({
  eventId: '0a0b0c0d-0000-4000-8000-000000000001',
  occurredAt: now,
  userId: '0a0b0c0d-0000-4000-8000-0000000000aa',
  homeMunicipalityId: '0a000000-0000-4000-8000-000000000392',
  tokenId: '0a0b0c0d-0000-4000-8000-0000000000bb',
  tokenExpiresAt: now + 8 * 3600_000,
  change: { 'nl.inkijk.registration.SignedOut': { scope: 'THIS_SESSION' } },
  ...over,
});

describe('content check of session events', () => {
  it('accepts a sign-in and a sign-out of a token that lives on', () => {
    expect(contentProblem(sessions, signedOut(), now)).toBeNull();
    expect(contentProblem(sessions, signedOut({ change: { 'nl.inkijk.registration.SignedIn': {} } }), now)).toBeNull();
  });

  it('names every problem of an impossible one: no UUID token id, a token expired before it signed out, or living for days', () => {
    expect(contentProblem(sessions, signedOut({ tokenId: 'abc', tokenExpiresAt: now - 1 }), now)).toMatch(/tokenId .*; tokenExpiresAt is not after occurredAt/);
    expect(contentProblem(sessions, signedOut({ tokenExpiresAt: now + 3 * 24 * 3600_000 }), now)).toMatch(/more than a day/);
    expect(contentProblem(sessions, signedOut({ occurredAt: now + 3600_000, tokenExpiresAt: now + 7200_000 }), now)).toMatch(/occurredAt/);
  });
});
