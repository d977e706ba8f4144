/**
 * The question and the answer, AuthZEN-shaped (access evaluation API): subject, action,
 * resource and context in; a decision with reasons for the worker and the administrator out.
 *
 *   subject  = the worker U (user id, home municipality H)
 *   action   = the product/page P
 *   resource = the data subject S (BSN; absent for a check before a person is chosen)
 *   context  = the municipality M acted for, the legal domain D, the escape reason if any
 *   `at`     = the instant T of the query (decided on its Europe/Amsterdam calendar day)
 */

export interface AccessEvaluationRequest {
  subject: { type: 'user'; id: string; properties: { homeMunicipalityId: string } };
  action: { name: string };
  /** id: the BSN (9 digits). It stays in memory: never on a topic or in a log. */
  resource: { type: 'person'; id?: string | null };
  context: {
    actingForMunicipalityId: string;
    legalDomain: string;
    /** Code from the escape list (escapelijst), when the worker proceeds past the whitelist. */
    escapeReason?: string | null;
  };
}

/** What the gateway writes in AttributedQuery.whitelist.outcome. */
export type WhitelistOutcome = 'ON_WHITELIST' | 'ESCAPE' | 'ABORTED' | 'NOT_CHECKED';

export interface OrganisationRef {
  id: string;
  name: string;
  cbsCode: string | null;
  oin: string;
}

export interface AccessEvaluationResponse {
  decision: boolean;
  context: {
    /** The first rule that failed (null when permitted). */
    reason_code: string | null;
    /** A sentence for the worker (Dutch), null when permitted. */
    reason_user: string | null;
    /** A sentence for the administrator (English, with the facts), null when permitted. */
    reason_admin: string | null;
    /** Permitted only through the escape right (flagged for the reports). */
    escape: boolean;
    /** The collaboration that allows acting for M; null for the home municipality itself. */
    collaborationId: string | null;
    rulesVersion: string;
    whitelist: WhitelistOutcome;
    /** The municipality acted for, as registered (for logging under its identity). */
    actingFor: OrganisationRef | null;
  };
}

export const LEGAL_DOMAINS = ['PARTICIPATIEWET', 'IOAW', 'IOAZ'] as const;
export type LegalDomain = (typeof LEGAL_DOMAINS)[number];

/** Legal domains as bits: PARTICIPATIEWET 1, IOAW 2, IOAZ 4. */
const DOMAIN_BITS: Record<string, number> = { PARTICIPATIEWET: 1, IOAW: 2, IOAZ: 4 };
export const ALL_DOMAINS = 7;
export const domainBit = (d: string): number => DOMAIN_BITS[d] ?? 0;
export const domainsOf = (bits: number): LegalDomain[] => LEGAL_DOMAINS.filter((d) => (bits & DOMAIN_BITS[d]) !== 0);
export const bitsOf = (domains: readonly string[]): number => domains.reduce((b, d) => b | domainBit(d), 0);
