import { checkActivityEvent } from '@inkijk/contracts';
import { activityEvent, actorOf, UNKNOWN_ACTOR } from './activity';

describe('the record of an action', () => {
  const haarlem = '11111111-1111-4111-8111-111111111111';

  it('fills ids, time and trace, keeps the actor from the token, and passes the content check', () => {
    const e = activityEvent('registration', {
      actor: actorOf({ userId: 'u-1', homeMunicipalityId: haarlem, roles: ['USER_ADMINISTRATOR'] }),
      actingForId: haarlem,
      action: 'USER_CHANGED',
      object: { type: 'USER', id: 'u-2' },
      outcome: 'SUCCEEDED',
      details: { products: 2, note: undefined, escape: false },
    }, 1_000_000);
    expect(e).toMatchObject({ service: 'registration', occurredAt: 1_000_000, actor: { userId: 'u-1', homeOrganisationId: haarlem, roles: ['USER_ADMINISTRATOR'] }, object: { type: 'USER', id: 'u-2' }, reasonCode: null, details: { products: '2', escape: 'false' } });
    expect(e.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(e.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(checkActivityEvent(e, 1_000_500)).toBeNull();
  });

  it('records a login under an unknown name without an actor', () => {
    const e = activityEvent('registration', { actor: UNKNOWN_ACTOR, actingForId: haarlem, action: 'LOGIN', object: { type: 'SESSION' }, outcome: 'REFUSED', reasonCode: 'INVALID_CREDENTIALS' });
    expect(e.actor).toEqual({ userId: null, homeOrganisationId: null, roles: [] });
    expect(e.object).toEqual({ type: 'SESSION', id: null });
  });
});
