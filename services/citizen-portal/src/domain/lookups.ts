/**
 * What the citizen sees of one query about them, in words they know (Dutch). The audit log's
 * citizen view gives the facts (services/audit-log/src/domain/citizen-view.ts); this turns codes
 * into text and dates into Amsterdam local time. An unknown code is shown as itself.
 */
export interface CitizenLookup {
  at: string;
  actingFor: { name: string; cbsCode: string | null; oin: string };
  collaboration: { id: string; carriedOutBy: { name: string; cbsCode: string | null; oin: string } } | null;
  legalDomain: string;
  product: string;
  sources: Array<{ supplier: string; outcome: string }>;
  outcome: string;
}

export const LEGAL_DOMAIN_LABELS: Record<string, string> = { PARTICIPATIEWET: 'Participatiewet (bijstand)', IOAW: 'IOAW', IOAZ: 'IOAZ' };

export const SUPPLIER_LABELS: Record<string, string> = {
  BRP: 'Basisregistratie Personen (RvIG)',
  UWV: 'UWV',
  SVB: 'SVB',
  DUO: 'DUO',
  RDW: 'RDW',
  KADASTER: 'Kadaster',
  BELASTINGDIENST: 'Belastingdienst',
  KVK: 'KvK',
};

export const SOURCE_OUTCOME_LABELS: Record<string, string> = {
  ANSWERED: 'gegevens verstrekt',
  NO_DATA: 'geen gegevens bekend',
  ERROR: 'niet bereikt',
  TIMEOUT: 'niet bereikt',
  CIRCUIT_OPEN: 'niet geraadpleegd',
  NOT_CALLED: 'niet geraadpleegd',
};

export const OUTCOME_LABELS: Record<string, string> = {
  ANSWERED: 'Gegevens ingezien',
  PARTIALLY_ANSWERED: 'Gegevens deels ingezien',
  SUPPLIER_ERROR: 'Geen gegevens ingezien (bronnen niet bereikbaar)',
  DENIED: 'Geweigerd: geen gegevens ingezien',
};

const label = (labels: Record<string, string>, code: string) => labels[code] ?? code;

const DATE_TIME = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', dateStyle: 'long', timeStyle: 'short' });

export interface LookupRow {
  when: string;
  /** ISO instant, for a <time> element. */
  whenIso: string;
  organisation: string;
  collaboration: string | null;
  legalDomain: string;
  sources: string[];
  outcome: string;
}

/** The rows of the page, newest first. */
export function lookupRows(lookups: readonly CitizenLookup[]): LookupRow[] {
  return [...lookups]
    .sort((a, b) => b.at.localeCompare(a.at))
    .map((l) => ({
      when: DATE_TIME.format(new Date(l.at)),
      whenIso: l.at,
      organisation: `Gemeente ${l.actingFor.name}`,
      collaboration: l.collaboration ? `In een samenwerkingsverband, uitgevoerd door gemeente ${l.collaboration.carriedOutBy.name}` : null,
      legalDomain: label(LEGAL_DOMAIN_LABELS, l.legalDomain),
      sources: l.sources.map((s) => `${label(SUPPLIER_LABELS, s.supplier)}: ${label(SOURCE_OUTCOME_LABELS, s.outcome)}`),
      outcome: label(OUTCOME_LABELS, l.outcome),
    }));
}
