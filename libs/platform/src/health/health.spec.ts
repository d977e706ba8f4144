/** Readiness with holds: down with the reason while something is held, as before when nothing is. */
import { prometheusText } from '../metrics/metrics';
import { HealthRegistry, ReadinessHolds } from './health';

describe('readiness holds', () => {
  let now = 0;
  const holds = new ReadinessHolds(() => now);
  const registry = new HealthRegistry();
  registry.useHolds(holds);
  registry.register({ name: 'database', check: () => ({ status: 'up' }) });

  it('leaves the report as it was while nothing is held', async () => {
    expect(await registry.readiness()).toEqual({ status: 'up', checks: { database: { status: 'up' } } });
  });

  it('is down while a consumer waits, naming where, why and for how long, and up again once released', async () => {
    holds.hold('consumer:g t[0]', 'waiting at offset 20 (ECONNREFUSED, 1 attempt(s))');
    now += 4_000;
    holds.hold('consumer:g t[0]', 'waiting at offset 20 (ECONNREFUSED, 5 attempt(s))');
    expect(await registry.readiness()).toEqual({
      status: 'down',
      checks: { database: { status: 'up' }, waiting: { status: 'down', detail: 'consumer:g t[0]: waiting at offset 20 (ECONNREFUSED, 5 attempt(s)) (for 4 s)' } },
    });
    holds.release('consumer:g t[0]');
    expect((await registry.readiness()).status).toBe('up');
  });
});

describe('the readiness gauge (inkijk_ready, read by the operators\' not-ready alert)', () => {
  it('reports each check of the latest registry at the scrape: 1 up, 0 down', async () => {
    let brokerUp = true;
    const registry = new HealthRegistry();
    registry.useHolds(new ReadinessHolds());
    registry.register({ name: 'database', check: () => ({ status: 'up' }) });
    registry.register({ name: 'kafka', check: () => ({ status: brokerUp ? 'up' : 'down', detail: 'producer: disconnected' }) });
    expect(await prometheusText()).toMatch(/^inkijk_ready\{check="kafka"\} 1$/m);
    brokerUp = false;
    const text = await prometheusText();
    expect(text).toMatch(/^inkijk_ready\{check="kafka"\} 0$/m);
    expect(text).toMatch(/^inkijk_ready\{check="database"\} 1$/m);
  });
});
