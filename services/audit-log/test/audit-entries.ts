/** Audit entries for the unit tests (built from the shared attributed-query fixture). */
import { attributedQuery, HAARLEM, ZANDVOORT } from '@inkijk/testing';
import type { query } from '@inkijk/contracts';
import { AuditEntry, auditEntryOf } from '../src/domain/audit-entry';

export { HAARLEM, ZANDVOORT };

export function entry(overrides: Parameters<typeof attributedQuery>[0] = {}, recordedAt = Date.UTC(2026, 10, 16, 10, 0, 1)): AuditEntry {
  return auditEntryOf(attributedQuery(overrides), recordedAt);
}

export function entries(n: number, actingFor: query.OrganisationRef = ZANDVOORT): AuditEntry[] {
  return Array.from({ length: n }, (_, i) => entry({ actingFor, occurredAt: Date.UTC(2026, 10, 16, 10, 0, i) }));
}
