/**
 * The gateway's operational figures, counted where every query passes: the attributed-query
 * event. Queries by outcome and product (rate() gives queries per second), denials by reason,
 * source calls by supplier and outcome, and queries refused because they could not be logged.
 * Labels are codes from closed lists; never a BSN, user or municipality.
 */
import { meter } from '@inkijk/platform';
import type { AttributionLog } from '../app/ports';

export function countedAttributionLog(inner: AttributionLog): AttributionLog {
  const m = meter();
  const queries = m.createCounter('inkijk_queries', { description: 'Attributed queries, by outcome (ANSWERED, PARTIALLY_ANSWERED, DENIED, SUPPLIER_ERROR, NOT_LOGGED) and product' });
  const denials = m.createCounter('inkijk_query_denials', { description: 'Denied queries, by reason code' });
  const sources = m.createCounter('inkijk_source_calls', { description: 'Calls to data sources, by supplier and outcome' });
  return {
    async publish(event) {
      try {
        await inner.publish(event);
      } catch (e) {
        queries.add(1, { outcome: 'NOT_LOGGED', product: event.product });
        throw e;
      }
      queries.add(1, { outcome: event.outcome, product: event.product });
      if (event.outcome === 'DENIED') denials.add(1, { reason: event.decision.reasonCode ?? 'DENIED' });
      for (const s of event.sources) sources.add(1, { supplier: s.supplier, outcome: s.outcome });
    },
  };
}
