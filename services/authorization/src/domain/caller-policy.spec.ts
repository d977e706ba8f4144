import { mayAsk } from './caller-policy';

const trusted = new Set(['service:query-proxy']);
const worker = { userId: 'haarlem-worker', homeMunicipalityId: 'haarlem', roles: ['WORKER'] };

describe('who may ask for a decision about whom', () => {
  it.each([
    // caller                                                          asks about                                                  allowed / code
    // a worker about itself: no whitelist oracle outside a logged query
    [worker,                                                           { userId: 'haarlem-worker', homeMunicipalityId: 'haarlem' }, 'CALLER_NOT_ALLOWED'],
    [worker,                                                           { userId: 'other-worker', homeMunicipalityId: 'haarlem' },   'CALLER_NOT_ALLOWED'],
    [{ userId: 'service:query-proxy', homeMunicipalityId: '-', roles: [] }, { userId: 'any-worker', homeMunicipalityId: 'beek' },    'allowed'],
    [{ userId: 'admin-1', homeMunicipalityId: 'haarlem', roles: ['USER_ADMINISTRATOR'] }, { userId: 'admin-1', homeMunicipalityId: 'haarlem' }, 'CALLER_NOT_ALLOWED'],
    [{ userId: 'service:other', homeMunicipalityId: '-', roles: [] },  { userId: 'any-worker', homeMunicipalityId: 'beek' },     'CALLER_NOT_ALLOWED'],
  ])('%o asking about %o: %s', (caller, subject, expected) => {
    const v = mayAsk(caller, subject, trusted);
    expect(v.allowed ? 'allowed' : v.code).toBe(expected);
  });
});
