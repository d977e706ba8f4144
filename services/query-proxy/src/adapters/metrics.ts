/**
 * The gateway's operational figures. Queries by outcome and product (rate() gives queries per
 * second), denials by reason, source calls by supplier and outcome: counted where every
 * attributed query passes, its event once Kafka acknowledged it. Every 5xx answer of
 * POST /queries is counted too, once, where the answer leaves (countUnanswered): NOT_LOGGED for
 * 503 LOG_UNAVAILABLE (the decision record, the attributed query or the record of a refused
 * attempt could not be written), NOT_DECIDED for 503 AUTHORIZATION_UNAVAILABLE, NOT_READY for
 * 503 READ_MODEL_NOT_READY (just started), ERROR for any other. Labels are codes from closed lists; never a BSN, user or municipality.
 */
import type { Counter } from '@opentelemetry/api';
import { productById } from '@inkijk/contracts';
import { meter, toErrorResponse } from '@inkijk/platform';
import type { AttributionLog } from '../app/ports';

let counters: { queries: Counter; denials: Counter; sources: Counter } | undefined;
function instruments() {
  if (counters) return counters;
  const m = meter();
  counters = {
    queries: m.createCounter('inkijk_queries', { description: 'Queries by outcome (ANSWERED, PARTIALLY_ANSWERED, DENIED, SUPPLIER_ERROR; answered 5xx: NOT_LOGGED, NOT_DECIDED, NOT_READY, ERROR) and product' }),
    denials: m.createCounter('inkijk_query_denials', { description: 'Denied queries, by reason code' }),
    sources: m.createCounter('inkijk_source_calls', { description: 'Calls to data sources, by supplier and outcome' }),
  };
  return counters;
}

/** Counts each attributed query once Kafka acknowledged its event (a failed publish is counted by countUnanswered). */
export function countedAttributionLog(inner: AttributionLog): AttributionLog {
  const { queries, denials, sources } = instruments();
  return {
    async publish(event) {
      await inner.publish(event);
      queries.add(1, { outcome: event.outcome, product: event.product });
      if (event.outcome === 'DENIED') denials.add(1, { reason: event.decision.reasonCode ?? 'DENIED' });
      for (const s of event.sources) sources.add(1, { supplier: s.supplier, outcome: s.outcome });
    },
  };
}

/** The outcome label of an error POST /queries answers with, or null when it is no 5xx. */
export function unansweredOutcome(error: unknown): 'NOT_LOGGED' | 'NOT_DECIDED' | 'NOT_READY' | 'ERROR' | null {
  const { status, body } = toErrorResponse(error);
  if (status < 500) return null;
  if (body.code === 'LOG_UNAVAILABLE') return 'NOT_LOGGED';
  if (body.code === 'AUTHORIZATION_UNAVAILABLE') return 'NOT_DECIDED';
  if (body.code === 'READ_MODEL_NOT_READY') return 'NOT_READY';
  return 'ERROR';
}

/** Counts a 5xx answer of POST /queries under its outcome; `body` is the request as sent (its product, when one of the catalogue's). */
export function countUnanswered(body: unknown, error: unknown): void {
  const outcome = unansweredOutcome(error);
  if (!outcome) return;
  const product = (body as { product?: unknown } | null)?.product;
  instruments().queries.add(1, { outcome, product: typeof product === 'string' && productById(product) ? product : 'UNKNOWN' });
}
