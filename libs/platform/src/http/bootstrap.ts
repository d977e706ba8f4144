/**
 * One way to start an HTTP service: JSON logs, the error filter, a body-size limit,
 * graceful shutdown on SIGTERM/SIGINT, bound to the configured host and port. Services on the
 * query path run on Fastify, the others on Express (ADR 0012); both get the same errors.
 */
import { refusalOf } from '../kafka/refusals';
import { EdgeGuard, inputProblem } from './edge-guard';
import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, text } from 'express';
import { JsonLogger } from '../logging/json-logger';
import { HookableServer, traceServerRequests } from '../tracing/server-spans';
import { ApiError, ApiErrorFilter } from './errors';

export type RootModule = Type<unknown> | DynamicModule;

/** A body past the limit is read and dropped up to this size before the 413 (larger: answered at once). */
const DRAIN_LIMIT = 32 * 1024 * 1024;
const TOO_LARGE = new ApiError(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than this endpoint accepts.');

export interface HttpAppOptions {
  service: string;
  /** The HTTP layer under NestJS: 'express' (default) or 'fastify' (the query path, ADR 0012). */
  adapter?: 'express' | 'fastify';
  /** Largest accepted body, e.g. '64kb' (the default) or '8mb'. */
  bodyLimit?: string;
  /** Media types read as plain text (e.g. text/csv uploads), with their limit. */
  textBodies?: { types: string[]; limit: string };
  /**
   * Express only: the few paths that take a large body (e.g. a whitelist import), with their
   * limit. Elsewhere `bodyLimit` holds, and text bodies are read only on these paths. A large body
   * is read only from a request that carries a bearer token (checked by the guard after it).
   */
  largeBodies?: { paths: RegExp; limit: string };
}

export interface HttpServiceOptions extends HttpAppOptions {
  port: number;
  host?: string;
}

export async function createHttpApp(module: RootModule, opts: HttpAppOptions): Promise<INestApplication> {
  const logger = new JsonLogger(opts.service);
  const adapter = opts.adapter === 'fastify' ? fastifyAdapter(opts) : undefined;
  const app = adapter ? await NestFactory.create(module, adapter, { logger, bodyParser: false, abortOnError: false }) : await NestFactory.create(module, { logger, bodyParser: false, abortOnError: false });
  configureHttpApp(app, opts);
  return app;
}

/**
 * Fastify with the body limit, text bodies and server spans (the HTTP instrumentation leaves
 * the incoming requests of these services alone: initTracing's `incomingHttp: false`).
 */
function fastifyAdapter(opts: HttpAppOptions): FastifyAdapter {
  const bodyLimit = bytes(opts.bodyLimit ?? '64kb');
  const textLimit = opts.textBodies ? bytes(opts.textBodies.limit) : bodyLimit;
  const adapter = new FastifyAdapter({
    bodyLimit,
    // A URL Fastify cannot decode (broken percent-encoding) is refused before routing: {code, message} like every refusal.
    frameworkErrors: (_error: Error, _req: unknown, reply: { code(status: number): { send(body: unknown): unknown } }) => {
      void reply.code(400).send({ code: 'MALFORMED_URL', message: 'The address of this request is not valid (broken percent-encoding).' });
    },
  });
  const instance = adapter.getInstance();
  if (opts.textBodies) {
    instance.addContentTypeParser(opts.textBodies.types, { parseAs: 'string', bodyLimit: bytes(opts.textBodies.limit) }, (_req, body, done) => done(null, body));
  }
  traceServerRequests(instance as unknown as HookableServer);
  // A compressed body is refused (415), and one its Content-Length says is too large (413), before
  // Fastify's parser reads it. The body is read and dropped first (up to DRAIN_LIMIT), so that a
  // client still sending gets the answer rather than a reset connection, as on Express.
  instance.addHook('onRequest', (req, reply, done) => {
    const length = Number(req.headers['content-length'] ?? 0) || 0;
    const text = opts.textBodies?.types.some((t) => String(req.headers['content-type'] ?? '').toLowerCase().startsWith(t));
    const problem = inputProblem({ contentEncoding: req.headers['content-encoding'] }) ?? (length > (text ? textLimit : bodyLimit) ? TOO_LARGE : null);
    if (!problem) return done();
    let answered = false;
    const answer = () => {
      if (answered) return;
      answered = true;
      void reply.code(problem.status).send({ code: problem.code, message: problem.message });
    };
    if (length === 0 || length > DRAIN_LIMIT || req.raw.complete) return answer();
    req.raw.once('end', answer).once('error', answer).resume();
  });
  return adapter;
}

/** Body parsing (Express), error filter and shutdown hooks; also used by tests that build the app themselves. */
export function configureHttpApp(app: INestApplication, opts: Pick<HttpAppOptions, 'bodyLimit' | 'textBodies' | 'largeBodies'>): void {
  if (!isFastify(app)) {
    // A compressed body is refused (415) before body-parser would try to inflate it.
    app.use(refuseContentEncoding);
    const small = json({ limit: opts.bodyLimit ?? '64kb' });
    const large = opts.largeBodies;
    if (!large) {
      app.use(small);
      if (opts.textBodies) app.use(text({ type: opts.textBodies.types, limit: opts.textBodies.limit }));
    } else {
      const bigJson = json({ limit: large.limit });
      const bigText = opts.textBodies ? text({ type: opts.textBodies.types, limit: opts.textBodies.limit }) : undefined;
      app.use((req: IncomingMessage & { path: string }, res: ServerResponse, next: (e?: unknown) => void) => {
        if (!large.paths.test(req.path) || !String(req.headers.authorization ?? '').startsWith('Bearer ')) return small(req, res, next);
        bigJson(req, res, (e?: unknown) => (e || !bigText ? next(e) : bigText(req, res, next)));
      });
    }
  }
  app.useGlobalFilters(new ApiErrorFilter(app.getHttpAdapter()));
  app.useGlobalGuards(new EdgeGuard());
  app.enableShutdownHooks();
}

/** app.init(), and on Fastify also its ready(): routes answer only after it (tests that use supertest). */
export async function initHttpApp(app: INestApplication): Promise<INestApplication> {
  await app.init();
  if (isFastify(app)) await (app.getHttpAdapter().getInstance() as { ready(): PromiseLike<unknown> }).ready();
  return app;
}

function isFastify(app: INestApplication): boolean {
  return app.getHttpAdapter().getType() === 'fastify';
}

/** '64kb' -> 65536; plain numbers are bytes. */
export function bytes(limit: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb)?$/i.exec(limit.trim());
  if (!m) throw new Error(`not a size: ${limit} (use e.g. 64kb or 8mb)`);
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[(m[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb'];
  return Math.floor(Number(m[1]) * unit);
}

export async function startHttpService(module: RootModule, opts: HttpServiceOptions): Promise<INestApplication> {
  const app = await createHttpApp(module, opts);
  await app.listen(opts.port, opts.host ?? '127.0.0.1');
  new JsonLogger(opts.service).log(`listening on http://${opts.host ?? '127.0.0.1'}:${opts.port}`, 'Bootstrap');
  return app;
}

/**
 * Runs a service's main function. A configuration error prints its readable list, a broker that
 * refuses the service's principal (wrong password, missing ACL) one line saying so; both exit 1.
 */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((e: unknown) => {
    process.stderr.write(`${startFailureText(e)}\n`);
    process.exit(1);
  });
}

export function startFailureText(e: unknown): string {
  if (e instanceof Error && e.name === 'ConfigurationError') return e.message;
  const refusal = refusalOf(e);
  if (refusal) {
    return `The Kafka broker refused this service (${refusal}): ${(e as Error).message.split('\n')[0]}. Check KAFKA_USERNAME and KAFKA_PASSWORD, and the ACLs the provisioning generates from contracts/ (deploy/kafka).`;
  }
  return (e as Error)?.stack ?? String(e);
}

/** Express middleware: a Content-Encoding other than identity is answered 415 before any parser. */
function refuseContentEncoding(req: { headers: Record<string, string | string[] | undefined> }, res: { status(n: number): { json(b: unknown): void } }, next: () => void): void {
  const problem = inputProblem({ contentEncoding: req.headers['content-encoding'] });
  if (problem) return res.status(problem.status).json({ code: problem.code, message: problem.message });
  next();
}
