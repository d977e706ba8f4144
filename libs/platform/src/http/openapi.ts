/**
 * OpenAPI 3.1 from the schemas that validate the input. A service declares its HTTP API once, as
 * a route table (method, path, summary, who may call it, and the zod schemas of its path
 * parameters, query, headers and body); its controllers validate with those same schemas
 * (parseInput), and openApiDocument() turns the table into the document every service serves at
 * GET /openapi.json (public). Path ids that are UUIDs are declared so (format uuid).
 *
 * routeCoverage() compares a service's controllers (NestJS route metadata) with its document, so
 * a unit test fails when an endpoint is served but not documented, or documented but not served.
 */
import { Controller, Get, Header, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { z } from 'zod';
import { Public } from '../auth/auth.guard';
import { HealthController } from '../health/health';
import { MetricsController } from '../metrics/metrics.module';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type JsonSchema = Record<string, unknown>;

/** A schema of named inputs (path parameters, query values, headers): a zod object. */
export type NamedInputs = z.ZodObject<z.ZodRawShape>;

export interface RouteSpec {
  method: HttpMethod;
  /** OpenAPI style: /collaborations/{id}/members. */
  path: string;
  summary: string;
  description?: string;
  /** Roles that may call it (x-roles); [] when no user role may (service callers only); absent when any login may. */
  roles?: readonly string[];
  /** No token needed. */
  public?: boolean;
  /** Another security scheme instead of the login (a name in DocumentInfo.securitySchemes). */
  security?: string;
  params?: NamedInputs;
  query?: NamedInputs;
  headers?: NamedInputs;
  /** The JSON body. */
  body?: z.ZodType;
  /** The body is optional (an empty body is read as {}). */
  bodyOptional?: boolean;
  /** Other media types the body may come as, e.g. text/csv, with their JSON schema. */
  otherBodies?: Record<string, JsonSchema>;
  /** An HTML form's fields (application/x-www-form-urlencoded), for pages. */
  form?: NamedInputs;
  /** multipart/form-data: a text field holding the body as JSON, and a file. */
  multipart?: { jsonField: string; file: string; fileRequired: boolean; fileDescription: string; alsoJson?: boolean };
  /** Success status and what it answers (default 200, JSON). */
  status?: number;
  answers?: string;
  /** Media types of the success answer (default application/json). */
  produces?: readonly string[];
  /** Other answers that are not refusals, e.g. { 202: 'Accepted: waits for a second person' }. */
  otherAnswers?: Record<number, string>;
  /** Refusals this endpoint gives besides the usual ones (e.g. 429, 503). */
  refusals?: readonly number[];
}

export interface DocumentInfo {
  title: string;
  version?: string;
  description: string;
  /** Extra security schemes (e.g. the simulators' admin token). */
  securitySchemes?: Record<string, JsonSchema>;
  /** Include /health/live, /health/ready, /metrics and /openapi.json (default true). */
  standardRoutes?: boolean;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  security: Array<Record<string, string[]>>;
  components: { securitySchemes: Record<string, JsonSchema>; responses: Record<string, JsonSchema> };
  paths: Record<string, Partial<Record<HttpMethod, Operation>>>;
}

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  'x-roles'?: readonly string[];
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: JsonSchema; description?: string }>;
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, JsonSchema>;
}

/** The JSON Schema (2020-12, as OpenAPI 3.1 uses) of what a zod schema accepts as input. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const ERROR = { $ref: '#/components/responses/Error' };
const USUAL_REFUSALS = [400, 404, 409, 413, 415, 422];

/** The routes every service has: health, metrics (scrape token) and this document. */
export const STANDARD_ROUTES: readonly RouteSpec[] = [
  { method: 'get', path: '/health/live', summary: 'Liveness', public: true, answers: '{status: "up"}' },
  { method: 'get', path: '/health/ready', summary: 'Readiness (database, Kafka connections, consumers, read model)', public: true, answers: 'up', refusals: [503] },
  { method: 'get', path: '/metrics', summary: 'Metrics in the Prometheus text format', security: 'scrapeToken', produces: ['text/plain'], answers: 'Prometheus text exposition' },
  { method: 'get', path: '/openapi.json', summary: 'This document (OpenAPI 3.1)', public: true, answers: 'OpenAPI 3.1' },
];

export function openApiDocument(info: DocumentInfo, routes: readonly RouteSpec[]): OpenApiDocument {
  const all = [...routes, ...(info.standardRoutes === false ? [] : STANDARD_ROUTES)];
  const paths: OpenApiDocument['paths'] = {};
  const ids = new Set<string>();
  for (const r of all) {
    const op = operationOf(r);
    if (ids.has(op.operationId) || paths[r.path]?.[r.method]) throw new Error(`the route table has ${r.method.toUpperCase()} ${r.path} twice`);
    ids.add(op.operationId);
    (paths[r.path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version ?? '1.0.0', description: info.description },
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The one login (registration issues it)' },
        scrapeToken: { type: 'http', scheme: 'bearer', description: 'The METRICS_TOKEN of the service (not a login)' },
        ...info.securitySchemes,
      },
      responses: {
        Error: {
          description: 'Refused: a machine-readable code and a sentence for a person.',
          content: { 'application/json': { schema: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } } },
        },
      },
    },
    paths,
  };
}

function operationOf(r: RouteSpec): Operation {
  const pathNames = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const declared = Object.keys(r.params?.shape ?? {});
  if (pathNames.join() !== declared.join()) {
    throw new Error(`${r.method.toUpperCase()} ${r.path}: path parameters ${JSON.stringify(pathNames)} but the schema declares ${JSON.stringify(declared)}`);
  }
  const parameters = [...named(r.params, 'path'), ...named(r.query, 'query'), ...named(r.headers, 'header')];
  const status = r.status ?? 200;
  const responses: Record<string, JsonSchema> = {
    [String(status)]: { description: r.answers ?? 'OK', ...(r.produces ? { content: Object.fromEntries(r.produces.map((t) => [t, {}])) } : {}) },
  };
  for (const [s, description] of Object.entries(r.otherAnswers ?? {})) responses[s] = { description };
  const refusals = [...USUAL_REFUSALS, ...(r.public ? [] : [401, 403]), ...(r.refusals ?? [])];
  for (const s of [...new Set(refusals)].sort()) responses[String(s)] = s === 503 && r.path === '/health/ready' ? { description: 'down' } : ERROR;
  const roles = r.roles ? (r.roles.length ? `Roles: ${r.roles.join(' or ')}.` : 'No user role: service callers only.') : undefined;
  return {
    operationId: operationIdOf(r),
    summary: r.summary,
    ...(r.description || roles ? { description: [r.description, roles].filter(Boolean).join(' ') } : {}),
    ...(r.roles ? { 'x-roles': r.roles } : {}),
    ...(r.public ? { security: [] } : r.security ? { security: [{ [r.security]: [] }] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(requestBodyOf(r) ? { requestBody: requestBodyOf(r) } : {}),
    responses,
  };
}

function named(schema: NamedInputs | undefined, where: 'path' | 'query' | 'header') {
  if (!schema) return [];
  const s = jsonSchemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, p]) => {
    const { description, ...rest } = p as JsonSchema & { description?: string };
    return { name, in: where, required: where === 'path' || (s.required ?? []).includes(name), schema: rest, ...(typeof description === 'string' ? { description } : {}) };
  });
}

function requestBodyOf(r: RouteSpec): Operation['requestBody'] | undefined {
  const content: Record<string, { schema: JsonSchema }> = {};
  if (r.multipart && r.body) {
    const m = r.multipart;
    content['multipart/form-data'] = {
      schema: {
        type: 'object',
        required: m.fileRequired ? [m.jsonField, m.file] : [m.jsonField],
        properties: {
          [m.jsonField]: { type: 'string', contentMediaType: 'application/json', contentSchema: jsonSchemaOf(r.body) },
          [m.file]: { type: 'string', format: 'binary', description: m.fileDescription },
        },
      },
    };
  }
  if (r.body && (!r.multipart || r.multipart.alsoJson)) content['application/json'] = { schema: jsonSchemaOf(r.body) };
  if (r.form) content['application/x-www-form-urlencoded'] = { schema: jsonSchemaOf(r.form) };
  for (const [type, schema] of Object.entries(r.otherBodies ?? {})) content[type] = { schema };
  if (!Object.keys(content).length) return undefined;
  return { required: !r.bodyOptional, content };
}

function operationIdOf(r: RouteSpec): string {
  const words = r.path.split('/').filter(Boolean).map((p) => p.replace(/[{}.]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase()));
  return [r.method, ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('');
}

/** GET /openapi.json (public) serving a document; add it to the service's controllers. */
export function openApiController(doc: OpenApiDocument): Type<unknown> {
  @Public()
  @Controller()
  class OpenApiController {
    @Get('openapi.json')
    @Header('Cache-Control', 'no-cache')
    document() {
      return doc;
    }
  }
  return OpenApiController;
}

/** "GET /users/{id}" for every route of these controllers, from NestJS's route metadata. */
export function nestRoutes(controllers: readonly Type<unknown>[]): string[] {
  const routes: string[] = [];
  for (const c of controllers) {
    const prefixes = [Reflect.getMetadata(PATH_METADATA, c) ?? '/'].flat() as string[];
    for (const name of Object.getOwnPropertyNames(c.prototype)) {
      const handler = (c.prototype as Record<string, unknown>)[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (method === undefined || paths === undefined) continue;
      for (const prefix of prefixes) {
        for (const p of [paths].flat()) {
          const full = `/${[prefix, p].map((x) => x.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`.replace(/:(\w+)/g, '{$1}');
          routes.push(`${RequestMethod[method]} ${full}`);
        }
      }
    }
  }
  return routes.sort();
}

/** "GET /users/{id}" for every operation of a document. */
export function documentedRoutes(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths)
    .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
    .sort();
}

/**
 * Served routes that are not documented, and documented ones that are not served. The standard
 * controllers (health, metrics, this document) are counted as served.
 */
export function routeCoverage(doc: OpenApiDocument, controllers: readonly Type<unknown>[]): { undocumented: string[]; unserved: string[] } {
  const served = nestRoutes([...controllers, HealthController, MetricsController, openApiController(doc)]);
  const documented = documentedRoutes(doc);
  return { undocumented: served.filter((r) => !documented.includes(r)), unserved: documented.filter((r) => !served.includes(r)) };
}
