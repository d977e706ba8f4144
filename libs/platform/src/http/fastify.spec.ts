import { Body, Controller, Get, HttpCode, INestApplication, Module, Param, Post } from '@nestjs/common';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { Public } from '../auth/auth.guard';
import { HealthModule } from '../health/health';
import { MetricsModule } from '../metrics/metrics.module';
import { bytes, createHttpApp, initHttpApp } from './bootstrap';
import { ApiError } from './errors';

const spans = new InMemorySpanExporter();
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }).register({ contextManager: new AsyncLocalStorageContextManager().enable() });
const SCRAPE = 'scrape-token-0123456789abcdef0123456789';

@Public()
@Controller('things')
class ThingsController {
  @Post(':id')
  @HttpCode(200)
  async put(@Param('id') id: string, @Body() body: { size?: number }) {
    await new Promise((r) => setTimeout(r, 5)); // the context must survive awaits
    trace.getTracer('spec').startSpan('inner work').end();
    if (id === 'refused') throw new ApiError(409, 'THING_REFUSED', 'This thing is refused.');
    return { id, size: body.size, traceId: trace.getSpan(context.active())?.spanContext().traceId };
  }

  @Get()
  list() {
    return [];
  }
}

@Module({ imports: [HealthModule, MetricsModule.forToken(SCRAPE)], controllers: [ThingsController] })
class ThingsModule {}

describe('HTTP services on Fastify (createHttpApp with adapter fastify)', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await initHttpApp(await createHttpApp(ThingsModule, { service: 'spec', adapter: 'fastify', bodyLimit: '1kb' }));
  });
  afterAll(() => app.close());
  beforeEach(() => spans.reset());

  it('traces each request in one server span that continues the caller trace; the handler runs inside it', async () => {
    const callerTrace = '0af7651916cd43dd8448eb211c80319c';
    const res = await http().post('/things/t-1').set('traceparent', `00-${callerTrace}-b7ad6b7169203331-01`).send({ size: 3 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 't-1', size: 3, traceId: callerTrace });
    const server = spans.getFinishedSpans().find((s) => s.name === 'POST /things/:id')!;
    expect(server).toBeDefined();
    expect(server.spanContext().traceId).toBe(callerTrace);
    expect(server.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(server.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/things/:id', 'url.path': '/things/t-1', 'http.response.status_code': 200 });
    const inner = spans.getFinishedSpans().find((s) => s.name === 'inner work')!;
    expect(inner.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
  });

  it('does not trace health checks and metric scrapes', async () => {
    expect((await http().get('/health/live')).status).toBe(200);
    expect((await http().get('/metrics').set('Authorization', `Bearer ${SCRAPE}`)).status).toBe(200);
    expect(spans.getFinishedSpans()).toHaveLength(0);
  });

  it('answers refusals and bad bodies with a code and a readable message, as on Express', async () => {
    const refused = await http().post('/things/refused').send({});
    expect([refused.status, refused.body.code]).toEqual([409, 'THING_REFUSED']);
    const tooLarge = await http().post('/things/t-2').send({ pad: 'x'.repeat(2000) });
    expect([tooLarge.status, tooLarge.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const malformed = await http().post('/things/t-3').set('content-type', 'application/json').send('{"size": ');
    expect([malformed.status, malformed.body.code]).toEqual([400, 'MALFORMED_BODY']);
    expect(malformed.body.message).toBe('The request body is not valid JSON.');
    const wrongType = await http().post('/things/t-4').set('content-type', 'application/xml').send('<size>3</size>');
    expect([wrongType.status, wrongType.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const unknown = await http().get('/nothing-here');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    expect(spans.getFinishedSpans().find((s) => s.name === 'POST /things/:id' && s.attributes['http.response.status_code'] === 413)).toBeDefined();
    const notFound = spans.getFinishedSpans().find((s) => s.attributes['http.response.status_code'] === 404)!;
    expect([notFound.name, notFound.attributes['http.route'], notFound.attributes['url.path']]).toEqual(['GET', undefined, '/nothing-here']);
  });

  it('answers a body far past the limit with 413, not with a reset connection', async () => {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    const body = Buffer.alloc(9 * 1024 * 1024, 'x');
    const answer = await new Promise<{ status?: number; text: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/things/t-5', headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than this endpoint accepts.' });
  });

  it('answers a URL it cannot decode with 400 {code, message}, as every refusal', async () => {
    const res = await http().get('/things/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'MALFORMED_URL', message: expect.stringContaining('not valid') });
  });

  it('serves GET /metrics with the request durations by route', async () => {
    await http().get('/things');
    const res = await http().get('/metrics').set('Authorization', `Bearer ${SCRAPE}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toMatch(/^http_server_duration_count\{http_method="GET",http_route="\/things",http_status_code="200"\} 1$/m);
    const closed = await http().get('/metrics');
    expect([closed.status, closed.body.code]).toEqual([401, 'TOKEN_MISSING']);
  });
});

describe('bytes', () => {
  it('reads body limits as Express does', () => {
    expect([bytes('64kb'), bytes('8mb'), bytes('512'), bytes('1.5kb')]).toEqual([65536, 8 * 1024 * 1024, 512, 1536]);
    expect(() => bytes('lots')).toThrow('not a size: lots');
  });
});
