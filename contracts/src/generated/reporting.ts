// Generated from contracts/schemas by contracts/tools/generate-types.ts. Do not edit:
// change the .avsc files and run `npm run contracts:generate`.
/* eslint-disable */

// ---- CustomerUsageReport (newest: v1) ----

export interface MonthUsage {
  month: string;
  sourceQueries: number;
  accountManagementActions: number;
  abortedSearches: number;
  nonBsnSearchKeyQueries: number;
  outsideOfficeHoursQueries: number;
  /** escape reason -> count */
  escapes: Record<string, number>;
  /** product/page -> count */
  byProduct: Record<string, number>;
}

/** Monthly generic usage report (generieke gebruiksrapportage) for one customer organisation (afnemer), covering the previous six months. Nothing in it is traceable to a worker or a citizen. */
export interface CustomerUsageReport {
  reportId: string;
  customerOrganisationId: string;
  customerOin: string;
  /** The report month, YYYY-MM; the report covers the six months before it. */
  month: string;
  version: number;
  generatedAt: number;
  months: Array<MonthUsage>;
}

/** Every version of nl.inkijk.reporting.CustomerUsageReport; the newest is the reader schema. */
export const CustomerUsageReportSchemas = {
  fullName: 'nl.inkijk.reporting.CustomerUsageReport',
  versions: {
    1: {"type":"record","name":"CustomerUsageReport","namespace":"nl.inkijk.reporting","doc":"Monthly generic usage report (generieke gebruiksrapportage) for one customer organisation (afnemer), covering the previous six months. Nothing in it is traceable to a worker or a citizen.","fields":[{"name":"reportId","type":"string"},{"name":"customerOrganisationId","type":"string"},{"name":"customerOin","type":"string"},{"name":"month","type":"string","doc":"The report month, YYYY-MM; the report covers the six months before it."},{"name":"version","type":"int"},{"name":"generatedAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"months","type":{"type":"array","items":{"type":"record","name":"MonthUsage","fields":[{"name":"month","type":"string"},{"name":"sourceQueries","type":"long"},{"name":"accountManagementActions","type":"long"},{"name":"abortedSearches","type":"long"},{"name":"nonBsnSearchKeyQueries","type":"long"},{"name":"outsideOfficeHoursQueries","type":"long"},{"name":"escapes","type":{"type":"map","values":"long"},"doc":"escape reason -> count"},{"name":"byProduct","type":{"type":"map","values":"long"},"doc":"product/page -> count"}]}}}]},
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
  queries: number;
  personListsProvided?: number;
}

/** Monthly feed to one data source (e.g. RvIG for BRP): how many queries each customer organisation made on its data. A late event for a closed month produces a new version. */
export interface SupplierUsageReport {
  reportId: string;
  supplier: ReportSupplier;
  /** YYYY-MM (Europe/Amsterdam). */
  month: string;
  version: number;
  generatedAt: number;
  lines: Array<SupplierUsageLine>;
}

/** Every version of nl.inkijk.reporting.SupplierUsageReport; the newest is the reader schema. */
export const SupplierUsageReportSchemas = {
  fullName: 'nl.inkijk.reporting.SupplierUsageReport',
  versions: {
    1: {"type":"record","name":"SupplierUsageReport","namespace":"nl.inkijk.reporting","doc":"Monthly feed to one data source (e.g. RvIG for BRP): how many queries each customer organisation made on its data. A late event for a closed month produces a new version.","fields":[{"name":"reportId","type":"string"},{"name":"supplier","type":{"type":"enum","name":"ReportSupplier","symbols":["BRP","UWV","SVB","DUO","RDW","KADASTER","BELASTINGDIENST","KVK"]}},{"name":"month","type":"string","doc":"YYYY-MM (Europe/Amsterdam)."},{"name":"version","type":"int"},{"name":"generatedAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"lines","type":{"type":"array","items":{"type":"record","name":"SupplierUsageLine","fields":[{"name":"customerOrganisationId","type":"string"},{"name":"customerOin","type":"string"},{"name":"customerName","type":"string"},{"name":"queries","type":"long"},{"name":"personListsProvided","type":"long","default":0}]}}}]},
  },
  latest: 1,
} as const;
