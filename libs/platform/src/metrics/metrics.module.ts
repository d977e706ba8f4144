/**
 * `GET /metrics` for Prometheus. Not behind the user login (a scraper has no worker account)
 * but behind a scrape token of its own: `Authorization: Bearer <METRICS_TOKEN>`. Without a
 * configured token the endpoint refuses every caller. The figures carry no personal data.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { CanActivate, Controller, DynamicModule, ExecutionContext, Get, Header, Inject, Injectable, Module, UseGuards } from '@nestjs/common';
import { bearerToken, Public } from '../auth/auth.guard';
import { ApiError } from '../http/errors';
import { isScrapeToken, prometheusText } from './metrics';

export const METRICS_TOKEN = Symbol('METRICS_TOKEN');

/** Lets the scrape token through, and nothing else (a user token neither). */
@Injectable()
export class ScrapeTokenGuard implements CanActivate {
  constructor(@Inject(METRICS_TOKEN) private readonly token: string | undefined) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (!this.token) throw new ApiError(403, 'METRICS_DISABLED', 'Metrics are closed on this service: configure METRICS_TOKEN and present it as a bearer token.');
    const presented = bearerToken(ctx.switchToHttp().getRequest<{ headers: IncomingHttpHeaders }>());
    if (!presented) throw new ApiError(401, 'TOKEN_MISSING', 'Metrics need the scrape token as a bearer token.');
    if (!isScrapeToken(presented, this.token)) throw new ApiError(401, 'TOKEN_INVALID', 'This is not the scrape token of this service.');
    return true;
  }
}

@Public()
@Controller('metrics')
export class MetricsController {
  @Get()
  @UseGuards(ScrapeTokenGuard)
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  metrics(): Promise<string> {
    return prometheusText();
  }
}

@Module({})
export class MetricsModule {
  static forToken(token: string | undefined): DynamicModule {
    return { module: MetricsModule, controllers: [MetricsController], providers: [{ provide: METRICS_TOKEN, useValue: token }, ScrapeTokenGuard] };
  }
}
