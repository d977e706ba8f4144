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

// ---- AccessEvaluationRequest (newest: v1) ----

/** The worker U. */
export interface EvaluationSubject {
  /** Always 'user'. */
  type: string;
  /** User id. */
  id: string;
  /** H, from the worker's token. */
  homeMunicipalityId: string;
}

export interface EvaluationAction {
  /** The product/page P (e.g. brp-persoon). */
  name: string;
}

/** The data subject S. */
export interface EvaluationResource {
  /** Always 'person'. */
  type: string;
  /** The BSN sealed with the BSN transport key (12-byte IV | ciphertext | 16-byte tag); null before a person is chosen (the whitelist is then not checked). */
  sealedBsn?: null | Buffer;
}

export interface EvaluationContext {
  /** M, chosen per query from the keuzelijst. */
  actingForMunicipalityId: string;
  /** D: PARTICIPATIEWET, IOAW or IOAZ. */
  legalDomain: string;
  /** Code from the escape list (escapelijst), when the worker proceeds past the whitelist. */
  escapeReason?: null | string;
  /** T, the instant of the query; null: when authorization handles the request. */
  at?: null | number;
}

/** AuthZEN access evaluation request from the gateway to authorization, over Kafka request-reply (@nestjs/microservices: the reply goes to the topic named in the kafka_replyTopic header). May worker U (home H) query product P about data subject S for municipality M in legal domain D at time T? No clear BSN travels: the data subject is sealed (AES-256-GCM) under the BSN transport key that only the gateway and authorization hold. */
export interface AccessEvaluationRequest {
  /** Chosen by the gateway (a UUID); the decision id. A redelivered request gives the same decision id, so the decision log holds it once. */
  requestId: string;
  subject: EvaluationSubject;
  action: EvaluationAction;
  resource: EvaluationResource;
  context: EvaluationContext;
}

/** Every version of nl.inkijk.authorization.AccessEvaluationRequest; the newest is the reader schema. */
export const AccessEvaluationRequestSchemas = {
  fullName: 'nl.inkijk.authorization.AccessEvaluationRequest',
  versions: {
    1: {"type":"record","name":"AccessEvaluationRequest","namespace":"nl.inkijk.authorization","doc":"AuthZEN access evaluation request from the gateway to authorization, over Kafka request-reply (@nestjs/microservices: the reply goes to the topic named in the kafka_replyTopic header). May worker U (home H) query product P about data subject S for municipality M in legal domain D at time T? No clear BSN travels: the data subject is sealed (AES-256-GCM) under the BSN transport key that only the gateway and authorization hold.","fields":[{"name":"requestId","type":"string","doc":"Chosen by the gateway (a UUID); the decision id. A redelivered request gives the same decision id, so the decision log holds it once."},{"name":"subject","type":{"type":"record","name":"EvaluationSubject","doc":"The worker U.","fields":[{"name":"type","type":"string","doc":"Always 'user'."},{"name":"id","type":"string","doc":"User id."},{"name":"homeMunicipalityId","type":"string","doc":"H, from the worker's token."}]}},{"name":"action","type":{"type":"record","name":"EvaluationAction","fields":[{"name":"name","type":"string","doc":"The product/page P (e.g. brp-persoon)."}]}},{"name":"resource","type":{"type":"record","name":"EvaluationResource","doc":"The data subject S.","fields":[{"name":"type","type":"string","doc":"Always 'person'."},{"name":"sealedBsn","type":["null","bytes"],"default":null,"doc":"The BSN sealed with the BSN transport key (12-byte IV | ciphertext | 16-byte tag); null before a person is chosen (the whitelist is then not checked)."}]}},{"name":"context","type":{"type":"record","name":"EvaluationContext","fields":[{"name":"actingForMunicipalityId","type":"string","doc":"M, chosen per query from the keuzelijst."},{"name":"legalDomain","type":"string","doc":"D: PARTICIPATIEWET, IOAW or IOAZ."},{"name":"escapeReason","type":["null","string"],"default":null,"doc":"Code from the escape list (escapelijst), when the worker proceeds past the whitelist."},{"name":"at","type":["null",{"type":"long","logicalType":"timestamp-millis"}],"default":null,"doc":"T, the instant of the query; null: when authorization handles the request."}]}}]},
  },
  latest: 1,
} as const;

// ---- AccessEvaluationResponse (newest: v1) ----

/** As AttributedQuery.whitelist.outcome: ABORTED is an aborted search (afgebroken zoekopdracht). */
export type WhitelistCheck = 'ON_WHITELIST' | 'ESCAPE' | 'ABORTED' | 'NOT_CHECKED';

export const WhitelistCheckValues = ['ON_WHITELIST', 'ESCAPE', 'ABORTED', 'NOT_CHECKED'] as const;

/** M as registered, for logging under its identity. */
export interface ActingForOrganisation {
  id: string;
  name: string;
  cbsCode?: null | string;
  oin: string;
}

export interface EvaluationOutcome {
  /** The id of the decision record (= the request id). */
  decisionId: string;
  /** The first rule that failed; null when permitted. */
  reason_code?: null | string;
  /** Sentence for the worker (Dutch). */
  reason_user?: null | string;
  /** Sentence for the administrator (English, with the facts; never a BSN). */
  reason_admin?: null | string;
  /** Permitted only through the escape right. */
  escape: boolean;
  /** The collaboration that allows acting for M; null for the home municipality itself. */
  collaborationId?: null | string;
  rulesVersion: string;
  whitelist: WhitelistCheck;
  actingFor?: null | ActingForOrganisation;
}

/** AuthZEN access evaluation response: the decision with its reasons, as authorization recorded it on the decision log (the reply arrives only after the decision record is acknowledged). */
export interface AccessEvaluationResponse {
  /** true: permitted. */
  decision: boolean;
  context: EvaluationOutcome;
}

/** Every version of nl.inkijk.authorization.AccessEvaluationResponse; the newest is the reader schema. */
export const AccessEvaluationResponseSchemas = {
  fullName: 'nl.inkijk.authorization.AccessEvaluationResponse',
  versions: {
    1: {"type":"record","name":"AccessEvaluationResponse","namespace":"nl.inkijk.authorization","doc":"AuthZEN access evaluation response: the decision with its reasons, as authorization recorded it on the decision log (the reply arrives only after the decision record is acknowledged).","fields":[{"name":"decision","type":"boolean","doc":"true: permitted."},{"name":"context","type":{"type":"record","name":"EvaluationOutcome","fields":[{"name":"decisionId","type":"string","doc":"The id of the decision record (= the request id)."},{"name":"reason_code","type":["null","string"],"default":null,"doc":"The first rule that failed; null when permitted."},{"name":"reason_user","type":["null","string"],"default":null,"doc":"Sentence for the worker (Dutch)."},{"name":"reason_admin","type":["null","string"],"default":null,"doc":"Sentence for the administrator (English, with the facts; never a BSN)."},{"name":"escape","type":"boolean","doc":"Permitted only through the escape right."},{"name":"collaborationId","type":["null","string"],"default":null,"doc":"The collaboration that allows acting for M; null for the home municipality itself."},{"name":"rulesVersion","type":"string"},{"name":"whitelist","type":{"type":"enum","name":"WhitelistCheck","symbols":["ON_WHITELIST","ESCAPE","ABORTED","NOT_CHECKED"],"default":"NOT_CHECKED","doc":"As AttributedQuery.whitelist.outcome: ABORTED is an aborted search (afgebroken zoekopdracht)."}},{"name":"actingFor","type":["null",{"type":"record","name":"ActingForOrganisation","doc":"M as registered, for logging under its identity.","fields":[{"name":"id","type":"string"},{"name":"name","type":"string"},{"name":"cbsCode","type":["null","string"],"default":null},{"name":"oin","type":"string"}]}],"default":null}]}}]},
  },
  latest: 1,
} as const;
