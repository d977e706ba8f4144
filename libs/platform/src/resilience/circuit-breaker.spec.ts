import { CallTimeoutError, CircuitBreaker, CircuitOpenError } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const breaker = () => new CircuitBreaker('UWV', { failureThreshold: 2, resetAfterMs: 1000, timeoutMs: 50, now: () => now });
  const fail = () => Promise.reject(new Error('boom'));
  const ok = () => Promise.resolve('data');

  beforeEach(() => (now = 0));

  it('opens after consecutive failures, refuses at once while open, and tries again after the pause', async () => {
    const b = breaker();
    await expect(b.run(fail)).rejects.toThrow('boom');
    expect(b.state).toBe('closed');
    await expect(b.run(fail)).rejects.toThrow('boom');
    expect(b.state).toBe('open');
    let called = false;
    await expect(b.run(async () => ((called = true), 'x'))).rejects.toBeInstanceOf(CircuitOpenError);
    expect(called).toBe(false);
    now = 1000;
    expect(b.state).toBe('half-open');
    await expect(b.run(ok)).resolves.toBe('data');
    expect(b.state).toBe('closed');
  });

  it('re-opens when the trial call fails', async () => {
    const b = breaker();
    await b.run(fail).catch(() => undefined);
    await b.run(fail).catch(() => undefined);
    now = 1500;
    await expect(b.run(fail)).rejects.toThrow('boom');
    expect(b.state).toBe('open');
  });

  it('times out a slow call, aborting it, and counts it as a failure', async () => {
    const b = breaker();
    let aborted = false;
    await expect(
      b.run((signal) => new Promise((resolve) => {
        signal.addEventListener('abort', () => (aborted = true));
        setTimeout(resolve, 500);
      })),
    ).rejects.toBeInstanceOf(CallTimeoutError);
    expect(aborted).toBe(true);
  });
});
