/**
 * W3C trace context across Kafka: injected into record headers by producers, extracted by
 * consumers, so one query is one trace from the HTTP edge to every consumer's database write.
 */
import { context, Context, Link, propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { IHeaders } from 'kafkajs';

// The W3C propagator is the platform's one propagation format, set even when no SDK is.
propagation.setGlobalPropagator(new W3CTraceContextPropagator());

export const tracer = () => trace.getTracer('inkijk-platform');

export function injectTraceHeaders(headers: Record<string, string> = {}, ctx: Context = context.active()): Record<string, string> {
  propagation.inject(ctx, headers);
  return headers;
}

export function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  const v = headers?.[name];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.length ? v[0].toString() : undefined;
  return v.toString();
}

export function extractTraceContext(headers: IHeaders | undefined): Context {
  const carrier: Record<string, string> = {};
  for (const name of ['traceparent', 'tracestate']) {
    const v = headerString(headers, name);
    if (v) carrier[name] = v;
  }
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** The trace id in a traceparent header, if any (also without an SDK). */
export function traceIdOf(headers: IHeaders | undefined): string | undefined {
  const tp = headerString(headers, 'traceparent');
  const m = tp && /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(tp);
  return m ? m[1] : undefined;
}

/** Runs fn in a span; records failures on it. */
export async function inSpan<R>(
  name: string,
  opts: { kind?: SpanKind; attributes?: Record<string, string | number | boolean>; parent?: Context; links?: Link[] },
  fn: (span: Span) => Promise<R>,
): Promise<R> {
  const parent = opts.parent ?? context.active();
  return tracer().startActiveSpan(name, { kind: opts.kind ?? SpanKind.INTERNAL, attributes: opts.attributes, links: opts.links }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (e) {
      span.recordException(e as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message });
      throw e;
    } finally {
      span.end();
    }
  });
}
