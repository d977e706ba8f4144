/**
 * A query refused before its decision (ADR 0018): what of the attempt may be recorded. The body
 * is taken as sent (it may have failed validation), so each fact is kept only when it is
 * well-formed: a municipality id that is a UUID, a known product, a legal domain, a search-key
 * type and an escape reason from their lists, and a BSN that passes the 11-proef (for its
 * pseudonym only: it never leaves the gateway in clear). Plain TypeScript, no I/O.
 */
import { isBsn, isEscapeReason, productById } from '@inkijk/contracts';
import type { SearchKey } from './query';

export const LEGAL_DOMAINS = ['PARTICIPATIEWET', 'IOAW', 'IOAZ'] as const;
const SEARCH_KEY_TYPES: ReadonlyArray<SearchKey['type']> = ['BSN', 'POSTCODE_HOUSENUMBER', 'NAME_BIRTHDATE'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AttemptFacts {
  /** The municipality chosen, when the request names one by a well-formed id. */
  actingForMunicipalityId: string | null;
  product: string | null;
  legalDomain: string | null;
  searchKeyType: SearchKey['type'] | null;
  escapeReason: string | null;
  /** A valid BSN, to be pseudonymised; never to be recorded as such. */
  bsn: string | null;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The well-formed facts of a query body, whatever else is wrong with it. */
export function attemptFacts(body: unknown): AttemptFacts {
  const b = record(body);
  const key = record(b.searchKey);
  const actingFor = text(b.actingForMunicipalityId);
  const product = text(b.product);
  const legalDomain = text(b.legalDomain);
  const keyType = text(key.type);
  const escapeReason = text(b.escapeReason);
  const bsn = keyType === 'BSN' ? text(key.bsn) : null;
  return {
    actingForMunicipalityId: actingFor !== null && UUID.test(actingFor) ? actingFor : null,
    product: product !== null && productById(product) ? product : null,
    legalDomain: legalDomain !== null && (LEGAL_DOMAINS as readonly string[]).includes(legalDomain) ? legalDomain : null,
    searchKeyType: keyType !== null && (SEARCH_KEY_TYPES as readonly string[]).includes(keyType) ? (keyType as SearchKey['type']) : null,
    escapeReason: escapeReason !== null && isEscapeReason(escapeReason) ? escapeReason : null,
    bsn: bsn !== null && isBsn(bsn) ? bsn : null,
  };
}

/** The record's details: only facts from closed lists, never the BSN. */
export function attemptDetails(f: AttemptFacts): Record<string, string> {
  const d: Record<string, string> = {};
  if (f.product) d.product = f.product;
  if (f.legalDomain) d.legalDomain = f.legalDomain;
  if (f.searchKeyType) d.searchKeyType = f.searchKeyType;
  if (f.escapeReason) d.escapeReason = f.escapeReason;
  return d;
}
