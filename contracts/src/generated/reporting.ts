// Generated from contracts/schemas by contracts/tools/generate-types.ts. Do not edit:
// change the .avsc files and run `npm run contracts:generate`.
/* eslint-disable */

// ---- CustomerUsageReport (newest: v1) ----

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
  /** escape reason -> whitelist escapes with that reason */
  escapes: Record<string, number>;
  /** product/page -> queries */
  byProduct: Record<string, number>;
  /** collaboration id -> queries made under it; "none": queries by the organisation's own workers without a collaboration */
  byCollaboration: Record<string, number>;
  /** supplier -> queries that called it (any outcome but NOT_CALLED) */
  bySupplier: Record<string, number>;
}

/** Monthly generic usage report (generieke gebruiksrapportage) for one customer organisation (afnemer), covering the six months before the report month. Nothing in it is traceable to a worker or a citizen. A late event for a covered month produces a new version; a replay of the same events gives the same record. */
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
  },
  latest: 1,
} as const;

// ---- SupplierUsageReport (newest: v1) ----

export type ReportSupplier = 'BRP' | 'UWV' | 'SVB' | 'DUO' | 'RDW' | 'KADASTER' | 'BELASTINGDIENST' | 'KVK';

export const ReportSupplierValues = ['BRP', 'UWV', 'SVB', 'DUO', 'RDW', 'KADASTER', 'BELASTINGDIENST', 'KVK'] as const;

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
