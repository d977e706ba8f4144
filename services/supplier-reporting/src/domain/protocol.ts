/**
 * Protocol lines for the data suppliers (issue 20, ADR 0020): one line per provision
 * (verstrekking), i.e. per call of the gateway to a source that provided data, for the supplier's
 * own protocol. BRP protocollering, as RvIG keeps it: which customer organisation (the OIN of the
 * municipality acted for) was provided which person lists, when, searched by which fields and
 * asking which fields, with which outcome. The line carries the request id the gateway sent to
 * the source (x-request-id), so the supplier joins it with its own log; no BSN and no pseudonym.
 */
import type { OrganisationRef } from './usage';

/** The part of a source call (AttributedQuery.sources[n]) a protocol line is made from. */
export interface ProtocolSourceCall {
  supplier: string;
  outcome: string;
  personListsProvided?: number;
  requestId?: string | null;
  requestType?: string | null;
  searchFields?: readonly string[];
  requestedFields?: readonly string[];
}

/** The part of an attributed query protocol lines are made from. */
export interface ProtocolQuery {
  eventId: string;
  occurredAt: number;
  actingFor: OrganisationRef;
  legalDomain: string;
  processingActivityId: string;
  product: string;
  sources: readonly ProtocolSourceCall[];
}

export interface ProtocolField {
  name: string;
  /** LO-BRP category, group or element number; null where none is known (and for other sources). */
  loBrpElement: string | null;
}

/** One provision, as it goes on the supplier's topic (ProtocolLine v1). */
export interface SupplierProtocolLine {
  lineId: string;
  supplier: string;
  requestId: string | null;
  queryId: string;
  occurredAt: number;
  customerOin: string;
  customerName: string;
  legalDomain: string;
  processingActivityId: string;
  product: string;
  requestType: string;
  searchFields: ProtocolField[];
  requestedFields: ProtocolField[];
  personListsProvided: number;
  outcome: 'ANSWERED';
}

/**
 * Haal Centraal field -> LO-BRP (Logisch Ontwerp BRP) number: category 01 Persoon (groups 01
 * identificatienummers, 02 naam, 03 geboorte, 04 geslacht) and category 08 Verblijfplaats (group
 * 11 adres). A field that is a whole group or category gets that group's or category's number.
 */
export const LO_BRP_ELEMENTS: Readonly<Record<string, string>> = {
  aNummer: '01.01.10',
  burgerservicenummer: '01.01.20',
  naam: '01.02',
  voornamen: '01.02.10',
  voorvoegsel: '01.02.30',
  geslachtsnaam: '01.02.40',
  geboorte: '01.03',
  geboortedatum: '01.03.10',
  geslacht: '01.04.10',
  verblijfplaats: '08',
  huisnummer: '08.11.20',
  postcode: '08.11.60',
};

/** The supplier whose fields are LO-BRP elements. */
export const BRP_SUPPLIER = 'BRP';
/** requestType of a call logged before the gateway recorded it (AttributedQuery v1). */
export const UNKNOWN_REQUEST_TYPE = 'UNKNOWN';

/** A provision: a call that provided data. Not called, failed, timed out or empty calls are not. */
export const isProvision = (c: Pick<ProtocolSourceCall, 'outcome'>): boolean => c.outcome === 'ANSWERED';

const fieldsOf = (supplier: string, names: readonly string[] | undefined): ProtocolField[] =>
  (names ?? []).map((name) => ({ name, loBrpElement: supplier === BRP_SUPPLIER ? (LO_BRP_ELEMENTS[name] ?? null) : null }));

/**
 * The protocol lines of one attributed query, in the order of its source calls. The line id is
 * the request id, or `<queryId>/<n>` (n: the call's index in the query) for a call logged without
 * one, so the same query always gives the same lines: a replay or a redelivery repeats them
 * with the same ids, and a supplier deduplicates on lineId.
 */
export function protocolLinesOf(q: ProtocolQuery): SupplierProtocolLine[] {
  const lines: SupplierProtocolLine[] = [];
  q.sources.forEach((c, n) => {
    if (!isProvision(c)) return;
    lines.push({
      lineId: c.requestId ?? `${q.eventId}/${n}`,
      supplier: c.supplier,
      requestId: c.requestId ?? null,
      queryId: q.eventId,
      occurredAt: q.occurredAt,
      customerOin: q.actingFor.oin,
      customerName: q.actingFor.name,
      legalDomain: q.legalDomain,
      processingActivityId: q.processingActivityId,
      product: q.product,
      requestType: c.requestType ?? UNKNOWN_REQUEST_TYPE,
      searchFields: fieldsOf(c.supplier, c.searchFields),
      requestedFields: fieldsOf(c.supplier, c.requestedFields),
      personListsProvided: c.personListsProvided ?? 0,
      outcome: 'ANSWERED',
    });
  });
  return lines;
}

/** The lines of a batch, in the batch's order (one customer's queries arrive in order: the attributed-query topic is keyed by it). */
export function protocolLinesOfBatch(queries: readonly ProtocolQuery[]): SupplierProtocolLine[] {
  return queries.flatMap(protocolLinesOf);
}
