/**
 * `GET /metrics` for Prometheus. Not behind the user login (a scraper has no worker account)
 * but behind a scrape token of its own: `Authorization: Bearer <METRICS_TOKEN>`. Without a
 * configured token the endpoint refuses every caller. The figures carry no personal data.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, DynamicModule, Get, Inject, Module, Req, Res } from '@nestjs/common';
import { bearerToken, Public } from '../auth/auth.guard';
import { ApiError } from '../http/errors';
import { isScrapeToken, writePrometheusMetrics } from './metrics';

export const METRICS_TOKEN = Symbol('METRICS_TOKEN');

@Public()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_TOKEN) private readonly token: string | undefined) {}

  @Get()
  metrics(@Req() req: IncomingMessage | FastifyLike<IncomingMessage>, @Res() res: ServerResponse | (FastifyLike<ServerResponse> & { hijack(): void })): void {
    if (!this.token) throw new ApiError(403, 'METRICS_DISABLED', 'Metrics are closed on this service: configure METRICS_TOKEN and present it as a bearer token.');
    const presented = bearerToken(req);
    if (!presented) throw new ApiError(401, 'TOKEN_MISSING', 'Metrics need the scrape token as a bearer token.');
    if (!isScrapeToken(presented, this.token)) throw new ApiError(401, 'TOKEN_INVALID', 'This is not the scrape token of this service.');
    // Express hands over node's request and response; Fastify its wrappers, whose raw ones the
    // exporter writes to after the reply is hijacked (Fastify then sends nothing itself).
    if ('raw' in res) res.hijack();
    const rawRes = 'raw' in res ? res.raw : res;
    rawRes.setHeader('Cache-Control', 'no-store');
    writePrometheusMetrics('raw' in req ? req.raw : req, rawRes);
  }
}

type FastifyLike<T> = { raw: T; headers: IncomingMessage['headers'] };

@Module({})
export class MetricsModule {
  static forToken(token: string | undefined): DynamicModule {
    return { module: MetricsModule, controllers: [MetricsController], providers: [{ provide: METRICS_TOKEN, useValue: token }] };
  }
}
