/**
 * Timeout and circuit breaker for calls to a data source: after `failureThreshold` consecutive
 * failures the circuit opens and calls fail at once (CircuitOpenError) until `resetAfterMs` has
 * passed; then one trial call is let through (half-open): success closes, failure re-opens.
 */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
}
export class CallTimeoutError extends Error {
  override readonly name = 'CallTimeoutError';
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  failureThreshold?: number;
  resetAfterMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private readonly threshold: number;
  private readonly resetAfter: number;
  private readonly timeout: number;
  private readonly now: () => number;

  constructor(readonly name: string, opts: CircuitBreakerOptions = {}) {
    this.threshold = opts.failureThreshold ?? 5;
    this.resetAfter = opts.resetAfterMs ?? 10_000;
    this.timeout = opts.timeoutMs ?? 2_000;
    this.now = opts.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.failures < this.threshold) return 'closed';
    return this.now() - this.openedAt >= this.resetAfter ? 'half-open' : 'open';
  }

  /** Runs fn with an abort signal that fires at the timeout. */
  async run<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.trialInFlight)) {
      throw new CircuitOpenError(`${this.name} is not called for a while after repeated failures`);
    }
    const trial = state === 'half-open';
    if (trial) this.trialInFlight = true;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        fn(controller.signal),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            controller.abort();
            reject(new CallTimeoutError(`${this.name} did not answer within ${this.timeout} ms`));
          }, this.timeout);
        }),
      ]);
      this.failures = 0;
      return result;
    } catch (e) {
      this.failures = trial ? this.threshold : this.failures + 1;
      if (this.failures >= this.threshold) this.openedAt = this.now();
      throw e;
    } finally {
      clearTimeout(timer);
      if (trial) this.trialInFlight = false;
    }
  }
}
