/**
 * The example world is what the integration tests publish on the registration topics: every one
 * of its events must pass the content check of its topic, or the read model would miss it.
 */
import { contentProblem, topics } from '@inkijk/contracts';
import { exampleWorld, M } from './example-world';

describe('the example world', () => {
  it('passes the content checks of the registration topics, published now', () => {
    const world = exampleWorld().user('haarlem-overview', { home: M.HAARLEM, products: ['overzicht-inkomen'] });
    const now = String(Date.now());
    const problems = [
      ...world.organisations.map((e) => contentProblem(topics.organisations, e, now)),
      ...world.collaborations.map((e) => contentProblem(topics.collaborations, e, now)),
      ...world.users.map((e) => contentProblem(topics.users, e, now)),
      ...world.whitelist.map((e) => contentProblem(topics.whitelist, e, now)),
    ];
    expect(problems.length).toBe(world.events.length);
    expect(problems.filter((p) => p !== null)).toEqual([]);
  });
});
