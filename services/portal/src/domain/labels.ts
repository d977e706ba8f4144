/**
 * The words users know (Dutch): roles, legal domains, search keys, source statuses, outcomes.
 * Codes from the services are shown through these; an unknown code is shown as itself.
 */
export const ROLE_LABELS: Record<string, string> = {
  WORKER: 'Medewerker',
  USER_ADMINISTRATOR: 'Gebruikersbeheerder',
  SECURITY_OFFICER: 'Security officer',
  MANDATED_PERSON: 'Gemandateerde',
};

export const LEGAL_DOMAINS = ['PARTICIPATIEWET', 'IOAW', 'IOAZ'] as const;
export type LegalDomain = (typeof LEGAL_DOMAINS)[number];
export const LEGAL_DOMAIN_LABELS: Record<string, string> = { PARTICIPATIEWET: 'Participatiewet', IOAW: 'IOAW', IOAZ: 'IOAZ' };

/** The search keys the gateway accepts (a product offers its own: kenteken for the RDW, perceel for the Kadaster). */
export const SEARCH_KEYS = ['BSN', 'POSTCODE_HOUSENUMBER', 'NAME_BIRTHDATE', 'LICENCE_PLATE', 'PARCEL'] as const;
export type SearchKeyType = (typeof SEARCH_KEYS)[number];
export const SEARCH_KEY_LABELS: Record<string, string> = {
  BSN: 'BSN',
  POSTCODE_HOUSENUMBER: 'Postcode en huisnummer',
  NAME_BIRTHDATE: 'Achternaam en geboortedatum',
  LICENCE_PLATE: 'Kenteken',
  PARCEL: 'Perceel',
};

export const SOURCE_STATUS_LABELS: Record<string, string> = {
  ANSWERED: 'Gegevens ontvangen',
  NO_DATA: 'Geen gegevens bekend bij deze bron',
  ERROR: 'De bron gaf een fout; probeer het later opnieuw',
  TIMEOUT: 'De bron antwoordde niet op tijd',
  CIRCUIT_OPEN: 'De bron wordt tijdelijk niet geraadpleegd na herhaalde storingen',
  NOT_CALLED: 'Niet geraadpleegd',
};

/** Statuses that mean the source did not deliver: shown as a failure of that source only. */
export const FAILED_SOURCE = new Set(['ERROR', 'TIMEOUT', 'CIRCUIT_OPEN', 'NOT_CALLED']);

export const OUTCOME_LABELS: Record<string, string> = {
  ANSWERED: 'Beantwoord',
  PARTIALLY_ANSWERED: 'Deels beantwoord',
  SUPPLIER_ERROR: 'Bronnen niet bereikbaar',
  DENIED: 'Geweigerd',
};

export const WHITELIST_LABELS: Record<string, string> = {
  ON_WHITELIST: 'Op de whitelist',
  ESCAPE: 'Escape',
  ABORTED: 'Afgebroken (niet op de whitelist)',
  NOT_CHECKED: 'Niet gecontroleerd',
};

export const SUPPLIER_LABELS: Record<string, string> = {
  BRP: 'BRP (RvIG)',
  UWV: 'UWV',
  SVB: 'SVB',
  DUO: 'DUO',
  RDW: 'RDW',
  KADASTER: 'Kadaster',
  BELASTINGDIENST: 'Belastingdienst',
  KVK: 'KvK',
};

export const LEGAL_FORM_LABELS: Record<string, string> = {
  WGR_WITHOUT_PUBLIC_BODY: 'Wgr-regeling zonder openbaar lichaam',
  WGR_PUBLIC_BODY: 'Wgr-regeling met openbaar lichaam',
  SERVICE_AGREEMENT: 'Dienstverleningsovereenkomst (art. 7:400 BW)',
};

export const COLLABORATION_STATUS_LABELS: Record<string, string> = {
  PROPOSED: 'Aangemeld, nog niet actief',
  NOT_YET_ACTIVE: 'Nog niet actief',
  ACTIVE: 'Actief',
  TERMINATED: 'Beëindigd',
};

/** The kinds of change in a collaboration's recorded history. */
export const CHANGE_LABELS: Record<string, string> = {
  CollaborationRegistered: 'Samenwerkingsverband aangemeld',
  ApplicationDecided: 'Aanmelding beoordeeld',
  CollaborationActivated: 'Geactiveerd',
  MemberJoined: 'Lid toegetreden',
  MemberLeft: 'Lid vertrokken',
  CollaborationChanged: 'Voorwaarden gewijzigd',
  CollaborationTerminated: 'Beëindigd',
};

export const APPLICATION_ROLE_LABELS: Record<string, string> = { OUTSOURCING: 'Uitbestedende gemeente', EXECUTING: 'Uitvoerende gemeente' };
export const APPLICATION_STATUS_LABELS: Record<string, string> = { SUBMITTED: 'Wacht op beoordeling', APPROVED: 'Goedgekeurd', REJECTED: 'Afgewezen' };

export const label = (table: Record<string, string>, code: string | null | undefined): string => (code ? (table[code] ?? code) : '');

/** Why a query was denied (the authorization rules' codes), in a few words. */
export const DENIAL_LABELS: Record<string, string> = {
  USER_UNKNOWN: 'Account onbekend',
  USER_DEACTIVATED: 'Account gedeactiveerd',
  NOT_A_WORKER: 'Geen medewerkersrol',
  HOME_MUNICIPALITY_MISMATCH: 'Thuisgemeente klopt niet',
  MUNICIPALITY_UNKNOWN: 'Gemeente onbekend',
  NOT_IN_COLLABORATION: 'Geen gezamenlijk samenwerkingsverband',
  COLLABORATION_NOT_ELIGIBLE: 'Verband komt niet in aanmerking',
  COLLABORATION_NOT_ACTIVE: 'Samenwerkingsverband niet actief',
  COLLABORATION_TERMINATED: 'Samenwerkingsverband beëindigd',
  HOME_NOT_MEMBER: 'Thuisgemeente geen lid',
  MUNICIPALITY_NOT_MEMBER: 'Gemeente geen lid',
  APPLICATION_NOT_APPROVED: 'Aanmelding niet goedgekeurd',
  LEGAL_DOMAIN_NOT_COVERED: 'Wettelijk domein niet gedekt',
  PRODUCT_NOT_PERMITTED: 'Pagina past niet bij de taak',
  NOT_ON_WHITELIST: 'Niet op de whitelist',
};

/** The kinds of record in the audit log (ADR 0018). */
export const ENTRY_KIND_LABELS: Record<string, string> = { QUERY: 'Bevraging', ACTION: 'Handeling', DECISION: 'Beslissing' };

/** The categories of actions (contracts' ACTIVITY_CATEGORIES), as the audit page's filter names them. */
export const ACTIVITY_CATEGORY_LABELS: Record<string, string> = {
  LOGIN: 'Inloggen',
  ACCOUNT_MANAGEMENT: 'Accountbeheer',
  COLLABORATION: 'Samenwerkingen',
  WHITELIST: 'Whitelist',
  QUERY: 'Bevragingen',
  REPORT: 'Rapportages',
  AUDIT: 'Auditlog',
  OTHER: 'Overig',
};

/** The actions of the activity contract (audit ActivityEvent), in a few words. */
export const ACTION_LABELS: Record<string, string> = {
  OTHER: 'Overige handeling',
  LOGIN: 'Inloggen',
  LOGIN_SECOND_FACTOR: 'Inloggen met tweede factor',
  LOGOUT: 'Uitloggen',
  ACCOUNT_LOCKED: 'Account geblokkeerd',
  LOCKOUT_LIFTED: 'Blokkade opgeheven',
  SECOND_FACTOR_ENROLLED: 'Tweede factor ingesteld',
  SECOND_FACTOR_RESET: 'Tweede factor teruggezet',
  PASSWORD_CHANGED: 'Wachtwoord gewijzigd',
  USER_CREATED: 'Account aangemaakt',
  USER_CHANGED: 'Account gewijzigd',
  USER_DEACTIVATED: 'Account gedeactiveerd',
  GRANT_REQUESTED: 'Recht aangevraagd',
  GRANT_APPROVED: 'Recht goedgekeurd',
  GRANT_REJECTED: 'Recht afgewezen',
  ORGANISATION_REGISTERED: 'Organisatie geregistreerd',
  ORGANISATION_CHANGED: 'Organisatie gewijzigd',
  COLLABORATION_PROPOSED: 'Samenwerkingsverband aangemeld',
  APPLICATION_SUBMITTED: 'Aanmelding ingediend',
  APPLICATION_APPROVED: 'Aanmelding goedgekeurd',
  APPLICATION_REJECTED: 'Aanmelding afgewezen',
  COLLABORATION_ACTIVATED: 'Samenwerkingsverband geactiveerd',
  COLLABORATION_CHANGED: 'Samenwerkingsverband gewijzigd',
  MEMBER_JOINED: 'Lid toegetreden',
  MEMBER_LEFT: 'Lid vertrokken',
  COLLABORATION_TERMINATED: 'Samenwerkingsverband beëindigd',
  DOCUMENT_UPLOADED: 'Document geüpload',
  DOCUMENT_DOWNLOADED: 'Document gedownload',
  WHITELIST_IMPORTED: 'Whitelist geïmporteerd',
  WHITELIST_LOOKED_UP: 'Whitelist geraadpleegd',
  CASELOAD_BATCH: 'Klantenbestand bijgewerkt',
  QUERY_ATTEMPT: 'Bevraging geweigerd vóór de beslissing',
  REPORT_DOWNLOADED: 'Rapportage gedownload',
  FEED_DOWNLOADED: 'Levering gedownload',
  AUDIT_SEARCHED: 'Auditlog doorzocht',
  AUDIT_SUBJECT_SEARCHED: 'Auditlog doorzocht op burger',
  AUDIT_EXPORTED: 'Auditlog geëxporteerd',
  AUDIT_VERIFIED: 'Auditlog gecontroleerd',
  CITIZEN_NOTIFICATIONS_ON: 'Burger wil berichten bij opvragingen',
  CITIZEN_NOTIFICATIONS_OFF: 'Burger wil geen berichten meer',
};

/** What an action was on (ActivityObject.type). */
export const OBJECT_TYPE_LABELS: Record<string, string> = {
  USER: 'Account',
  SESSION: 'Sessie',
  GRANT: 'Rechtaanvraag',
  ORGANISATION: 'Organisatie',
  COLLABORATION: 'Samenwerkingsverband',
  APPLICATION: 'Aanmelding',
  DOCUMENT: 'Document',
  WHITELIST: 'Whitelist',
  QUERY: 'Bevraging',
  REPORT: 'Rapportage',
  FEED: 'Levering',
  AUDIT_LOG: 'Auditlog',
  CITIZEN_NOTIFICATIONS: 'Berichten aan de burger',
};

export const ACTIVITY_OUTCOME_LABELS: Record<string, string> = { SUCCEEDED: 'Gelukt', REFUSED: 'Geweigerd', FAILED: 'Mislukt' };

export const DECISION_RESULT_LABELS: Record<string, string> = { PERMIT: 'Toegestaan', DENY: 'Geweigerd' };
