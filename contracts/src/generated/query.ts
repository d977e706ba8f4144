// Generated from contracts/schemas by contracts/tools/generate-types.ts. Do not edit:
// change the .avsc files and run `npm run contracts:generate`.
/* eslint-disable */

// ---- AttributedQuery (newest: v2) ----

export interface OrganisationRef {
  id: string;
  cbsCode?: null | string;
  oin: string;
  name: string;
}

/** Who acted (medewerker), with the municipality that employs them. */
export interface Worker {
  userId: string;
  homeMunicipality: OrganisationRef;
}

export type LegalDomain = 'PARTICIPATIEWET' | 'IOAW' | 'IOAZ';

export const LegalDomainValues = ['PARTICIPATIEWET', 'IOAW', 'IOAZ'] as const;

export type SearchKeyType = 'BSN' | 'NAME_BIRTHDATE' | 'POSTCODE_HOUSENUMBER' | 'LICENCE_PLATE' | 'PARCEL';

export const SearchKeyTypeValues = ['BSN', 'NAME_BIRTHDATE', 'POSTCODE_HOUSENUMBER', 'LICENCE_PLATE', 'PARCEL'] as const;

export type DataSubjectIdType = 'BSN';

export const DataSubjectIdTypeValues = ['BSN'] as const;

/** The citizen the query was about. pseudonym is the keyed hash reports use (never reversible without the key); sealedBsn is the BSN encrypted for the audit log only. */
export interface DataSubject {
  idType: DataSubjectIdType;
  pseudonym: string;
  sealedBsn: Buffer;
}

/** Data source (gegevensleverancier); BRP is supplied by RvIG. */
export type Supplier = 'BRP' | 'UWV' | 'SVB' | 'DUO' | 'RDW' | 'KADASTER' | 'BELASTINGDIENST' | 'KVK';

export const SupplierValues = ['BRP', 'UWV', 'SVB', 'DUO', 'RDW', 'KADASTER', 'BELASTINGDIENST', 'KVK'] as const;

export type SourceOutcome = 'ANSWERED' | 'NO_DATA' | 'ERROR' | 'TIMEOUT' | 'CIRCUIT_OPEN' | 'NOT_CALLED';

export const SourceOutcomeValues = ['ANSWERED', 'NO_DATA', 'ERROR', 'TIMEOUT', 'CIRCUIT_OPEN', 'NOT_CALLED'] as const;

export interface SourceCall {
  supplier: Supplier;
  outcome: SourceOutcome;
  durationMs: number;
  /** Number of person lists (persoonslijsten) provided: RvIG's protocol count. */
  personListsProvided?: number;
  /** The request id the gateway sent to the source in the x-request-id header (a UUID per call), so the supplier joins its own log with our protocol lines without a BSN; null when not called (and in records written before v2). */
  requestId?: null | string;
  /** What was asked: for BRP the Haal Centraal request type (RaadpleegMetBurgerservicenummer, ZoekMetPostcodeEnHuisnummer, ZoekMetGeslachtsnaamEnGeboortedatum), for the other sources the resource called (e.g. inkomstenverhoudingen). */
  requestType?: null | string;
  /** The fields searched by (names as the source calls them, e.g. burgerservicenummer, postcode, huisnummer); never their values. */
  searchFields?: Array<string>;
  /** The fields asked for (Haal Centraal fields for BRP); empty when the source answers a fixed set. */
  requestedFields?: Array<string>;
}

/** ABORTED: stopped at the not-on-whitelist message (afgebroken zoekopdracht). */
export type WhitelistResult = 'ON_WHITELIST' | 'ESCAPE' | 'ABORTED' | 'NOT_CHECKED';

export const WhitelistResultValues = ['ON_WHITELIST', 'ESCAPE', 'ABORTED', 'NOT_CHECKED'] as const;

export interface WhitelistOutcome {
  outcome: WhitelistResult;
  /** Code from the escape list (escapelijst) when outcome is ESCAPE. */
  escapeReason?: null | string;
}

export type DecisionResult = 'PERMIT' | 'DENY';

export const DecisionResultValues = ['PERMIT', 'DENY'] as const;

export interface DecisionRef {
  decisionId: string;
  result: DecisionResult;
  reasonCode?: null | string;
  rulesVersion: string;
}

export type QueryOutcome = 'ANSWERED' | 'PARTIALLY_ANSWERED' | 'DENIED' | 'SUPPLIER_ERROR';

export const QueryOutcomeValues = ['ANSWERED', 'PARTIALLY_ANSWERED', 'DENIED', 'SUPPLIER_ERROR'] as const;

/** For a query permitted through a collaboration: whether the caseload of the municipality acted for held the citizen on the day, and else which other members' caseloads did (municipality ids). Null when there was nothing to check (no person, the home municipality itself, a denial). */
export interface CaseloadCheck {
  actingForHolds: boolean;
  heldBy?: Array<string>;
}

/** One Inkijk query (bevraging), attributed to the worker and to the municipality it was made for. Published by the gateway before any data reach the worker; denied and aborted queries are published too. Fans out to the audit log and to reporting. v2: each source call carries the request id sent to the source and what was asked (request type, search and requested fields). Also v2: whose client the citizen is (caseload) and the query whose hint this one follows (followsHintOf). */
export interface AttributedQuery {
  eventId: string;
  /** When the query started. */
  occurredAt: number;
  completedAt: number;
  /** W3C trace id (32 hex). */
  traceId: string;
  /** W3C span id (16 hex) of the gateway's query span. */
  spanId: string;
  parentSpanId?: null | string;
  /** Logboek Dataverwerkingen dpl.core.processing_activity_id: the register entry of this processing. */
  processingActivityId: string;
  worker: Worker;
  /** The municipality the query was made for, chosen per query from the keuzelijst: the customer organisation (afnemer) it is logged and reported under. */
  actingFor: OrganisationRef;
  /** The collaboration that allows acting for actingFor; null when actingFor is the home municipality itself. */
  collaborationId?: null | string;
  legalDomain: LegalDomain;
  /** The page or product queried (e.g. brp-persoon, overzicht-inkomen). */
  product: string;
  searchKeyType: SearchKeyType;
  dataSubject?: null | DataSubject;
  sources: Array<SourceCall>;
  whitelist: WhitelistOutcome;
  decision: DecisionRef;
  outcome: QueryOutcome;
  caseload?: null | CaseloadCheck;
  /** The queryId (eventId) of an earlier query whose caseload hint the worker followed by repeating it for another municipality. */
  followsHintOf?: null | string;
}

/** Every version of nl.inkijk.query.AttributedQuery; the newest is the reader schema. */
export const AttributedQuerySchemas = {
  fullName: 'nl.inkijk.query.AttributedQuery',
  versions: {
    1: {"type":"record","name":"AttributedQuery","namespace":"nl.inkijk.query","doc":"One Inkijk query (bevraging), attributed to the worker and to the municipality it was made for. Published by the gateway before any data reach the worker; denied and aborted queries are published too. Fans out to the audit log and to reporting.","fields":[{"name":"eventId","type":{"type":"string","logicalType":"uuid"}},{"name":"occurredAt","type":{"type":"long","logicalType":"timestamp-millis"},"doc":"When the query started."},{"name":"completedAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"traceId","type":"string","doc":"W3C trace id (32 hex)."},{"name":"spanId","type":"string","doc":"W3C span id (16 hex) of the gateway's query span."},{"name":"parentSpanId","type":["null","string"],"default":null},{"name":"processingActivityId","type":"string","doc":"Logboek Dataverwerkingen dpl.core.processing_activity_id: the register entry of this processing."},{"name":"worker","type":{"type":"record","name":"Worker","doc":"Who acted (medewerker), with the municipality that employs them.","fields":[{"name":"userId","type":"string"},{"name":"homeMunicipality","type":{"type":"record","name":"OrganisationRef","fields":[{"name":"id","type":"string"},{"name":"cbsCode","type":["null","string"],"default":null},{"name":"oin","type":"string"},{"name":"name","type":"string"}]}}]}},{"name":"actingFor","type":"OrganisationRef","doc":"The municipality the query was made for, chosen per query from the keuzelijst: the customer organisation (afnemer) it is logged and reported under."},{"name":"collaborationId","type":["null","string"],"default":null,"doc":"The collaboration that allows acting for actingFor; null when actingFor is the home municipality itself."},{"name":"legalDomain","type":{"type":"enum","name":"LegalDomain","symbols":["PARTICIPATIEWET","IOAW","IOAZ"]}},{"name":"product","type":"string","doc":"The page or product queried (e.g. brp-persoon, overzicht-inkomen)."},{"name":"searchKeyType","type":{"type":"enum","name":"SearchKeyType","symbols":["BSN","NAME_BIRTHDATE","POSTCODE_HOUSENUMBER","LICENCE_PLATE","PARCEL"]}},{"name":"dataSubject","type":["null",{"type":"record","name":"DataSubject","doc":"The citizen the query was about. pseudonym is the keyed hash reports use (never reversible without the key); sealedBsn is the BSN encrypted for the audit log only.","fields":[{"name":"idType","type":{"type":"enum","name":"DataSubjectIdType","symbols":["BSN"]}},{"name":"pseudonym","type":"string"},{"name":"sealedBsn","type":"bytes"}]}],"default":null},{"name":"sources","type":{"type":"array","items":{"type":"record","name":"SourceCall","fields":[{"name":"supplier","type":{"type":"enum","name":"Supplier","symbols":["BRP","UWV","SVB","DUO","RDW","KADASTER","BELASTINGDIENST","KVK"],"doc":"Data source (gegevensleverancier); BRP is supplied by RvIG."}},{"name":"outcome","type":{"type":"enum","name":"SourceOutcome","symbols":["ANSWERED","NO_DATA","ERROR","TIMEOUT","CIRCUIT_OPEN","NOT_CALLED"]}},{"name":"durationMs","type":"int"},{"name":"personListsProvided","type":"int","default":0,"doc":"Number of person lists (persoonslijsten) provided: RvIG's protocol count."}]}}},{"name":"whitelist","type":{"type":"record","name":"WhitelistOutcome","fields":[{"name":"outcome","type":{"type":"enum","name":"WhitelistResult","symbols":["ON_WHITELIST","ESCAPE","ABORTED","NOT_CHECKED"],"doc":"ABORTED: stopped at the not-on-whitelist message (afgebroken zoekopdracht)."}},{"name":"escapeReason","type":["null","string"],"default":null,"doc":"Code from the escape list (escapelijst) when outcome is ESCAPE."}]}},{"name":"decision","type":{"type":"record","name":"DecisionRef","fields":[{"name":"decisionId","type":"string"},{"name":"result","type":{"type":"enum","name":"DecisionResult","symbols":["PERMIT","DENY"]}},{"name":"reasonCode","type":["null","string"],"default":null},{"name":"rulesVersion","type":"string"}]}},{"name":"outcome","type":{"type":"enum","name":"QueryOutcome","symbols":["ANSWERED","PARTIALLY_ANSWERED","DENIED","SUPPLIER_ERROR"]}}]},
    2: {"type":"record","name":"AttributedQuery","namespace":"nl.inkijk.query","doc":"One Inkijk query (bevraging), attributed to the worker and to the municipality it was made for. Published by the gateway before any data reach the worker; denied and aborted queries are published too. Fans out to the audit log and to reporting. v2: each source call carries the request id sent to the source and what was asked (request type, search and requested fields). Also v2: whose client the citizen is (caseload) and the query whose hint this one follows (followsHintOf).","fields":[{"name":"eventId","type":{"type":"string","logicalType":"uuid"}},{"name":"occurredAt","type":{"type":"long","logicalType":"timestamp-millis"},"doc":"When the query started."},{"name":"completedAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"traceId","type":"string","doc":"W3C trace id (32 hex)."},{"name":"spanId","type":"string","doc":"W3C span id (16 hex) of the gateway's query span."},{"name":"parentSpanId","type":["null","string"],"default":null},{"name":"processingActivityId","type":"string","doc":"Logboek Dataverwerkingen dpl.core.processing_activity_id: the register entry of this processing."},{"name":"worker","type":{"type":"record","name":"Worker","doc":"Who acted (medewerker), with the municipality that employs them.","fields":[{"name":"userId","type":"string"},{"name":"homeMunicipality","type":{"type":"record","name":"OrganisationRef","fields":[{"name":"id","type":"string"},{"name":"cbsCode","type":["null","string"],"default":null},{"name":"oin","type":"string"},{"name":"name","type":"string"}]}}]}},{"name":"actingFor","type":"OrganisationRef","doc":"The municipality the query was made for, chosen per query from the keuzelijst: the customer organisation (afnemer) it is logged and reported under."},{"name":"collaborationId","type":["null","string"],"default":null,"doc":"The collaboration that allows acting for actingFor; null when actingFor is the home municipality itself."},{"name":"legalDomain","type":{"type":"enum","name":"LegalDomain","symbols":["PARTICIPATIEWET","IOAW","IOAZ"]}},{"name":"product","type":"string","doc":"The page or product queried (e.g. brp-persoon, overzicht-inkomen)."},{"name":"searchKeyType","type":{"type":"enum","name":"SearchKeyType","symbols":["BSN","NAME_BIRTHDATE","POSTCODE_HOUSENUMBER","LICENCE_PLATE","PARCEL"]}},{"name":"dataSubject","type":["null",{"type":"record","name":"DataSubject","doc":"The citizen the query was about. pseudonym is the keyed hash reports use (never reversible without the key); sealedBsn is the BSN encrypted for the audit log only.","fields":[{"name":"idType","type":{"type":"enum","name":"DataSubjectIdType","symbols":["BSN"]}},{"name":"pseudonym","type":"string"},{"name":"sealedBsn","type":"bytes"}]}],"default":null},{"name":"sources","type":{"type":"array","items":{"type":"record","name":"SourceCall","fields":[{"name":"supplier","type":{"type":"enum","name":"Supplier","symbols":["BRP","UWV","SVB","DUO","RDW","KADASTER","BELASTINGDIENST","KVK"],"doc":"Data source (gegevensleverancier); BRP is supplied by RvIG."}},{"name":"outcome","type":{"type":"enum","name":"SourceOutcome","symbols":["ANSWERED","NO_DATA","ERROR","TIMEOUT","CIRCUIT_OPEN","NOT_CALLED"]}},{"name":"durationMs","type":"int"},{"name":"personListsProvided","type":"int","default":0,"doc":"Number of person lists (persoonslijsten) provided: RvIG's protocol count."},{"name":"requestId","type":["null","string"],"default":null,"doc":"The request id the gateway sent to the source in the x-request-id header (a UUID per call), so the supplier joins its own log with our protocol lines without a BSN; null when not called (and in records written before v2)."},{"name":"requestType","type":["null","string"],"default":null,"doc":"What was asked: for BRP the Haal Centraal request type (RaadpleegMetBurgerservicenummer, ZoekMetPostcodeEnHuisnummer, ZoekMetGeslachtsnaamEnGeboortedatum), for the other sources the resource called (e.g. inkomstenverhoudingen)."},{"name":"searchFields","type":{"type":"array","items":"string"},"default":[],"doc":"The fields searched by (names as the source calls them, e.g. burgerservicenummer, postcode, huisnummer); never their values."},{"name":"requestedFields","type":{"type":"array","items":"string"},"default":[],"doc":"The fields asked for (Haal Centraal fields for BRP); empty when the source answers a fixed set."}]}}},{"name":"whitelist","type":{"type":"record","name":"WhitelistOutcome","fields":[{"name":"outcome","type":{"type":"enum","name":"WhitelistResult","symbols":["ON_WHITELIST","ESCAPE","ABORTED","NOT_CHECKED"],"doc":"ABORTED: stopped at the not-on-whitelist message (afgebroken zoekopdracht)."}},{"name":"escapeReason","type":["null","string"],"default":null,"doc":"Code from the escape list (escapelijst) when outcome is ESCAPE."}]}},{"name":"decision","type":{"type":"record","name":"DecisionRef","fields":[{"name":"decisionId","type":"string"},{"name":"result","type":{"type":"enum","name":"DecisionResult","symbols":["PERMIT","DENY"]}},{"name":"reasonCode","type":["null","string"],"default":null},{"name":"rulesVersion","type":"string"}]}},{"name":"outcome","type":{"type":"enum","name":"QueryOutcome","symbols":["ANSWERED","PARTIALLY_ANSWERED","DENIED","SUPPLIER_ERROR"]}},{"name":"caseload","type":["null",{"type":"record","name":"CaseloadCheck","doc":"For a query permitted through a collaboration: whether the caseload of the municipality acted for held the citizen on the day, and else which other members' caseloads did (municipality ids). Null when there was nothing to check (no person, the home municipality itself, a denial).","fields":[{"name":"actingForHolds","type":"boolean"},{"name":"heldBy","type":{"type":"array","items":"string"},"default":[]}]}],"default":null},{"name":"followsHintOf","type":["null","string"],"default":null,"doc":"The queryId (eventId) of an earlier query whose caseload hint the worker followed by repeating it for another municipality."}]},
  },
  latest: 2,
} as const;
