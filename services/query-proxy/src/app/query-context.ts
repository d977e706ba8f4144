/**
 * One query's facts, built once when it is admitted and passed through the use case instead of
 * being derived again at every step: who asks, for whom, what and by which search key, the id
 * and trace of this query, what every call to a source carries, and (once found and decided on)
 * the data subject.
 */
import type { Product, query } from '@inkijk/contracts';
import type { QueryRequest } from '../domain/query';
import type { CallContext, Principal, TraceInfo } from './ports';

export interface QueryContext {
  principal: Principal;
  /** The query as asked: municipality acted for, product, legal domain, search key, escape reason. */
  request: QueryRequest;
  product: Product;
  /** The worker's home municipality, as registered. */
  home: query.OrganisationRef;
  /** The municipality acted for, as registered. */
  actingFor: query.OrganisationRef;
  /** The query's id: the attributed-query event id, the queryId the worker sees. */
  queryId: string;
  startedAt: number;
  trace: TraceInfo;
  /** What every call to a data source carries. */
  calls: CallContext;
  /** The person the query is about, once decided on: the BSN (in memory only) and its pseudonym from the decision. */
  subject: { bsn: string; pseudonym: string } | null;
}
