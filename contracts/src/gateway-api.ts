/**
 * The gateway's (query-proxy's) HTTP API for one query, `POST /queries`: the body it reads and the
 * answer it gives, declared once for the gateway and for its clients (the staff portal). The
 * gateway checks the body with its own schema (adapters/http/routes.ts); this is its type.
 */
import type { LegalDomain, OrganisationRef, QueryOutcome, SourceOutcome, Supplier, WhitelistResult } from './generated/query';

/** What the worker searches by: a BSN, or a key that first finds the person. */
export type GatewaySearchKey =
  | { type: 'BSN'; bsn: string }
  | { type: 'POSTCODE_HOUSENUMBER'; postcode: string; houseNumber: number }
  | { type: 'NAME_BIRTHDATE'; surname: string; birthDate: string }
  | { type: 'LICENCE_PLATE'; plate: string }
  | { type: 'PARCEL'; parcel: string };

/** The body of `POST /queries`. */
export interface GatewayQueryRequest {
  /** The municipality the query is for, chosen from the worker's keuzelijst. */
  actingForMunicipalityId: string;
  product: string;
  legalDomain: LegalDomain;
  searchKey: GatewaySearchKey;
  /** A code of the escape list, only for a citizen on no whitelist, by a worker with the escape right. */
  escapeReason?: string | null;
  /** The queryId whose caseload hint this query follows (repeated for the municipality whose client the citizen is). */
  followsHintOf?: string | null;
}

/** One source's part of the answer. */
export interface GatewaySourceResult {
  supplier: Supplier;
  status: SourceOutcome;
  data?: unknown;
  message?: string;
}

/**
 * Present when the citizen is not on the chosen municipality's caseload but on another member's:
 * the query is logged under the chosen one, and the worker may repeat it for that municipality.
 */
export interface GatewayCaseloadHint {
  code: 'CITIZEN_ON_OTHER_CASELOAD';
  message: string;
  heldBy: Array<{ id: string; name: string }>;
}

/** The answer of `POST /queries` (200): sent only after the attributed query is logged. */
export interface GatewayQueryAnswer {
  queryId: string;
  traceId: string;
  actingFor: OrganisationRef;
  product: string;
  legalDomain: string;
  whitelist: WhitelistResult;
  escape: boolean;
  outcome: QueryOutcome;
  results: GatewaySourceResult[];
  caseloadHint?: GatewayCaseloadHint;
}

/** The `details` of a denial (403, e.g. NOT_ON_WHITELIST): the logged query, the municipality, and after a whitelist refusal the escape list. */
export interface GatewayDenialDetails {
  queryId?: string;
  actingFor?: { id: string; name: string } | null;
  escape?: { allowed: boolean; reasons: Array<{ code: string; label: string }> };
}
