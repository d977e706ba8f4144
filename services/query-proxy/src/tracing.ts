// Loaded first by main.ts: instrumentation must patch http, express and pg before they load.
import { initTracing } from '@inkijk/platform/tracing/tracing';

// Server spans come from Fastify's hooks (ADR 0012).
initTracing('query-proxy', process.env, { incomingHttp: false });
