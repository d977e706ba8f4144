/** What the query use case needs; adapters provide it. */
import type { query } from '@inkijk/contracts';
import type { ActionRecord } from '@inkijk/platform';
import type { SearchKey, SourceResult } from '../domain/query';

export interface Principal {
  userId: string;
  homeMunicipalityId: string;
  roles: string[];
}

export interface Decision {
  decisionId: string;
  permitted: boolean;
  reasonCode: string | null;
  reasonForUser: string | null;
  escape: boolean;
  collaborationId: string | null;
  rulesVersion: string;
  whitelist: query.WhitelistResult;
  actingFor: query.OrganisationRef | null;
  /** The data subject's pseudonym as the decision record carries it; null when no person was asked about. */
  dataSubjectPseudonym: string | null;
}

export interface DecisionPort {
  decide(q: { userId: string; homeMunicipalityId: string; actingForMunicipalityId: string; product: string; legalDomain: string; bsn: string | null; escapeReason: string | null; at: number; traceId: string }): Promise<Decision>;
  organisation(id: string): query.OrganisationRef | null;
  /**
   * Whose client the citizen is, for a query permitted through a collaboration: whether the chosen
   * municipality's caseload holds the citizen on the day, else which other members' do. Null when
   * there is nothing to say (no person, the home municipality itself).
   */
  caseload(q: { collaborationId: string | null; actingForMunicipalityId: string; bsn: string | null; at: number }): { actingForHolds: boolean; heldBy: query.OrganisationRef[] } | null;
  /** Whether the user holds the escape right (to offer the escape list after a whitelist refusal). */
  hasEscapeRight(userId: string): boolean;
}

/** Publishes the attributed-query event; resolves only once Kafka acknowledged it (acks=all). */
export interface AttributionLog {
  publish(event: query.AttributedQuery): Promise<void>;
}

/** What every call to a data source carries (the protocol headers). */
export interface CallContext {
  /** OIN of the municipality the query is for (x-origin-oin). */
  actingForOin: string;
  /** Legal domain, as doelbinding. */
  legalDomain: string;
  /** The worker (x-gebruiker): a user id, never a name. */
  userId: string;
  /** Processing activity (x-verwerking). */
  processingActivityId: string;
}

/** The data sources (suppliers): each answers for itself, so a failure of one never hides the others. */
export interface DataSources {
  /** Calls every source of a product for one BSN, in parallel. */
  fetch(suppliers: readonly query.Supplier[], bsn: string, ctx: CallContext): Promise<SourceResult[]>;
  /** A search by address or name, licence plate or parcel: the BSNs found, and how the call went. */
  searchPersons(key: Exclude<SearchKey, { type: 'BSN' }>, ctx: CallContext): Promise<{ bsns: string[]; result: SourceResult }>;
}

/** The forms of the BSN that may leave the gateway (never the BSN itself). */
export interface SubjectForms {
  /** The BSN sealed for the audit log. */
  sealedBsn(bsn: string): Buffer;
  /** The HMAC pseudonym, for the record of a refused attempt (a decided query takes it from its decision). */
  pseudonym(bsn: string): string;
}

/**
 * Records an action in the audit log (ADR 0018); resolves once Kafka acknowledged it, and
 * throws LogUnavailableError when it did not.
 */
export interface ActivityLog {
  record(action: ActionRecord): Promise<void>;
}

export interface TraceInfo {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
}
