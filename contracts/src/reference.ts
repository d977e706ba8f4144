/**
 * Reference data every service agrees on: the products (pages) of Inkijk with the sources they
 * call and the search keys they accept, and the escape list (escapelijst). Changing these is a
 * contract change: registration validates permitted products against them, authorization and
 * the gateway decide with them, reports group by them.
 */
import type { ActivityAction } from './generated/audit';
import type { SearchKeyType, Supplier } from './generated/query';

export interface Product {
  id: string;
  /** Dutch name as workers know it. */
  name: string;
  kind: 'SOURCE_PAGE' | 'OVERVIEW_PAGE';
  suppliers: readonly Supplier[];
  searchKeys: readonly SearchKeyType[];
}

export const PRODUCTS: readonly Product[] = [
  { id: 'brp-persoon', name: 'Persoonsgegevens (BRP)', kind: 'SOURCE_PAGE', suppliers: ['BRP'], searchKeys: ['BSN', 'NAME_BIRTHDATE', 'POSTCODE_HOUSENUMBER'] },
  { id: 'uwv-inkomen', name: 'Inkomstenverhoudingen (UWV)', kind: 'SOURCE_PAGE', suppliers: ['UWV'], searchKeys: ['BSN'] },
  { id: 'svb-uitkeringen', name: 'Uitkeringen SVB', kind: 'SOURCE_PAGE', suppliers: ['SVB'], searchKeys: ['BSN'] },
  { id: 'duo-studiefinanciering', name: 'Studiefinanciering (DUO)', kind: 'SOURCE_PAGE', suppliers: ['DUO'], searchKeys: ['BSN'] },
  { id: 'rdw-voertuigen', name: 'Voertuigen (RDW)', kind: 'SOURCE_PAGE', suppliers: ['RDW'], searchKeys: ['BSN', 'LICENCE_PLATE'] },
  { id: 'kadaster-eigendom', name: 'Onroerend goed (Kadaster)', kind: 'SOURCE_PAGE', suppliers: ['KADASTER'], searchKeys: ['BSN', 'PARCEL'] },
  { id: 'belastingdienst-aanslagen', name: 'Inkomen en vermogen (Belastingdienst)', kind: 'SOURCE_PAGE', suppliers: ['BELASTINGDIENST'], searchKeys: ['BSN'] },
  { id: 'kvk-inschrijvingen', name: 'Ondernemingen (KvK)', kind: 'SOURCE_PAGE', suppliers: ['KVK'], searchKeys: ['BSN'] },
  { id: 'overzicht-inkomen', name: 'Overzicht inkomen', kind: 'OVERVIEW_PAGE', suppliers: ['UWV', 'SVB', 'DUO'], searchKeys: ['BSN'] },
  { id: 'overzicht-vermogen', name: 'Overzicht vermogen', kind: 'OVERVIEW_PAGE', suppliers: ['RDW', 'KADASTER', 'BELASTINGDIENST', 'KVK'], searchKeys: ['BSN'] },
];

export const PRODUCT_IDS = PRODUCTS.map((p) => p.id);
export const productById = (id: string): Product | undefined => PRODUCTS.find((p) => p.id === id);

/** The escape list: reasons a worker with the escape right may give to query past the whitelist. */
export const ESCAPE_REASONS = [
  { code: 'NEW_APPLICATION', label: 'Nieuwe aanvraag; de persoon staat nog niet in het klantenbestand' },
  { code: 'MOVED_IN', label: 'Verhuisd naar een gemeente van het samenwerkingsverband' },
  { code: 'ENFORCEMENT', label: 'Handhaving of fraudeonderzoek' },
  { code: 'RECOVERY', label: 'Terugvordering of verhaal' },
  { code: 'OBJECTION_APPEAL', label: 'Bezwaar of beroep' },
] as const;
export type EscapeReasonCode = (typeof ESCAPE_REASONS)[number]['code'];
export const isEscapeReason = (code: string): code is EscapeReasonCode => ESCAPE_REASONS.some((r) => r.code === code);

/**
 * What kind of action an ActivityEvent is (ADR 0018), for the reports and the audit pages. The
 * generic report counts ACCOUNT_MANAGEMENT as "Accountbeheer"; the specific report lists LOGIN.
 */
export type ActivityCategory = 'LOGIN' | 'ACCOUNT_MANAGEMENT' | 'COLLABORATION' | 'WHITELIST' | 'QUERY' | 'REPORT' | 'AUDIT' | 'OTHER';
export const ACTIVITY_CATEGORIES: Readonly<Record<ActivityAction, ActivityCategory>> = {
  OTHER: 'OTHER',
  LOGIN: 'LOGIN',
  LOGIN_SECOND_FACTOR: 'LOGIN',
  LOGOUT: 'LOGIN',
  ACCOUNT_LOCKED: 'LOGIN',
  LOCKOUT_LIFTED: 'ACCOUNT_MANAGEMENT',
  SECOND_FACTOR_ENROLLED: 'ACCOUNT_MANAGEMENT',
  SECOND_FACTOR_RESET: 'ACCOUNT_MANAGEMENT',
  PASSWORD_CHANGED: 'ACCOUNT_MANAGEMENT',
  USER_CREATED: 'ACCOUNT_MANAGEMENT',
  USER_CHANGED: 'ACCOUNT_MANAGEMENT',
  USER_DEACTIVATED: 'ACCOUNT_MANAGEMENT',
  GRANT_REQUESTED: 'ACCOUNT_MANAGEMENT',
  GRANT_APPROVED: 'ACCOUNT_MANAGEMENT',
  GRANT_REJECTED: 'ACCOUNT_MANAGEMENT',
  ORGANISATION_REGISTERED: 'COLLABORATION',
  ORGANISATION_CHANGED: 'COLLABORATION',
  COLLABORATION_PROPOSED: 'COLLABORATION',
  APPLICATION_SUBMITTED: 'COLLABORATION',
  APPLICATION_APPROVED: 'COLLABORATION',
  APPLICATION_REJECTED: 'COLLABORATION',
  COLLABORATION_ACTIVATED: 'COLLABORATION',
  COLLABORATION_CHANGED: 'COLLABORATION',
  MEMBER_JOINED: 'COLLABORATION',
  MEMBER_LEFT: 'COLLABORATION',
  COLLABORATION_TERMINATED: 'COLLABORATION',
  DOCUMENT_UPLOADED: 'COLLABORATION',
  DOCUMENT_DOWNLOADED: 'COLLABORATION',
  WHITELIST_IMPORTED: 'WHITELIST',
  WHITELIST_LOOKED_UP: 'WHITELIST',
  CASELOAD_BATCH: 'WHITELIST',
  QUERY_ATTEMPT: 'QUERY',
  REPORT_DOWNLOADED: 'REPORT',
  FEED_DOWNLOADED: 'REPORT',
  AUDIT_SEARCHED: 'AUDIT',
  AUDIT_SUBJECT_SEARCHED: 'AUDIT',
  AUDIT_EXPORTED: 'AUDIT',
  AUDIT_VERIFIED: 'AUDIT',
  // A citizen's own choice about notifications (ADR 0025): no staff category applies.
  CITIZEN_NOTIFICATIONS_ON: 'OTHER',
  CITIZEN_NOTIFICATIONS_OFF: 'OTHER',
};
export const activityCategory = (action: ActivityAction): ActivityCategory => ACTIVITY_CATEGORIES[action] ?? 'OTHER';
