/**
 * Content checks: a record can fit its Avro schema and still be impossible: a query for
 * municipality "ehs", for product "kAKnpe", started in 1970 but produced today; a collaboration
 * event whose ids are no UUIDs. Consumers park such a record on the dead-letter topic with reason
 * INVALID_CONTENT instead of letting it into the audit chain, a read model or a report.
 *
 * One check per value type, written once here beside the schemas; a consumer finds the check
 * for its topic with contentCheckFor(topic) (by the topic's schema, so test copies of a topic
 * are checked too). Each check is pure: it gets the decoded value and the record's Kafka
 * timestamp, and returns a readable problem (every one found, joined by "; ") or null.
 *
 * What is checked here is what the record itself can tell; whether a municipality is registered
 * or a user exists is for the consumer that holds that state.
 */
import type { AttributedQuery, OrganisationRef } from './generated/query';
import { AttributedQuerySchemas } from './generated/query';
import { municipalityOfCaseloadTopic } from './catalogue';
import type { ActivityEvent } from './generated/audit';
import { ActivityEventSchemas } from './generated/audit';
import type { AccessDecisionRecord } from './generated/authorization';
import { AccessDecisionRecordSchemas } from './generated/authorization';
import type { CaseloadEvent } from './generated/caseload';
import { CaseloadEventSchemas } from './generated/caseload';
import type {
  ApplicationDecided, CollaborationChanged, CollaborationEvent, CollaborationRegistered, CollaborationTerminated, Membership, MemberJoined, MemberLeft,
  GrantApproved, GrantRejected, GrantRequested, OrganisationEvent, UserCreated, UserDeactivated, UserEvent, WhitelistChange,
} from './generated/registration';
import { CollaborationEventSchemas, OrganisationEventSchemas, SessionEventSchemas, UserEventSchemas, WhitelistChangeSchemas } from './generated/registration';
import type { SessionEvent } from './generated/registration';
import { ESCAPE_REASONS, isEscapeReason, PRODUCT_IDS, productById } from './reference';
import type { SchemaFamily } from './topic';
import {
  checkBsn, checkCalendarDate, checkCbsCode, checkCount, checkEventTime, checkFreeText, checkIdentifier, checkOin, checkPeriod, checkText, checkUuid,
  containsBsn, isSha256Hex, isSpanId, isTraceId, MAX_CLOCK_SKEW_MS, Problems, quote,
} from './content-rules';

/** Returns what is wrong with a value, readable, or null when its content is plausible. */
export type ContentCheck<T> = (value: T, recordTimestamp: number) => string | null;

const DAY = 24 * 60 * 60 * 1000;
/**
 * How long before its record an event may have happened. The gateway publishes a query while
 * it runs (before any data reach the worker), so minutes. Registration publishes through its
 * outbox, which holds events while the broker is out of reach; a registration event parked by
 * mistake would leave a read model behind (a member that left keeps access), so the bound is
 * wide. Case systems may batch; their topics keep 30 days.
 */
export const MAX_PUBLISH_LAG_MS = {
  query: MAX_CLOCK_SKEW_MS,
  registration: 30 * DAY,
  caseload: 30 * DAY,
  /** Actions: sent durably before the answer, or through an outbox like registration's. */
  activity: 30 * DAY,
} as const;

/** Municipalities, as a query names them (worker's home, the municipality acted for). */
function checkMunicipalityRef(p: Problems, field: string, ref: OrganisationRef): void {
  checkUuid(p, `${field}.id`, ref.id);
  checkCbsCode(p, `${field}.cbsCode`, ref.cbsCode);
  checkOin(p, `${field}.oin`, ref.oin);
  checkText(p, `${field}.name`, ref.name);
}

export const checkAttributedQuery: ContentCheck<AttributedQuery> = (q, recordTimestamp) => {
  const p = new Problems();
  checkUuid(p, 'eventId', q.eventId);
  checkEventTime(p, 'occurredAt', q.occurredAt, recordTimestamp, MAX_PUBLISH_LAG_MS.query);
  checkEventTime(p, 'completedAt', q.completedAt, recordTimestamp, MAX_PUBLISH_LAG_MS.query);
  // A clock may step back a little between the start and the end of a query.
  p.expect(q.completedAt >= q.occurredAt - MAX_CLOCK_SKEW_MS, () => 'completedAt lies before occurredAt');
  p.expect(isTraceId(q.traceId), () => `traceId ${quote(q.traceId)} is not a W3C trace id (32 lowercase hex)`);
  p.expect(isSpanId(q.spanId), () => `spanId ${quote(q.spanId)} is not a W3C span id (16 lowercase hex)`);
  if (q.parentSpanId != null) p.expect(isSpanId(q.parentSpanId), () => `parentSpanId ${quote(q.parentSpanId)} is not a W3C span id`);
  checkText(p, 'processingActivityId', q.processingActivityId, 200);
  checkIdentifier(p, 'worker.userId', q.worker.userId);
  checkMunicipalityRef(p, 'worker.homeMunicipality', q.worker.homeMunicipality);
  checkMunicipalityRef(p, 'actingFor', q.actingFor);
  if (q.collaborationId != null) checkIdentifier(p, 'collaborationId', q.collaborationId);
  else if (q.decision.result === 'PERMIT' && q.actingFor.id !== q.worker.homeMunicipality.id) {
    p.add('a permitted query for another municipality than the worker\'s own names no collaboration');
  }
  const product = productById(q.product);
  if (p.expect(product !== undefined, () => `product ${quote(q.product)} is not an Inkijk product (${PRODUCT_IDS.join(', ')})`)) {
    p.expect(product!.searchKeys.includes(q.searchKeyType), () => `product ${product!.id} is not searched by ${q.searchKeyType}`);
  }
  if (q.dataSubject != null) {
    p.expect(/^[0-9a-f]{64}$/.test(q.dataSubject.pseudonym), () => 'dataSubject.pseudonym is not an HMAC-SHA256 (64 hex)');
    // 12-byte IV, the sealed BSN, 16-byte tag.
    p.expect(q.dataSubject.sealedBsn.length > 28 && q.dataSubject.sealedBsn.length <= 256, () => `dataSubject.sealedBsn has ${q.dataSubject!.sealedBsn.length} bytes, not an AES-GCM sealed BSN`);
  }
  q.sources.forEach((s, i) => {
    checkCount(p, `sources[${i}].durationMs`, s.durationMs, 60 * 60 * 1000);
    checkCount(p, `sources[${i}].personListsProvided`, s.personListsProvided ?? 0, 10_000);
    // v2: what was asked goes into the suppliers' protocol lines, so it must name fields, never hold values.
    if (s.requestId != null) checkIdentifier(p, `sources[${i}].requestId`, s.requestId);
    if (s.requestType != null) checkIdentifier(p, `sources[${i}].requestType`, s.requestType);
    for (const list of ['searchFields', 'requestedFields'] as const) {
      const names = s[list] ?? [];
      p.expect(names.length <= 100, () => `sources[${i}].${list} names ${names.length} fields (at most 100)`);
      p.expect(names.every((f) => /^[A-Za-z][A-Za-z0-9.]{0,99}$/.test(f) && !/\d{3}/.test(f)), () => `sources[${i}].${list} holds something that is not a field name (a letter, then letters, dots and short numbers)`);
    }
  });
  const { outcome, escapeReason } = q.whitelist;
  if (outcome === 'ESCAPE') {
    const list = ESCAPE_REASONS.map((r) => r.code).join(', ');
    p.expect(escapeReason != null && isEscapeReason(escapeReason), () => `whitelist.escapeReason ${escapeReason == null ? 'is missing' : `${quote(escapeReason)} is not on the escape list`} (${list})`);
  } else {
    p.expect(escapeReason == null, () => `whitelist.escapeReason is given although the whitelist outcome is ${outcome}`);
  }
  checkIdentifier(p, 'decision.decisionId', q.decision.decisionId);
  checkIdentifier(p, 'decision.rulesVersion', q.decision.rulesVersion);
  if (q.decision.reasonCode != null) checkIdentifier(p, 'decision.reasonCode', q.decision.reasonCode);
  p.expect(q.decision.result !== 'DENY' || q.outcome === 'DENIED', () => `a denied query has outcome ${q.outcome}`);
  // v2: whose client the citizen is (a permit through a collaboration only), and the hint followed.
  if (q.caseload != null) {
    const heldBy = q.caseload.heldBy ?? [];
    p.expect(q.decision.result === 'PERMIT' && q.collaborationId != null && q.dataSubject != null, () => 'caseload is given for a query that was not permitted through a collaboration about a person');
    p.expect(!q.caseload.actingForHolds || heldBy.length === 0, () => 'caseload names other members although the chosen municipality holds the citizen');
    heldBy.forEach((id, i) => {
      checkUuid(p, `caseload.heldBy[${i}]`, id);
      p.expect(id !== q.actingFor.id, () => 'caseload.heldBy names the municipality acted for');
    });
  }
  if (q.followsHintOf != null) {
    checkUuid(p, 'followsHintOf', q.followsHintOf);
    p.expect(q.followsHintOf !== q.eventId, () => 'followsHintOf names the query itself');
  }
  return p.problem();
};

/** Id and time of every registration event. */
function checkRegistrationEvent(p: Problems, e: { eventId: string; occurredAt: number }, recordTimestamp: number): void {
  checkUuid(p, 'eventId', e.eventId);
  checkEventTime(p, 'occurredAt', e.occurredAt, recordTimestamp, MAX_PUBLISH_LAG_MS.registration);
}

export const checkOrganisationEvent: ContentCheck<OrganisationEvent> = (e, recordTimestamp) => {
  const p = new Problems();
  checkRegistrationEvent(p, e, recordTimestamp);
  checkUuid(p, 'organisationId', e.organisationId);
  if (e.kind === 'MUNICIPALITY') checkCbsCode(p, 'cbsCode', e.cbsCode);
  else p.expect(e.cbsCode == null, () => `${e.kind === 'OPERATOR' ? 'the operator' : 'a collaboration'} has no CBS code`);
  checkOin(p, 'oin', e.oin);
  checkText(p, 'name', e.name);
  checkPeriod(p, 'validity', e.validFrom, e.validTo, recordTimestamp);
  return p.problem();
};

function checkLegalDomains(p: Problems, field: string, domains: readonly string[]): void {
  p.expect(domains.length > 0, () => `${field} is empty`);
}

function checkMembers(p: Problems, members: readonly Membership[], recordTimestamp: number): void {
  p.expect(members.length > 0, () => 'a collaboration is registered without members');
  members.forEach((m, i) => {
    checkUuid(p, `members[${i}].municipalityId`, m.municipalityId);
    checkPeriod(p, `members[${i}]`, m.effectiveFrom, m.effectiveTo, recordTimestamp);
  });
}

const NS = 'nl.inkijk.registration.';
/** The one branch of a wrapped union (avsc's wrapUnions: { 'full.Name': value }), by its short name. */
const branchOf = (change: object): [string, Record<string, unknown>] => {
  const [name, body] = Object.entries(change)[0] as [string, Record<string, unknown>];
  return [name.startsWith(NS) ? name.slice(NS.length) : name, body];
};

export const checkCollaborationEvent: ContentCheck<CollaborationEvent> = (e, recordTimestamp) => {
  const p = new Problems();
  checkRegistrationEvent(p, e, recordTimestamp);
  checkUuid(p, 'collaborationId', e.collaborationId);
  p.expect(Number.isInteger(e.sequence) && e.sequence >= 1, () => `sequence ${e.sequence} is not 1, 2, 3, ...`);
  checkIdentifier(p, 'recordedBy', e.recordedBy);
  const date = (field: string, value: string) => checkCalendarDate(p, field, value, recordTimestamp);
  const [kind, c] = branchOf(e.change);
  switch (kind) {
    case 'CollaborationRegistered': {
      const r = c as unknown as CollaborationRegistered;
      checkText(p, 'name', r.name);
      checkUuid(p, 'executingOrganisationId', r.executingOrganisationId);
      checkLegalDomains(p, 'legalDomains', r.legalDomains);
      checkMembers(p, r.members, recordTimestamp);
      date('effectiveFrom', r.effectiveFrom);
      p.expect(isSha256Hex(r.agreementSha256), () => 'agreementSha256 is not a SHA-256 (64 hex)');
      break;
    }
    case 'ApplicationDecided': {
      const a = c as unknown as ApplicationDecided;
      checkUuid(p, 'applicationId', a.applicationId);
      checkUuid(p, 'municipalityId', a.municipalityId);
      if (a.reason != null) checkFreeText(p, 'reason', a.reason);
      break;
    }
    case 'CollaborationActivated':
      date('effectiveFrom', c.effectiveFrom as string);
      break;
    case 'MemberJoined': {
      const j = c as unknown as MemberJoined;
      checkUuid(p, 'municipalityId', j.municipalityId);
      date('effectiveFrom', j.effectiveFrom);
      break;
    }
    case 'MemberLeft': {
      const l = c as unknown as MemberLeft;
      checkUuid(p, 'municipalityId', l.municipalityId);
      date('effectiveTo', l.effectiveTo);
      break;
    }
    case 'CollaborationChanged': {
      const ch = c as unknown as CollaborationChanged;
      date('effectiveFrom', ch.effectiveFrom);
      if (ch.name != null) checkText(p, 'name', ch.name);
      if (ch.legalDomains != null) checkLegalDomains(p, 'legalDomains', ch.legalDomains);
      if (ch.agreementSha256 != null) p.expect(isSha256Hex(ch.agreementSha256), () => 'agreementSha256 is not a SHA-256 (64 hex)');
      break;
    }
    case 'CollaborationTerminated': {
      const t = c as unknown as CollaborationTerminated;
      date('effectiveTo', t.effectiveTo);
      checkFreeText(p, 'reason', t.reason);
      break;
    }
    default:
      p.add(`change ${quote(kind)} is not a collaboration change`);
  }
  return p.problem();
};

/** Roles and products of a user: known products only; a security officer holds no other role. */
function checkTasks(p: Problems, t: Pick<UserCreated, 'roles' | 'permittedProducts'>): void {
  p.expect(!t.roles.includes('SECURITY_OFFICER') || t.roles.every((r) => r === 'SECURITY_OFFICER'), () => `the security officer role is combined with ${t.roles.filter((r) => r !== 'SECURITY_OFFICER').join(', ')} (separation of duties)`);
  const unknown = t.permittedProducts.filter((id) => productById(id) === undefined);
  p.expect(unknown.length === 0, () => `permittedProducts ${unknown.map(quote).join(', ')} are not Inkijk products`);
}

export const checkUserEvent: ContentCheck<UserEvent> = (e, recordTimestamp) => {
  const p = new Problems();
  checkRegistrationEvent(p, e, recordTimestamp);
  checkIdentifier(p, 'userId', e.userId);
  checkUuid(p, 'homeMunicipalityId', e.homeMunicipalityId);
  const [kind, c] = branchOf(e.change);
  if (kind === 'UserCreated' || kind === 'UserRolesChanged') {
    checkTasks(p, c as unknown as UserCreated);
    const grantId = (c as unknown as UserCreated).grantId;
    if (grantId != null) checkUuid(p, 'grantId', grantId);
  } else if (kind === 'UserDeactivated') {
    const reason = (c as unknown as UserDeactivated).reason;
    if (reason != null) checkFreeText(p, 'reason', reason);
  } else if (kind === 'GrantRequested') {
    const g = c as unknown as GrantRequested;
    checkGrant(p, e.userId, g);
    checkTasks(p, g);
    p.expect(g.sensitiveRights.length > 0, () => 'a grant request names no sensitive right (a change without one needs no second person)');
  } else if (kind === 'GrantApproved') {
    const g = c as unknown as GrantApproved;
    checkGrant(p, e.userId, g);
    checkSecondPerson(p, e.userId, g.requestedBy, 'approvedBy', g.approvedBy);
  } else if (kind === 'GrantRejected') {
    const g = c as unknown as GrantRejected;
    checkGrant(p, e.userId, g);
    checkIdentifier(p, 'rejectedBy', g.rejectedBy);
    if (g.reason != null) checkFreeText(p, 'reason', g.reason);
  } else p.add(`change ${quote(kind)} is not a user change`);
  return p.problem();
};

/** A grant's id and requester; nobody asks for their own rights (separation of duties). */
function checkGrant(p: Problems, userId: string, g: { grantId: string; requestedBy: string }): void {
  checkUuid(p, 'grantId', g.grantId);
  checkIdentifier(p, 'requestedBy', g.requestedBy);
  p.expect(g.requestedBy !== userId, () => 'requestedBy is the account holder: nobody asks for their own rights (separation of duties)');
}

/** Four eyes: the approver is neither the requester nor the account holder. */
function checkSecondPerson(p: Problems, userId: string, requestedBy: string, field: string, by: string): void {
  checkIdentifier(p, field, by);
  p.expect(by !== requestedBy, () => `${field} is the requester: a grant needs a second person (four eyes)`);
  p.expect(by !== userId, () => `${field} is the account holder: nobody approves their own rights (separation of duties)`);
}

/** Longest a login token may live (the one login issues 8 h): a session event beyond it is impossible. */
export const MAX_TOKEN_LIFETIME_MS = DAY;

export const checkSessionEvent: ContentCheck<SessionEvent> = (e, recordTimestamp) => {
  const p = new Problems();
  checkRegistrationEvent(p, e, recordTimestamp);
  checkIdentifier(p, 'userId', e.userId);
  checkUuid(p, 'homeMunicipalityId', e.homeMunicipalityId);
  checkUuid(p, 'tokenId', e.tokenId);
  const [kind] = branchOf(e.change);
  p.expect(kind === 'SignedIn' || kind === 'SignedOut', () => `change ${quote(kind)} is not a session change`);
  // A token signed in lives on after its login; one signed out had not expired (an expired token cannot sign out).
  p.expect(e.tokenExpiresAt > e.occurredAt, () => 'tokenExpiresAt is not after occurredAt');
  p.expect(e.tokenExpiresAt <= e.occurredAt + MAX_TOKEN_LIFETIME_MS, () => 'tokenExpiresAt lies more than a day after occurredAt (no login token lives that long)');
  return p.problem();
};

export const checkWhitelistChange: ContentCheck<WhitelistChange> = (e, recordTimestamp) => {
  const p = new Problems();
  checkRegistrationEvent(p, e, recordTimestamp);
  checkUuid(p, 'municipalityId', e.municipalityId);
  checkBsn(p, 'bsn', e.bsn);
  checkCalendarDate(p, 'effectiveDate', e.effectiveDate, recordTimestamp);
  return p.problem();
};

export const checkCaseloadEvent: ContentCheck<CaseloadEvent> = (e, recordTimestamp) => {
  const p = new Problems();
  checkUuid(p, 'eventId', e.eventId);
  checkEventTime(p, 'occurredAt', e.occurredAt, recordTimestamp, MAX_PUBLISH_LAG_MS.caseload);
  checkCbsCode(p, 'municipalityCbsCode', e.municipalityCbsCode);
  checkText(p, 'caseId', e.caseId, 200); // the case system's own id: its shape is theirs
  checkBsn(p, 'bsn', e.bsn);
  checkCalendarDate(p, 'effectiveDate', e.effectiveDate, recordTimestamp);
  return p.problem();
};

const PSEUDONYM = /^[0-9a-f]{64}$/;

/** An action (ADR 0018): who, for whom, what, with which outcome; no BSN, no free text beyond a few details. */
export const checkActivityEvent: ContentCheck<ActivityEvent> = (e, recordTimestamp) => {
  const p = new Problems();
  checkUuid(p, 'eventId', e.eventId);
  checkEventTime(p, 'occurredAt', e.occurredAt, recordTimestamp, MAX_PUBLISH_LAG_MS.activity);
  p.expect(isTraceId(e.traceId), () => `traceId ${quote(e.traceId)} is not a W3C trace id (32 lowercase hex)`);
  p.expect(isSpanId(e.spanId), () => `spanId ${quote(e.spanId)} is not a W3C span id (16 lowercase hex)`);
  checkIdentifier(p, 'service', e.service);
  if (e.actor.userId != null) checkIdentifier(p, 'actor.userId', e.actor.userId);
  if (e.actor.homeOrganisationId != null) checkUuid(p, 'actor.homeOrganisationId', e.actor.homeOrganisationId);
  const roles = e.actor.roles ?? [];
  p.expect(roles.length <= 10, () => `actor has ${roles.length} roles`);
  roles.forEach((r, i) => checkIdentifier(p, `actor.roles[${i}]`, r));
  checkUuid(p, 'actingForId', e.actingForId);
  checkIdentifier(p, 'object.type', e.object.type);
  if (e.object.id != null) checkText(p, 'object.id', e.object.id, 200);
  if (e.reasonCode != null) checkIdentifier(p, 'reasonCode', e.reasonCode);
  p.expect(e.outcome === 'SUCCEEDED' || e.reasonCode != null, () => `a ${e.outcome} action names no reasonCode`);
  if (e.subjectPseudonym != null) p.expect(PSEUDONYM.test(e.subjectPseudonym), () => 'subjectPseudonym is not an HMAC-SHA256 (64 hex)');
  const entries = Object.entries(e.details ?? {});
  p.expect(entries.length <= 20, () => `details has ${entries.length} entries (at most 20)`);
  for (const [k, v] of entries) {
    checkIdentifier(p, `details key ${quote(k)}`, k);
    checkFreeText(p, `details.${k}`, v, 500);
    // A BSN never travels here: nine digits that pass the elfproef are refused wherever they stand.
    p.expect(!containsBsn(v), () => `details.${k} holds what looks like a BSN`);
  }
  return p.problem();
};

/** A decision record (the decision log), as the audit log keeps it. */
export const checkAccessDecisionRecord: ContentCheck<AccessDecisionRecord> = (d, recordTimestamp) => {
  const p = new Problems();
  checkIdentifier(p, 'decisionId', d.decisionId);
  checkEventTime(p, 'decidedAt', d.decidedAt, recordTimestamp, MAX_PUBLISH_LAG_MS.query);
  if (d.traceId != null) p.expect(isTraceId(d.traceId), () => `traceId ${quote(d.traceId)} is not a W3C trace id (32 lowercase hex)`);
  checkIdentifier(p, 'subject.userId', d.subject.userId);
  checkIdentifier(p, 'subject.homeMunicipalityId', d.subject.homeMunicipalityId);
  checkText(p, 'action', d.action, 200);
  if (d.resource.dataSubjectPseudonym != null) p.expect(PSEUDONYM.test(d.resource.dataSubjectPseudonym), () => 'resource.dataSubjectPseudonym is not an HMAC-SHA256 (64 hex)');
  checkIdentifier(p, 'context.actingForMunicipalityId', d.context.actingForMunicipalityId);
  checkText(p, 'context.legalDomain', d.context.legalDomain, 200);
  if (d.collaborationId != null) checkIdentifier(p, 'collaborationId', d.collaborationId);
  if (d.reasonCode != null) checkIdentifier(p, 'reasonCode', d.reasonCode);
  p.expect(d.decision === 'PERMIT' || d.reasonCode != null, () => 'a denial names no reasonCode');
  checkIdentifier(p, 'rulesVersion', d.rulesVersion);
  return p.problem();
};

/**
 * The check of every schema a service consumes, by its Avro full name. Schemas without an
 * entry (reports, checkpoints, dead letters) have no consumer of ours that
 * applies them; the evaluation requests are decided (and denied) rather than parked.
 */
export const CONTENT_CHECKS: Readonly<Record<string, ContentCheck<never>>> = {
  [AttributedQuerySchemas.fullName]: checkAttributedQuery,
  [OrganisationEventSchemas.fullName]: checkOrganisationEvent,
  [CollaborationEventSchemas.fullName]: checkCollaborationEvent,
  [UserEventSchemas.fullName]: checkUserEvent,
  [SessionEventSchemas.fullName]: checkSessionEvent,
  [WhitelistChangeSchemas.fullName]: checkWhitelistChange,
  [CaseloadEventSchemas.fullName]: checkCaseloadEvent,
  [ActivityEventSchemas.fullName]: checkActivityEvent,
  [AccessDecisionRecordSchemas.fullName]: checkAccessDecisionRecord,
};

/** The content check of a topic's values, if its schema has one. */
export function contentCheckFor<T>(topic: { readonly value: SchemaFamily }): ContentCheck<T> | undefined {
  return CONTENT_CHECKS[topic.value.fullName] as ContentCheck<T> | undefined;
}

/**
 * What is wrong with a consumed record's content, or null: the check of its topic applied with
 * the record's Kafka timestamp (kafkajs gives it as a string of epoch milliseconds). A record
 * without a usable timestamp cannot be placed in time, so it is not accepted either.
 */
export function contentProblem<T>(topic: { readonly value: SchemaFamily; readonly name?: string }, value: T, recordTimestamp: string | number | undefined): string | null {
  const check = contentCheckFor<T>(topic);
  if (!check) return null;
  const ts = Number(recordTimestamp);
  if (recordTimestamp === undefined || recordTimestamp === '' || !Number.isSafeInteger(ts) || ts <= 0) {
    return `the record has no usable timestamp (${quote(recordTimestamp)}), so its times cannot be checked`;
  }
  return [originProblem(topic.name, value), check(value, ts)].filter((p) => p !== null).join('; ') || null;
}

/**
 * A municipality's caseload topic is written by that municipality's case system only (the
 * broker's ACLs, ADR 0014): a record on it about another municipality is not the writer's to make.
 */
function originProblem(topicName: string | undefined, value: unknown): string | null {
  const own = topicName === undefined ? undefined : municipalityOfCaseloadTopic(topicName);
  const claimed = (value as Partial<CaseloadEvent>).municipalityCbsCode;
  if (own === undefined || claimed === own) return null;
  return `municipalityCbsCode ${quote(claimed)} is not the municipality of topic ${topicName} (${own}): a case system writes only its own municipality's caseload`;
}
