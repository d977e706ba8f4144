/**
 * Health: every dependency (database, broker connection, consumers) registers an indicator.
 * Liveness says the process runs; readiness says every indicator is up.
 */
import { Controller, Get, HttpCode, HttpStatus, Injectable, Module, Res } from '@nestjs/common';
import { Public } from '../auth/auth.guard';

export type HealthStatus = 'up' | 'down';
export interface HealthReport {
  status: HealthStatus;
  detail?: string;
}
export interface HealthIndicator {
  readonly name: string;
  check(): Promise<HealthReport> | HealthReport;
}

@Injectable()
export class HealthRegistry {
  private readonly indicators = new Map<string, HealthIndicator>();

  register(indicator: HealthIndicator): void {
    this.indicators.set(indicator.name, indicator);
  }

  async readiness(): Promise<{ status: HealthStatus; checks: Record<string, HealthReport> }> {
    const checks: Record<string, HealthReport> = {};
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
