/**
 * `GET /metrics` for Prometheus. Not behind the user login (a scraper has no worker account)
 * but behind a scrape token of its own: `Authorization: Bearer <METRICS_TOKEN>`. Without a
 * configured token the endpoint refuses every caller. The figures carry no personal data.
 */
import { Controller, DynamicModule, Get, Inject, Module, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { bearerToken, Public } from '../auth/auth.guard';
import { ApiError } from '../http/errors';
import { isScrapeToken, writePrometheusMetrics } from './metrics';

export const METRICS_TOKEN = Symbol('METRICS_TOKEN');

@Public()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_TOKEN) private readonly token: string | undefined) {}

  @Get()
  metrics(@Req() req: Request, @Res() res: Response): void {
    if (!this.token) throw new ApiError(403, 'METRICS_DISABLED', 'Metrics are closed on this service: configure METRICS_TOKEN and present it as a bearer token.');
    const presented = bearerToken(req);
    if (!presented) throw new ApiError(401, 'TOKEN_MISSING', 'Metrics need the scrape token as a bearer token.');
    if (!isScrapeToken(presented, this.token)) throw new ApiError(401, 'TOKEN_INVALID', 'This is not the scrape token of this service.');
    res.setHeader('Cache-Control', 'no-store');
    writePrometheusMetrics(req, res);
  }
}

@Module({})
export class MetricsModule {
  static forToken(token: string | undefined): DynamicModule {
    return { module: MetricsModule, controllers: [MetricsController], providers: [{ provide: METRICS_TOKEN, useValue: token }] };
  }
}
