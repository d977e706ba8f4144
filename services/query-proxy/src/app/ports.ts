/** What the query use case needs; adapters provide it. */
import type { query } from '@inkijk/contracts';
import type { ActionRecord } from '@inkijk/platform';

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

export interface SubjectForms {
  dataSubject(bsn: string): query.DataSubject;
  /** The HMAC pseudonym alone (the record of a refused attempt needs no sealed BSN). */
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
