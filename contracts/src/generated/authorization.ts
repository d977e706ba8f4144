// Generated from contracts/schemas by contracts/tools/generate-types.ts. Do not edit:
// change the .avsc files and run `npm run contracts:generate`.
/* eslint-disable */

// ---- AccessDecisionRecord (newest: v1) ----

export interface Subject {
  userId: string;
  homeMunicipalityId: string;
}

export interface Resource {
  dataSubjectPseudonym?: null | string;
}

export interface Context {
  actingForMunicipalityId: string;
  legalDomain: string;
  at: number;
  escapeReason?: null | string;
}

export type Decision = 'PERMIT' | 'DENY';

export const DecisionValues = ['PERMIT', 'DENY'] as const;

/** Decision log entry (AuthZEN-shaped): the request, the decision with its reason, the rules version and the read-model offsets the decision was made from. One per decision. */
export interface AccessDecisionRecord {
  decisionId: string;
  decidedAt: number;
  traceId?: null | string;
  subject: Subject;
  /** The product/page to query. */
  action: string;
  resource: Resource;
  context: Context;
  decision: Decision;
  /** Permitted only through the escape right. */
  escape: boolean;
  collaborationId?: null | string;
  /** First rule that failed, when denied. */
  reasonCode?: null | string;
  reasonForUser?: null | string;
  reasonForAdministrator?: null | string;
  rulesVersion: string;
  /** topic:partition -> next offset of the read model used. */
  readModelOffsets: Record<string, number>;
}

/** Every version of nl.inkijk.authorization.AccessDecisionRecord; the newest is the reader schema. */
export const AccessDecisionRecordSchemas = {
  fullName: 'nl.inkijk.authorization.AccessDecisionRecord',
  versions: {
    1: {"type":"record","name":"AccessDecisionRecord","namespace":"nl.inkijk.authorization","doc":"Decision log entry (AuthZEN-shaped): the request, the decision with its reason, the rules version and the read-model offsets the decision was made from. One per decision.","fields":[{"name":"decisionId","type":"string"},{"name":"decidedAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"traceId","type":["null","string"],"default":null},{"name":"subject","type":{"type":"record","name":"Subject","fields":[{"name":"userId","type":"string"},{"name":"homeMunicipalityId","type":"string"}]}},{"name":"action","type":"string","doc":"The product/page to query."},{"name":"resource","type":{"type":"record","name":"Resource","fields":[{"name":"dataSubjectPseudonym","type":["null","string"],"default":null}]}},{"name":"context","type":{"type":"record","name":"Context","fields":[{"name":"actingForMunicipalityId","type":"string"},{"name":"legalDomain","type":"string"},{"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"escapeReason","type":["null","string"],"default":null}]}},{"name":"decision","type":{"type":"enum","name":"Decision","symbols":["PERMIT","DENY"]}},{"name":"escape","type":"boolean","doc":"Permitted only through the escape right."},{"name":"collaborationId","type":["null","string"],"default":null},{"name":"reasonCode","type":["null","string"],"default":null,"doc":"First rule that failed, when denied."},{"name":"reasonForUser","type":["null","string"],"default":null},{"name":"reasonForAdministrator","type":["null","string"],"default":null},{"name":"rulesVersion","type":"string"},{"name":"readModelOffsets","type":{"type":"map","values":"long"},"doc":"topic:partition -> next offset of the read model used."}]},
  },
  latest: 1,
} as const;
