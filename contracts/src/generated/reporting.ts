// Generated from contracts/schemas by contracts/tools/generate-types.ts. Do not edit:
// change the .avsc files and run `npm run contracts:generate`.
/* eslint-disable */

// ---- CustomerUsageReport (newest: v2) ----

export interface MonthUsage {
  /** YYYY-MM (Europe/Amsterdam). */
  month: string;
  /** Every attributed query made for this organisation, denied and aborted ones included. */
  sourceQueries: number;
  /** User accounts of this municipality created, changed or deactivated. */
  accountManagementActions: number;
  /** Searches that stopped at the not-on-whitelist message (afgebroken zoekopdrachten). */
  abortedSearches: number;
  /** Queries by a search key other than the BSN. */
  nonBsnSearchKeyQueries: number;
  /** nonBsnSearchKeyQueries / sourceQueries, rounded to 4 decimals; 0 without queries. */
  nonBsnSearchKeyShare: number;
  /** Queries at 19:00-06:00 local time or on a Saturday or Sunday. */
  outsideOfficeHoursQueries: number;
  /** outsideOfficeHoursQueries / sourceQueries, rounded to 4 decimals; 0 without queries. */
  outsideOfficeHoursShare: number;
  /** Queries permitted through a collaboration about a citizen not on this organisation's own caseload on the day (the merged whitelist held them for another member): queries that may have been logged under the wrong municipality. 0 in records before v2. */
  notOnCaseloadQueries?: number;
  /** notOnCaseloadQueries / sourceQueries, rounded to 4 decimals; 0 without queries. */
  notOnCaseloadShare?: number;
  /** escape reason -> whitelist escapes with that reason */
  escapes: Record<string, number>;
  /** product/page -> queries */
  byProduct: Record<string, number>;
  /** collaboration id -> queries made under it; "none": queries by the organisation's own workers without a collaboration */
  byCollaboration: Record<string, number>;
  /** supplier -> queries that called it (any outcome but NOT_CALLED) */
  bySupplier: Record<string, number>;
}

/** Monthly generic usage report (generieke gebruiksrapportage) for one customer organisation (afnemer), covering the six months before the report month. Nothing in it is traceable to a worker or a citizen. A late event for a covered month produces a new version; a replay of the same events gives the same record. v2: queries made for this organisation about a citizen on the caseload of another member of the collaboration, not on its own (notOnCaseloadQueries). */
export interface CustomerUsageReport {
  /** generic/<customerOrganisationId>/<month>/v<version>. */
  reportId: string;
  /** The municipality queries were made for (AttributedQuery.actingFor.id). */
  customerOrganisationId: string;
  /** null while no query for this organisation has been seen (only account-management actions). */
  customerOin?: null | string;
  customerName?: null | string;
  /** The report month, YYYY-MM; the report covers the six months before it (month-6 .. month-1, Europe/Amsterdam). */
  month: string;
  /** 1, 2, ...: a new version when a covered month changed after an earlier version was built. */
  version: number;
  /** Data as of: the newest occurredAt among the events counted (the start of the report month when there are none). Never the wall-clock time of the build, so that a replay gives identical reports. */
  generatedAt: number;
  months: Array<MonthUsage>;
}

/** Every version of nl.inkijk.reporting.CustomerUsageReport; the newest is the reader schema. */
export const CustomerUsageReportSchemas = {
  fullName: 'nl.inkijk.reporting.CustomerUsageReport',
  versions: {
    1: {"type":"record","name":"CustomerUsageReport","namespace":"nl.inkijk.reporting","doc":"Monthly generic usage report (generieke gebruiksrapportage) for one customer organisation (afnemer), covering the six months before the report month. Nothing in it is traceable to a worker or a citizen. A late event for a covered month produces a new version; a replay of the same events gives the same record.","fields":[{"name":"reportId","type":"string","doc":"generic/<customerOrganisationId>/<month>/v<version>."},{"name":"customerOrganisationId","type":"string","doc":"The municipality queries were made for (AttributedQuery.actingFor.id)."},{"name":"customerOin","type":["null","string"],"default":null,"doc":"null while no query for this organisation has been seen (only account-management actions)."},{"name":"customerName","type":["null","string"],"default":null},{"name":"month","type":"string","doc":"The report month, YYYY-MM; the report covers the six months before it (month-6 .. month-1, Europe/Amsterdam)."},{"name":"version","type":"int","doc":"1, 2, ...: a new version when a covered month changed after an earlier version was built."},{"name":"generatedAt","type":{"type":"long","logicalType":"timestamp-millis"},"doc":"Data as of: the newest occurredAt among the events counted (the start of the report month when there are none). Never the wall-clock time of the build, so that a replay gives identical reports."},{"name":"months","type":{"type":"array","items":{"type":"record","name":"MonthUsage","fields":[{"name":"month","type":"string","doc":"YYYY-MM (Europe/Amsterdam)."},{"name":"sourceQueries","type":"long","doc":"Every attributed query made for this organisation, denied and aborted ones included."},{"name":"accountManagementActions","type":"long","doc":"User accounts of this municipality created, changed or deactivated."},{"name":"abortedSearches","type":"long","doc":"Searches that stopped at the not-on-whitelist message (afgebroken zoekopdrachten)."},{"name":"nonBsnSearchKeyQueries","type":"long","doc":"Queries by a search key other than the BSN."},{"name":"nonBsnSearchKeyShare","type":"double","doc":"nonBsnSearchKeyQueries / sourceQueries, rounded to 4 decimals; 0 without queries."},{"name":"outsideOfficeHoursQueries","type":"long","doc":"Queries at 19:00-06:00 local time or on a Saturday or Sunday."},{"name":"outsideOfficeHoursShare","type":"double","doc":"outsideOfficeHoursQueries / sourceQueries, rounded to 4 decimals; 0 without queries."},{"name":"escapes","type":{"type":"map","values":"long"},"doc":"escape reason -> whitelist escapes with that reason"},{"name":"byProduct","type":{"type":"map","values":"long"},"doc":"product/page -> queries"},{"name":"byCollaboration","type":{"type":"map","values":"long"},"doc":"collaboration id -> queries made under it; \"none\": queries by the organisation's own workers without a collaboration"},{"name":"bySupplier","type":{"type":"map","values":"long"},"doc":"supplier -> queries that called it (any outcome but NOT_CALLED)"}]}}}]},
    2: {"type":"record","name":"CustomerUsageReport","namespace":"nl.inkijk.reporting","doc":"Monthly generic usage report (generieke gebruiksrapportage) for one customer organisation (afnemer), covering the six months before the report month. Nothing in it is traceable to a worker or a citizen. A late event for a covered month produces a new version; a replay of the same events gives the same record. v2: queries made for this organisation about a citizen on the caseload of another member of the collaboration, not on its own (notOnCaseloadQueries).","fields":[{"name":"reportId","type":"string","doc":"generic/<customerOrganisationId>/<month>/v<version>."},{"name":"customerOrganisationId","type":"string","doc":"The municipality queries were made for (AttributedQuery.actingFor.id)."},{"name":"customerOin","type":["null","string"],"default":null,"doc":"null while no query for this organisation has been seen (only account-management actions)."},{"name":"customerName","type":["null","string"],"default":null},{"name":"month","type":"string","doc":"The report month, YYYY-MM; the report covers the six months before it (month-6 .. month-1, Europe/Amsterdam)."},{"name":"version","type":"int","doc":"1, 2, ...: a new version when a covered month changed after an earlier version was built."},{"name":"generatedAt","type":{"type":"long","logicalType":"timestamp-millis"},"doc":"Data as of: the newest occurredAt among the events counted (the start of the report month when there are none). Never the wall-clock time of the build, so that a replay gives identical reports."},{"name":"months","type":{"type":"array","items":{"type":"record","name":"MonthUsage","fields":[{"name":"month","type":"string","doc":"YYYY-MM (Europe/Amsterdam)."},{"name":"sourceQueries","type":"long","doc":"Every attributed query made for this organisation, denied and aborted ones included."},{"name":"accountManagementActions","type":"long","doc":"User accounts of this municipality created, changed or deactivated."},{"name":"abortedSearches","type":"long","doc":"Searches that stopped at the not-on-whitelist message (afgebroken zoekopdrachten)."},{"name":"nonBsnSearchKeyQueries","type":"long","doc":"Queries by a search key other than the BSN."},{"name":"nonBsnSearchKeyShare","type":"double","doc":"nonBsnSearchKeyQueries / sourceQueries, rounded to 4 decimals; 0 without queries."},{"name":"outsideOfficeHoursQueries","type":"long","doc":"Queries at 19:00-06:00 local time or on a Saturday or Sunday."},{"name":"outsideOfficeHoursShare","type":"double","doc":"outsideOfficeHoursQueries / sourceQueries, rounded to 4 decimals; 0 without queries."},{"name":"notOnCaseloadQueries","type":"long","default":0,"doc":"Queries permitted through a collaboration about a citizen not on this organisation's own caseload on the day (the merged whitelist held them for another member): queries that may have been logged under the wrong municipality. 0 in records before v2."},{"name":"notOnCaseloadShare","type":"double","default":0,"doc":"notOnCaseloadQueries / sourceQueries, rounded to 4 decimals; 0 without queries."},{"name":"escapes","type":{"type":"map","values":"long"},"doc":"escape reason -> whitelist escapes with that reason"},{"name":"byProduct","type":{"type":"map","values":"long"},"doc":"product/page -> queries"},{"name":"byCollaboration","type":{"type":"map","values":"long"},"doc":"collaboration id -> queries made under it; \"none\": queries by the organisation's own workers without a collaboration"},{"name":"bySupplier","type":{"type":"map","values":"long"},"doc":"supplier -> queries that called it (any outcome but NOT_CALLED)"}]}}}]},
  },
  latest: 2,
} as const;

// ---- ProtocolLine (newest: v1) ----

export type ReportSupplier = 'BRP' | 'UWV' | 'SVB' | 'DUO' | 'RDW' | 'KADASTER' | 'BELASTINGDIENST' | 'KVK';

export const ReportSupplierValues = ['BRP', 'UWV', 'SVB', 'DUO', 'RDW', 'KADASTER', 'BELASTINGDIENST', 'KVK'] as const;

export interface ProtocolField {
  /** The field as the source names it (Haal Centraal field for BRP). */
  name: string;
  /** For BRP: the LO-BRP category, group or element number (e.g. 01.01.20 for burgerservicenummer, 01.02 for the group naam, 08 for verblijfplaats); null where none is known. */
  loBrpElement?: null | string;
}

/** One provision (verstrekking) for a data source's protocol, as BRP protocollering asks of RvIG: a call of the gateway to that source that provided data, for one customer organisation (afnemer). On the supplier's own topic, keyed by the customer organisation's OIN, so one customer's lines stay in order. It carries no BSN and no pseudonym: the supplier joins the line with its own log by requestId, the x-request-id header it received with the call. */
export interface ProtocolLine {
  /** Unique per provision: the request id, or <queryId>/<n> (the n-th source call of the query) for a call logged without one. A redelivery (a replay, a relay restart) carries the same lineId: deduplicate on it. */
  lineId: string;
  supplier: ReportSupplier;
  /** The x-request-id header the gateway sent with the call (a UUID); null only for queries logged before request ids were sent. */
  requestId?: null | string;
  /** The Inkijk query the call belongs to (our event id): what a supplier quotes when it asks us about a line. */
  queryId: string;
  /** When the query started (epoch ms). */
  occurredAt: number;
  /** OIN of the customer organisation: the municipality the query was made for (the x-origin-oin header of the call). */
  customerOin: string;
  customerName: string;
  /** The legal domain the query served (x-doelbinding): PARTICIPATIEWET, IOAW or IOAZ. */
  legalDomain: string;
  /** The processing activity (x-verwerking). */
  processingActivityId: string;
  /** The Inkijk page or product the call was made for (e.g. brp-persoon). */
  product: string;
  /** For BRP the Haal Centraal request type (RaadpleegMetBurgerservicenummer, ZoekMetPostcodeEnHuisnummer, ZoekMetGeslachtsnaamEnGeboortedatum); for the other sources the resource called; UNKNOWN for calls logged before it was recorded. */
  requestType: string;
  /** The fields searched by; never their values. */
  searchFields: Array<ProtocolField>;
  /** The fields asked for (empty when the source answers a fixed set). */
  requestedFields: Array<ProtocolField>;
  /** Person lists (persoonslijsten) provided by this call: RvIG's protocol count; as the gateway counts them: the persons in a BRP answer to RaadpleegMetBurgerservicenummer; 0 for a BRP search step (ZoekMet..., only burgerservicenummer asked) and for the other sources. */
  personListsProvided: number;
  /** ANSWERED: the source provided data (only provisions become lines). */
  outcome: string;
}

/** Every version of nl.inkijk.reporting.ProtocolLine; the newest is the reader schema. */
export const ProtocolLineSchemas = {
  fullName: 'nl.inkijk.reporting.ProtocolLine',
  versions: {
    1: {"type":"record","name":"ProtocolLine","namespace":"nl.inkijk.reporting","doc":"One provision (verstrekking) for a data source's protocol, as BRP protocollering asks of RvIG: a call of the gateway to that source that provided data, for one customer organisation (afnemer). On the supplier's own topic, keyed by the customer organisation's OIN, so one customer's lines stay in order. It carries no BSN and no pseudonym: the supplier joins the line with its own log by requestId, the x-request-id header it received with the call.","fields":[{"name":"lineId","type":"string","doc":"Unique per provision: the request id, or <queryId>/<n> (the n-th source call of the query) for a call logged without one. A redelivery (a replay, a relay restart) carries the same lineId: deduplicate on it."},{"name":"supplier","type":{"type":"enum","name":"ReportSupplier","symbols":["BRP","UWV","SVB","DUO","RDW","KADASTER","BELASTINGDIENST","KVK"]}},{"name":"requestId","type":["null","string"],"default":null,"doc":"The x-request-id header the gateway sent with the call (a UUID); null only for queries logged before request ids were sent."},{"name":"queryId","type":"string","doc":"The Inkijk query the call belongs to (our event id): what a supplier quotes when it asks us about a line."},{"name":"occurredAt","type":{"type":"long","logicalType":"timestamp-millis"},"doc":"When the query started (epoch ms)."},{"name":"customerOin","type":"string","doc":"OIN of the customer organisation: the municipality the query was made for (the x-origin-oin header of the call)."},{"name":"customerName","type":"string"},{"name":"legalDomain","type":"string","doc":"The legal domain the query served (x-doelbinding): PARTICIPATIEWET, IOAW or IOAZ."},{"name":"processingActivityId","type":"string","doc":"The processing activity (x-verwerking)."},{"name":"product","type":"string","doc":"The Inkijk page or product the call was made for (e.g. brp-persoon)."},{"name":"requestType","type":"string","doc":"For BRP the Haal Centraal request type (RaadpleegMetBurgerservicenummer, ZoekMetPostcodeEnHuisnummer, ZoekMetGeslachtsnaamEnGeboortedatum); for the other sources the resource called; UNKNOWN for calls logged before it was recorded."},{"name":"searchFields","type":{"type":"array","items":{"type":"record","name":"ProtocolField","fields":[{"name":"name","type":"string","doc":"The field as the source names it (Haal Centraal field for BRP)."},{"name":"loBrpElement","type":["null","string"],"default":null,"doc":"For BRP: the LO-BRP category, group or element number (e.g. 01.01.20 for burgerservicenummer, 01.02 for the group naam, 08 for verblijfplaats); null where none is known."}]}},"doc":"The fields searched by; never their values."},{"name":"requestedFields","type":{"type":"array","items":"ProtocolField"},"doc":"The fields asked for (empty when the source answers a fixed set)."},{"name":"personListsProvided","type":"int","doc":"Person lists (persoonslijsten) provided by this call: RvIG's protocol count; as the gateway counts them: the persons in a BRP answer to RaadpleegMetBurgerservicenummer; 0 for a BRP search step (ZoekMet..., only burgerservicenummer asked) and for the other sources."},{"name":"outcome","type":"string","doc":"ANSWERED: the source provided data (only provisions become lines)."}]},
  },
  latest: 1,
} as const;

// ---- SupplierUsageReport (newest: v1) ----

export interface SupplierUsageLine {
  customerOrganisationId: string;
  customerOin: string;
  customerName: string;
  /** Queries for this customer organisation in which the supplier was called (any outcome but NOT_CALLED). */
  queries: number;
  /** Sum of person lists (persoonslijsten) provided: RvIG's protocol count. */
  personListsProvided: number;
}

/** Monthly feed to one data source (e.g. RvIG for BRP): how many queries each customer organisation made on its data. A late event for a closed month produces a new version; a replay of the same events gives the same record. */
export interface SupplierUsageReport {
  /** supplier/<supplier>/<month>/v<version>. */
  reportId: string;
  supplier: ReportSupplier;
  /** The month of use, YYYY-MM (Europe/Amsterdam). */
  month: string;
  /** 1, 2, ...: a new version when the month changed after an earlier version was built. */
  version: number;
  /** Data as of: the newest occurredAt among the queries counted (the end of the month when there are none); never the wall-clock time of the build. */
  generatedAt: number;
  /** One line per customer organisation, ordered by customerOrganisationId. */
  lines: Array<SupplierUsageLine>;
}

/** Every version of nl.inkijk.reporting.SupplierUsageReport; the newest is the reader schema. */
export const SupplierUsageReportSchemas = {
  fullName: 'nl.inkijk.reporting.SupplierUsageReport',
  versions: {
    1: {"type":"record","name":"SupplierUsageReport","namespace":"nl.inkijk.reporting","doc":"Monthly feed to one data source (e.g. RvIG for BRP): how many queries each customer organisation made on its data. A late event for a closed month produces a new version; a replay of the same events gives the same record.","fields":[{"name":"reportId","type":"string","doc":"supplier/<supplier>/<month>/v<version>."},{"name":"supplier","type":{"type":"enum","name":"ReportSupplier","symbols":["BRP","UWV","SVB","DUO","RDW","KADASTER","BELASTINGDIENST","KVK"]}},{"name":"month","type":"string","doc":"The month of use, YYYY-MM (Europe/Amsterdam)."},{"name":"version","type":"int","doc":"1, 2, ...: a new version when the month changed after an earlier version was built."},{"name":"generatedAt","type":{"type":"long","logicalType":"timestamp-millis"},"doc":"Data as of: the newest occurredAt among the queries counted (the end of the month when there are none); never the wall-clock time of the build."},{"name":"lines","type":{"type":"array","items":{"type":"record","name":"SupplierUsageLine","fields":[{"name":"customerOrganisationId","type":"string"},{"name":"customerOin","type":"string"},{"name":"customerName","type":"string"},{"name":"queries","type":"long","doc":"Queries for this customer organisation in which the supplier was called (any outcome but NOT_CALLED)."},{"name":"personListsProvided","type":"long","doc":"Sum of person lists (persoonslijsten) provided: RvIG's protocol count."}]}},"doc":"One line per customer organisation, ordered by customerOrganisationId."}]},
  },
  latest: 1,
} as const;
