/**
 * The citizen's right to see who looked: per organisation that queried this data subject, how
 * often, when (first and last), and which products (pages).
 */
import type { AuditEntry, OrganisationRef } from './audit-entry';

export interface OrganisationLookups {
  organisation: OrganisationRef;
  queries: number;
  first: string;
  last: string;
  products: string[];
}

export function lookupsByOrganisation(entries: readonly AuditEntry[]): OrganisationLookups[] {
  const byOrg = new Map<string, { organisation: OrganisationRef; queries: number; first: number; last: number; products: Set<string> }>();
  for (const e of entries) {
    const o = byOrg.get(e.actingFor.id) ?? { organisation: e.actingFor, queries: 0, first: e.startTime, last: e.startTime, products: new Set<string>() };
    o.queries++;
    o.first = Math.min(o.first, e.startTime);
    o.last = Math.max(o.last, e.startTime);
    o.products.add(e.product);
    byOrg.set(e.actingFor.id, o);
  }
  return [...byOrg.values()]
    .sort((a, b) => a.first - b.first)
    .map((o) => ({ organisation: o.organisation, queries: o.queries, first: new Date(o.first).toISOString(), last: new Date(o.last).toISOString(), products: [...o.products].sort() }));
}
