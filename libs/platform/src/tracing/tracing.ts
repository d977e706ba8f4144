/**
 * OpenTelemetry for a service: a tracer provider that always creates real (sampled) spans, so
 * every query has a trace id for its logs and audit record; W3C propagation; instrumentation of
 * HTTP (incoming requests of Express services; Fastify services trace their own, see
 * server-spans.ts), Express and PostgreSQL; export to Zipkin (the trace UI of `npm start`, ADR 0023)
 * when ZIPKIN_ENDPOINT is set, over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set (a collector,
 * docker-compose), or to a JSON-lines file when OTEL_TRACES_FILE is set (tests and local runs).
 * Call initTracing() first in main.ts, before NestJS, pg or express are loaded.
 */
import * as fs from 'node:fs';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResult, ExportResultCode, hrTimeToMicroseconds } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ReadableSpan, SimpleSpanProcessor, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { setTraceContextProvider } from '../logging/json-logger';
import { initMetrics } from '../metrics/metrics';

/** Writes finished spans as JSON lines (one file shared by all services of a test run). */
export class FileSpanExporter implements SpanExporter {
  constructor(private readonly file: string) {}

  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    const lines = spans.map((s) =>
      JSON.stringify({
        service: s.resource.attributes['service.name'],
        name: s.name,
        kind: s.kind,
        traceId: s.spanContext().traceId,
        spanId: s.spanContext().spanId,
        parentSpanId: s.parentSpanContext?.spanId ?? null,
        startUs: hrTimeToMicroseconds(s.startTime),
        durationUs: hrTimeToMicroseconds(s.duration),
        status: s.status.code,
        attributes: s.attributes,
        links: s.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId })),
      }),
    );
    fs.appendFile(this.file, lines.join('\n') + '\n', (e) => done({ code: e ? ExportResultCode.FAILED : ExportResultCode.SUCCESS }));
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

let provider: NodeTracerProvider | undefined;

export interface TracingOptions {
  /**
   * Spans for incoming HTTP requests from the HTTP instrumentation (default true). Services on
   * Fastify set false: their server spans come from Fastify's hooks (ADR 0012).
   */
  incomingHttp?: boolean;
}

export function initTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env, opts: TracingOptions = {}): NodeTracerProvider {
  if (provider) return provider;
  const processors: SpanProcessor[] = [];
  // Zipkin's span API (POST /api/v2/spans); the service name comes from the resource.
  if (env.ZIPKIN_ENDPOINT) processors.push(new BatchSpanProcessor(new ZipkinExporter({ url: env.ZIPKIN_ENDPOINT }), { scheduledDelayMillis: 1000 }));
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces` })));
  }
  if (env.OTEL_TRACES_FILE) processors.push(new SimpleSpanProcessor(new FileSpanExporter(env.OTEL_TRACES_FILE)));
  provider = new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME ?? serviceName }), spanProcessors: processors });
  provider.register({ contextManager: new AsyncLocalStorageContextManager().enable() });
  // Metrics first: the HTTP instrumentation records request durations on this meter provider.
  const meterProvider = initMetrics(serviceName, env);
  registerInstrumentations({
    meterProvider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: opts.incomingHttp === false ? () => true : (req) => (req.url ?? '').startsWith('/health'),
        // Our outgoing node:http calls (data sources) run inside a client span of their own,
        // which carries the trace context; fetch is undici and not seen here. Left on, the
        // instrumentation parsed every request's URL before ignoring it (ADR 0012).
        disableOutgoingRequestInstrumentation: true,
      }),
      // Middleware layers (body parsing, CORS) add spans without meaning for a query; routes stay.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  setTraceContextProvider(() => {
    const span = trace.getSpan(context.active());
    if (!span) return {};
    const c = span.spanContext();
    return { trace_id: c.traceId, span_id: c.spanId };
  });
  process.once('beforeExit', () => void provider?.shutdown());
  return provider;
}

/** The current trace position (for events and logs). */
export function currentTrace(): { traceId: string; spanId: string } | null {
  const span = trace.getSpan(context.active());
  if (!span) return null;
  const c = span.spanContext();
  return c.traceId === '00000000000000000000000000000000' ? null : { traceId: c.traceId, spanId: c.spanId };
}
