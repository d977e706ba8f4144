/**
 * "Wie bekeek mijn gegevens": what a citizen is shown of a query about them. Per query the
 * organisation (the municipality acted for, and, in a collaboration, the municipality whose
 * worker carried it out), when, for which legal domain, which sources were consulted with which
 * result, and the outcome. Never the worker's identity: the organisation answers that on request
 * (the Logboek Dataverwerkingen keeps user identities apart as well).
 *
 * Withholding (issue 21 item 3): queries under a processing activity marked confidential (a fraud
 * investigation, say) are shown only once a configured period after the query has passed. The
 * citizen is not told that anything is withheld (that would tip off the investigation); the
 * number withheld is part of the record of the citizen's look, which the security officer reads.
 */
import type { AuditEntry, OrganisationRef } from './audit-entry';

/** The chain a citizen's own reads of the log join (their actions concern no municipality). */
export const CITIZEN_CHAIN_ID = 'c1712e00-0000-4000-8000-000000000021';

export interface CitizenOrganisation {
  name: string;
  cbsCode: string | null;
  oin: string;
}

export interface CitizenLookup {
  /** ISO instant the query started. */
  at: string;
  /** The municipality under whose identity the data were requested. */
  actingFor: CitizenOrganisation;
  /** Set when the query was made in a collaboration. */
  collaboration: { id: string; carriedOutBy: CitizenOrganisation } | null;
  legalDomain: string;
  product: string;
  sources: Array<{ supplier: string; outcome: string }>;
  outcome: string;
}

const org = (o: OrganisationRef): CitizenOrganisation => ({ name: o.name, cbsCode: o.cbsCode, oin: o.oin });

/** The citizen's view of one query: no worker id, no trace, no decision internals. */
export function citizenLookup(e: AuditEntry): CitizenLookup {
  return {
    at: new Date(e.startTime).toISOString(),
    actingFor: org(e.actingFor),
    collaboration: e.collaborationId ? { id: e.collaborationId, carriedOutBy: org(e.worker.homeMunicipality) } : null,
    legalDomain: e.legalDomain,
    product: e.product,
    sources: e.sources.map((s) => ({ supplier: s.supplier, outcome: s.outcome })),
    outcome: e.outcome,
  };
}

const DAY_MS = 24 * 3600 * 1000;

/** Processing activity id -> how long (ms) its queries are withheld from the citizen. */
export type Withholding = ReadonlyMap<string, number>;

/**
 * `activityId=days[,activityId=days...]` (e.g. `inkijk-fraude-onderzoek=180`); empty or absent:
 * nothing is withheld. Throws on anything else, with the part that is wrong.
 */
export function parseWithholding(spec: string | undefined): Withholding {
  const out = new Map<string, number>();
  for (const part of (spec ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z0-9._:-]{1,200})=(\d{1,4})$/.exec(part);
    if (!m) throw new Error(`"${part}" is not activityId=days`);
    out.set(m[1], Number(m[2]) * DAY_MS);
  }
  return out;
}

/** The queries the citizen is shown now, and how many are withheld (still within their period). */
export function splitForCitizen<E extends Pick<AuditEntry, 'processingActivityId' | 'startTime'>>(entries: readonly E[], withholding: Withholding, now: number): { shown: E[]; withheld: number } {
  const shown: E[] = [];
  let withheld = 0;
  for (const e of entries) {
    const period = withholding.get(e.processingActivityId);
    if (period !== undefined && e.startTime + period > now) withheld++;
    else shown.push(e);
  }
  return { shown, withheld };
}
