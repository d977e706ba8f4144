import { Body, Controller, Get, HttpCode, INestApplication, Module, Param, Post, Query } from '@nestjs/common';
import request from 'supertest';
import { Public } from '../auth/auth.guard';
import { createHttpApp, initHttpApp } from './bootstrap';
import { EDGE_LIMITS } from './edge-guard';

@Public()
@Controller('things')
class ThingsController {
  @Post(':id')
  @HttpCode(200)
  put(@Param('id') id: string, @Body() body: unknown) {
    return { id, body };
  }

  @Get(':id')
  get(@Param('id') id: string, @Query('q') q?: string) {
    return { id, q };
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

const deep = (n: number): string => '['.repeat(n) + '"x"' + ']'.repeat(n);

describe.each(['express', 'fastify'] as const)('the edge guard on %s', (adapter) => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await initHttpApp(await createHttpApp(ThingsModule, { service: 'spec', adapter, bodyLimit: '256kb' }));
  });
  afterAll(() => app.close());

  it('lets ordinary input through, tabs and line breaks included', async () => {
    const res = await http().post('/things/t-1').send({ name: 'Haarlem\tnoord\nwest', list: [1, 2, { a: 'b' }] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 't-1', body: { name: 'Haarlem\tnoord\nwest', list: [1, 2, { a: 'b' }] } });
    expect((await http().get('/things/t-2?q=abc')).body).toEqual({ id: 't-2', q: 'abc' });
  });

  it('refuses a compressed body with 415, whatever the body', async () => {
    const res = await http().post('/things/x').set('content-type', 'application/json').set('content-encoding', 'gzip').send('{}');
    expect([res.status, res.body.code]).toEqual([415, 'UNSUPPORTED_ENCODING']);
    const br = await http().post('/things/x').set('content-type', 'application/json').set('content-encoding', 'br').send('{}');
    expect(br.status).toBe(415);
  });

  it.each([
    ['a NUL in a body string', () => http().post('/things/x').send({ username: 'beheer\u0000.sittard' }), 'body.username'],
    ['a NUL in a path parameter', () => http().get('/things/%00'), 'path.id'],
    ['a NUL in a query value', () => http().get('/things/x?q=%00'), 'query.q'],
    ['an escape character deep in the body', () => http().post('/things/x').send({ a: [{ b: 'x\u001by' }] }), 'body.a[0].b'],
  ])('refuses %s with 400 CONTROL_CHARACTER, naming the field', async (_what, send, field) => {
    const res = await send();
    expect([res.status, res.body.code]).toEqual([400, 'CONTROL_CHARACTER']);
    expect(res.body.message).toContain(field);
  });

  it('refuses JSON nested 10,000 deep, a string past the limit and names the limit', async () => {
    const tooDeep = await http().post('/things/x').set('content-type', 'application/json').send(deep(10_000));
    expect([tooDeep.status, tooDeep.body.code]).toEqual([400, 'TOO_DEEP']);
    expect(tooDeep.body.message).toContain(String(EDGE_LIMITS.MAX_DEPTH));
    const long = await http().post('/things/x').send({ name: 'x'.repeat(EDGE_LIMITS.MAX_STRING + 1) });
    expect([long.status, long.body.code]).toEqual([400, 'FIELD_TOO_LONG']);
    expect(long.body.message).toMatch(/body\.name is longer than 10000 characters/);
  });
});
