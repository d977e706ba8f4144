/**
 * Health: every dependency (database, broker connection, consumers) registers an indicator.
 * Liveness says the process runs; readiness says every indicator is up, and that nothing holds
 * it down (a consumer waiting for its database holds readiness down while it waits: `waiting`).
 */
import { Controller, Get, HttpCode, HttpStatus, Injectable, Module, Res } from '@nestjs/common';
import { Public } from '../auth/auth.guard';
import { meter } from '../metrics/metrics';

export type HealthStatus = 'up' | 'down';
export interface HealthReport {
  status: HealthStatus;
  detail?: string;
}
export interface HealthIndicator {
  readonly name: string;
  check(): Promise<HealthReport> | HealthReport;
}

/**
 * Conditions that hold readiness down, each with a reason, for as long as they last: e.g. a
 * consumer that waits for its database (consumer.ts). One per process (`readinessHolds`), read
 * by every HealthRegistry; it shows in the readiness report (as `waiting`) only while something
 * is held. Reasons are public (the endpoint needs no token): topic, offset and an error code only.
 */
export class ReadinessHolds implements HealthIndicator {
  readonly name = 'waiting';
  private readonly held = new Map<string, { reason: string; since: number }>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Holds readiness down under `key` (replacing its reason; the time counts from the first hold). */
  hold(key: string, reason: string): void {
    const before = this.held.get(key);
    this.held.set(key, { reason, since: before?.since ?? this.clock() });
  }

  release(key: string): void {
    this.held.delete(key);
  }

  isHeld(key?: string): boolean {
    return key === undefined ? this.held.size > 0 : this.held.has(key);
  }

  check(): HealthReport {
    if (this.held.size === 0) return { status: 'up' };
    const now = this.clock();
    const detail = [...this.held].map(([k, h]) => `${k}: ${h.reason} (for ${Math.round((now - h.since) / 1000)} s)`).join(', ');
    return { status: 'down', detail };
  }
}

/** The process's readiness holds, read by every HealthRegistry. */
export const readinessHolds = new ReadinessHolds();

/** The registry the readiness gauge reads: the process's latest (one per service process). */
let gaugeRegistry: HealthRegistry | undefined;
let readinessGauge = false;

/**
 * `inkijk_ready{check}`: 1 when a check of GET /health/ready is up, 0 when down, evaluated at
 * each scrape; the operators' alert on a service that is not ready (the broker or its database
 * away) reads it. Registered once per process.
 */
function readinessGaugeReads(registry: HealthRegistry): void {
  gaugeRegistry = registry;
  if (readinessGauge) return;
  readinessGauge = true;
  meter()
    .createObservableGauge('inkijk_ready', { description: 'Readiness per check of GET /health/ready (1 up, 0 down), at the time of the scrape' })
    .addCallback(async (result) => {
      if (!gaugeRegistry) return;
      const report = await gaugeRegistry.readiness();
      for (const [check, c] of Object.entries(report.checks)) result.observe(c.status === 'up' ? 1 : 0, { check });
    });
}

@Injectable()
export class HealthRegistry {
  private readonly indicators = new Map<string, HealthIndicator>();
  private holds: ReadinessHolds = readinessHolds;

  constructor() {
    readinessGaugeReads(this);
  }

  register(indicator: HealthIndicator): void {
    this.indicators.set(indicator.name, indicator);
  }

  /** Reads these holds instead of the process's (tests). */
  useHolds(holds: ReadinessHolds): void {
    this.holds = holds;
  }

  async readiness(): Promise<{ status: HealthStatus; checks: Record<string, HealthReport> }> {
    const checks: Record<string, HealthReport> = {};
    // Only while something is held, so that a report without holds stays as it was.
    if (this.holds.isHeld()) checks[this.holds.name] = this.holds.check();
    await Promise.all(
      [...this.indicators.values()].map(async (i) => {
        try {
          checks[i.name] = await withTimeout(Promise.resolve(i.check()), 3000);
        } catch (e) {
          checks[i.name] = { status: 'down', detail: (e as Error).message };
        }
      }),
    );
    const status = Object.values(checks).every((c) => c.status === 'up') ? 'up' : 'down';
    return { status, checks };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}

/** Public by design: orchestrators probe these without a token; they reveal no data. */
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get('live')
  @HttpCode(HttpStatus.OK)
  live() {
    return { status: 'up' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: { status(code: number): unknown }) {
    const report = await this.registry.readiness();
    res.status(report.status === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}

@Module({ providers: [HealthRegistry], controllers: [HealthController], exports: [HealthRegistry] })
export class HealthModule {}
