import { Body, Controller, Get, INestApplication, Module, Param, Post, Put } from '@nestjs/common';
import request from 'supertest';
import { z } from 'zod';
import { Public } from '../auth/auth.guard';
import { createHttpApp, initHttpApp } from './bootstrap';
import { documentedRoutes, nestRoutes, openApiController, openApiDocument, routeCoverage, RouteSpec } from './openapi';
import { parseInput } from './validation';

const params = z.object({ id: z.string().uuid() });
const body = z.object({ name: z.string().min(1).max(200), roles: z.array(z.enum(['WORKER', 'SECURITY_OFFICER'])).max(4), escapeRight: z.boolean().default(false) });
const ROUTES: RouteSpec[] = [
  { method: 'get', path: '/things', summary: 'All things', query: z.object({ asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), limit: z.coerce.number().int().min(1).max(50).optional() }) },
  { method: 'put', path: '/things/{id}', summary: 'Replace a thing', roles: ['SECURITY_OFFICER'], params, body },
  { method: 'post', path: '/login', summary: 'Log in', public: true, body: z.object({ username: z.string() }), refusals: [429] },
];
const doc = openApiDocument({ title: 'things', description: 'A test API' }, ROUTES);

@Controller('things')
class ThingsController {
  @Get()
  list() {
    return [];
  }

  @Put(':id')
  replace(@Param() p: unknown, @Body() b: unknown) {
    return { ...parseInput(params, p, 'path'), ...parseInput(body, b, 'thing') };
  }
}

@Public()
@Controller()
class LoginController {
  @Post('login')
  login() {
    return {};
  }

  @Post('logout')
  logout() {
    return {};
  }
}

describe('the OpenAPI document made from a route table', () => {
  it('is OpenAPI 3.1 with every route and the standard ones', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(documentedRoutes(doc)).toEqual(['GET /health/live', 'GET /health/ready', 'GET /metrics', 'GET /openapi.json', 'GET /things', 'POST /login', 'PUT /things/{id}']);
  });

  it('declares path ids as UUIDs, query values with their limits, and the body from the same schema', () => {
    const put = doc.paths['/things/{id}'].put!;
    expect(put.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: expect.objectContaining({ type: 'string', format: 'uuid' }) }]);
    expect(put.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: expect.objectContaining({ type: 'object', required: ['name', 'roles'], properties: expect.objectContaining({ name: { type: 'string', minLength: 1, maxLength: 200 } }) }) } },
    });
    expect(put['x-roles']).toEqual(['SECURITY_OFFICER']);
    expect(put.responses['403']).toEqual({ $ref: '#/components/responses/Error' });
    const list = doc.paths['/things'].get!;
    expect(list.parameters).toEqual([
      { name: 'asOf', in: 'query', required: false, schema: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 50 } },
    ]);
  });

  it('marks public routes as needing no token, and keeps their own refusals', () => {
    const login = doc.paths['/login'].post!;
    expect(login.security).toEqual([]);
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(['200', '400', '429']));
    expect(login.responses['401']).toBeUndefined();
    expect(doc.paths['/metrics'].get!.security).toEqual([{ scrapeToken: [] }]);
  });

  it('refuses a table with a route twice or path parameters its schema does not declare', () => {
    expect(() => openApiDocument({ title: 't', description: 'd' }, [ROUTES[0], ROUTES[0]])).toThrow(/GET \/things twice/);
    expect(() => openApiDocument({ title: 't', description: 'd' }, [{ method: 'get', path: '/x/{id}', summary: 's' }])).toThrow(/path parameters \["id"\]/);
  });
});

describe('route coverage', () => {
  it('reads the routes from NestJS route metadata', () => {
    expect(nestRoutes([ThingsController, LoginController])).toEqual(['GET /things', 'POST /login', 'POST /logout', 'PUT /things/{id}']);
  });

  it('names a served route the document lacks, and a documented route nobody serves', () => {
    expect(routeCoverage(doc, [ThingsController, LoginController])).toEqual({ undocumented: ['POST /logout'], unserved: [] });
    expect(routeCoverage(doc, [LoginController])).toEqual({ undocumented: ['POST /logout'], unserved: ['GET /things', 'PUT /things/{id}'] });
  });
});

describe('the served document and the validation by the same schema', () => {
  @Module({ controllers: [ThingsController, openApiController(doc)] })
  class ThingsModule {}
  let app: INestApplication;

  beforeAll(async () => {
    app = await initHttpApp(await createHttpApp(ThingsModule, { service: 'spec' }));
  });
  afterAll(() => app.close());

  it('serves GET /openapi.json without a token', async () => {
    const res = await request(app.getHttpServer()).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('refuses what the document says is wrong with 400 {code, message}', async () => {
    const res = await request(app.getHttpServer()).put('/things/not-a-uuid').send({ name: 'x', roles: [] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('id') });
  });
});

describe('parseInput', () => {
  it('answers the code a schema names for its check', () => {
    const month = z.object({ month: z.string().refine((m) => /^\d{4}-\d{2}$/.test(m), { message: 'not a month', params: { code: 'INVALID_MONTH' } }) });
    expect(() => parseInput(month, { month: 'oct' }, 'path')).toThrow(expect.objectContaining({ status: 400, code: 'INVALID_MONTH', message: 'The path is not valid: month: not a month.' }));
    expect(() => parseInput(month, {}, 'path')).toThrow(expect.objectContaining({ status: 400, code: 'VALIDATION_FAILED' }));
  });
});
