/**
 * One way to start an HTTP service: JSON logs, the error filter, a body-size limit,
 * graceful shutdown on SIGTERM/SIGINT, bound to the configured host and port.
 */
import { DynamicModule, INestApplication, Type } from '@nestjs/common';

export type RootModule = Type<unknown> | DynamicModule;
import { NestFactory } from '@nestjs/core';
import { json, text } from 'express';
import { JsonLogger } from '../logging/json-logger';
import { ApiErrorFilter } from './errors';

export interface HttpServiceOptions {
  service: string;
  port: number;
  host?: string;
  bodyLimit?: string;
  /** Media types read as plain text (e.g. text/csv uploads), with their limit. */
  textBodies?: { types: string[]; limit: string };
}

export async function createHttpApp(module: RootModule, opts: Pick<HttpServiceOptions, 'service' | 'bodyLimit' | 'textBodies'>): Promise<INestApplication> {
  const logger = new JsonLogger(opts.service);
  const app = await NestFactory.create(module, { logger, bodyParser: false });
  configureHttpApp(app, opts);
  return app;
}

/** Body parsing, error filter and shutdown hooks; also used by tests that build the app themselves. */
export function configureHttpApp(app: INestApplication, opts: Pick<HttpServiceOptions, 'bodyLimit' | 'textBodies'>): void {
  app.use(json({ limit: opts.bodyLimit ?? '64kb' }));
  if (opts.textBodies) app.use(text({ type: opts.textBodies.types, limit: opts.textBodies.limit }));
  app.useGlobalFilters(new ApiErrorFilter());
  app.enableShutdownHooks();
}

export async function startHttpService(module: RootModule, opts: HttpServiceOptions): Promise<INestApplication> {
  const app = await createHttpApp(module, opts);
  await app.listen(opts.port, opts.host ?? '127.0.0.1');
  new JsonLogger(opts.service).log(`listening on http://${opts.host ?? '127.0.0.1'}:${opts.port}`, 'Bootstrap');
  return app;
}

/** Runs a service's main function; a configuration error prints its readable list and exits 1. */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((e: unknown) => {
    const isConfig = e instanceof Error && e.name === 'ConfigurationError';
    process.stderr.write(`${isConfig ? (e as Error).message : ((e as Error)?.stack ?? String(e))}\n`);
    process.exit(1);
  });
}
