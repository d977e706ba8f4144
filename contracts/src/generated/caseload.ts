// Generated from contracts/schemas by contracts/tools/generate-types.ts. Do not edit:
// change the .avsc files and run `npm run contracts:generate`.
/* eslint-disable */

// ---- CaseloadEvent (newest: v2) ----

export type RelationChange = 'STARTED' | 'ENDED';

export const RelationChangeValues = ['STARTED', 'ENDED'] as const;

export type CaseLegalDomain = 'PARTICIPATIEWET' | 'IOAW' | 'IOAZ';

export const CaseLegalDomainValues = ['PARTICIPATIEWET', 'IOAW', 'IOAZ'] as const;

/** From a municipal case system: a service relationship with a citizen started or ended. v2 adds the legal domain of the case (older case systems send v1: Participatiewet is assumed). */
export interface CaseloadEvent {
  eventId: string;
  occurredAt: number;
  municipalityCbsCode: string;
  caseId: string;
  bsn: string;
  relation: RelationChange;
  effectiveDate: string;
  legalDomain?: CaseLegalDomain;
}

/** Every version of nl.inkijk.caseload.CaseloadEvent; the newest is the reader schema. */
export const CaseloadEventSchemas = {
  fullName: 'nl.inkijk.caseload.CaseloadEvent',
  versions: {
    1: {"type":"record","name":"CaseloadEvent","namespace":"nl.inkijk.caseload","doc":"From a municipal case system: a service relationship with a citizen started or ended.","fields":[{"name":"eventId","type":{"type":"string","logicalType":"uuid"}},{"name":"occurredAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"municipalityCbsCode","type":"string"},{"name":"caseId","type":"string"},{"name":"bsn","type":"string"},{"name":"relation","type":{"type":"enum","name":"RelationChange","symbols":["STARTED","ENDED"]}},{"name":"effectiveDate","type":"string"}]},
    2: {"type":"record","name":"CaseloadEvent","namespace":"nl.inkijk.caseload","doc":"From a municipal case system: a service relationship with a citizen started or ended. v2 adds the legal domain of the case (older case systems send v1: Participatiewet is assumed).","fields":[{"name":"eventId","type":{"type":"string","logicalType":"uuid"}},{"name":"occurredAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"municipalityCbsCode","type":"string"},{"name":"caseId","type":"string"},{"name":"bsn","type":"string"},{"name":"relation","type":{"type":"enum","name":"RelationChange","symbols":["STARTED","ENDED"]}},{"name":"effectiveDate","type":"string"},{"name":"legalDomain","type":{"type":"enum","name":"CaseLegalDomain","symbols":["PARTICIPATIEWET","IOAW","IOAZ"]},"default":"PARTICIPATIEWET"}]},
  },
  latest: 2,
} as const;
