/**
 * The topic catalogue: every topic between services, with its key, value schema, partitions,
 * retention or compaction, producing service and consumer groups. Services create topics and
 * typed producers/consumers from these entries only.
 */
import { ActivityEvent, ActivityEventSchemas, AuditCheckpoint, AuditCheckpointSchemas, CitizenNotification, CitizenNotificationSchemas } from './generated/audit';
import { AccessDecisionRecord, AccessDecisionRecordSchemas, AccessEvaluationRequest, AccessEvaluationRequestSchemas, AccessEvaluationResponse, AccessEvaluationResponseSchemas } from './generated/authorization';
import { CaseloadEvent, CaseloadEventSchemas } from './generated/caseload';
import { DeadLetter, DeadLetterSchemas } from './generated/platform';
import { AttributedQuery, AttributedQuerySchemas, Supplier, SupplierValues } from './generated/query';
import {
  CollaborationEvent,
  CollaborationEventSchemas,
  OrganisationEvent,
  OrganisationEventSchemas,
  SessionEvent,
  SessionEventSchemas,
  UserEvent,
  UserEventSchemas,
  WhitelistChange,
  WhitelistChangeSchemas,
} from './generated/registration';
import {
  CustomerUsageReport,
  CustomerUsageReportSchemas,
  ProtocolLine,
  ProtocolLineSchemas,
  SupplierUsageReport,
  SupplierUsageReportSchemas,
} from './generated/reporting';
import { MisuseSignal, MisuseSignalSchemas } from './generated/signals';
import { BERICHTENBOX_PRINCIPAL, CASE_SYSTEM_MUNICIPALITIES, caseSystemPrincipal, supplierPrincipal, VERIFIER_PRINCIPAL } from './parties';
import { defineTopic, TopicSpec } from './topic';

const DAYS = 24 * 60 * 60 * 1000;
/** 20 years of 365.25 days: how long BRP protocol lines are kept (BRP protocollering). */
export const PROTOCOL_RETENTION_MS = 7305 * DAYS;
/** A year and a day: how long report versions stay on the supplier feeds (the generic report is downloadable for a year). */
export const REPORT_FEED_RETENTION_MS = 366 * DAYS;

export const ConsumerGroups = {
  authorizationReadModel: 'authorization.read-model',
  /** The gateway's in-process read model (AUTHORIZATION_MODE=in-process, the default). */
  gatewayReadModel: 'query-proxy.read-model',
  registrationCaseload: 'registration.caseload',
  auditLog: 'audit-log.attributed-queries',
  auditLogDecisions: 'audit-log.decisions',
  /** The audit log appending every action (ActivityEvent) to its chains (ADR 0018). */
  auditLogActivity: 'audit-log.activity',
  /** The audit log's completeness check: the attributed-query topic counted against its store (issue 19). */
  auditLogCompleteness: 'audit-log.completeness',
  /** Reporting's completeness check: the attributed-query topic counted against its aggregates. */
  reportingCompleteness: 'supplier-reporting.completeness',
  /** Reporting counting account management and logins from the actions (ADR 0018). */
  reportingActivity: 'supplier-reporting.activity',
  reporting: 'supplier-reporting.attributed-queries',
  /** The misuse-signal detectors (issue 22, ADR 0021): the attributed queries and the actions, each in a group of its own. */
  signalsQueries: 'supplier-reporting.signals-queries',
  signalsActivity: 'supplier-reporting.signals-activity',
  authorizationEvaluations: 'authorization.evaluations',
  gatewayAuthorizationReplies: 'query-proxy.authorization-replies',
  /**
   * Account changes (ADR 0017): every service that accepts login tokens follows the users and
   * sessions topics into memory, from offset 0 in a group of its own per process (nothing
   * committed), and refuses tokens of deactivated accounts, of accounts changed after the token
   * was issued, and tokens signed out.
   */
  registrationAccountChanges: 'registration.account-changes',
  authorizationAccountChanges: 'authorization.account-changes',
  gatewayAccountChanges: 'query-proxy.account-changes',
  auditLogAccountChanges: 'audit-log.account-changes',
  reportingAccountChanges: 'supplier-reporting.account-changes',
  operationsAccountChanges: 'operations.account-changes',
} as const;

/** The account-changes group of each service that accepts login tokens (every one). */
export const ACCOUNT_CHANGES_GROUPS = [
  ConsumerGroups.registrationAccountChanges,
  ConsumerGroups.authorizationAccountChanges,
  ConsumerGroups.gatewayAccountChanges,
  ConsumerGroups.auditLogAccountChanges,
  ConsumerGroups.reportingAccountChanges,
  ConsumerGroups.operationsAccountChanges,
] as const;

export const organisations = defineTopic<OrganisationEvent>({
  name: 'inkijk.registration.organisations.v1',
  description: 'Registered state of every municipality and collaboration (compacted).',
  keyDescription: 'organisationId',
  keyOf: (v) => v.organisationId,
  value: OrganisationEventSchemas,
  cleanupPolicy: 'compact',
  retentionMs: -1,
  producer: 'registration',
  consumerGroups: [ConsumerGroups.authorizationReadModel, ConsumerGroups.gatewayReadModel],
});

export const collaborations = defineTopic<CollaborationEvent>({
  name: 'inkijk.registration.collaborations.v1',
  description: 'Collaboration lifecycle: registered, applications decided, activated, members joined/left, changed, terminated.',
  keyDescription: 'collaborationId (changes of one collaboration stay in order)',
  keyOf: (v) => v.collaborationId,
  value: CollaborationEventSchemas,
  producer: 'registration',
  consumerGroups: [ConsumerGroups.authorizationReadModel, ConsumerGroups.gatewayReadModel],
});

export const users = defineTopic<UserEvent>({
  name: 'inkijk.registration.users.v1',
  description: 'User accounts: created, roles/tasks changed, deactivated.',
  keyDescription: 'userId',
  keyOf: (v) => v.userId,
  value: UserEventSchemas,
  producer: 'registration',
  consumerGroups: [ConsumerGroups.authorizationReadModel, ConsumerGroups.gatewayReadModel, ...ACCOUNT_CHANGES_GROUPS],
});

/**
 * Login sessions: a token issued (SignedIn) or signed out (SignedOut). Followed, with the users
 * topic, by every service that accepts tokens (ADR 0017). Kept two days: longer than any login
 * token lives (8 h), so a follower that starts anew still knows every signed-out token that has
 * not expired, and replaying it stays small.
 */
export const sessions = defineTopic<SessionEvent>({
  name: 'inkijk.registration.sessions.v1',
  description: 'Login sessions: a login token issued (SignedIn), signed out (SignedOut: that token, or every token of the user).',
  keyDescription: 'userId (the sessions of one user stay in order)',
  keyOf: (v) => v.userId,
  value: SessionEventSchemas,
  retentionMs: 2 * DAYS,
  producer: 'registration',
  consumerGroups: [...ACCOUNT_CHANGES_GROUPS],
});

export const whitelist = defineTopic<WhitelistChange>({
  name: 'inkijk.registration.whitelist.v1',
  description: 'BSNs added to or removed from a municipality whitelist (caseload).',
  keyDescription: 'municipalityId',
  keyOf: (v) => v.municipalityId,
  value: WhitelistChangeSchemas,
  partitions: 6,
  producer: 'registration',
  consumerGroups: [ConsumerGroups.authorizationReadModel, ConsumerGroups.gatewayReadModel],
});

/**
 * Caseload events from municipal case systems: one topic per municipality, written only by that
 * municipality's case system (its own principal), so that the broker itself checks the origin
 * (ADR 0014). Registration reads them all and parks a record whose municipality is not the
 * topic's. `caseload` is the layout every such topic shares.
 */
export function caseloadTopicFor(cbsCode: string): TopicSpec<CaseloadEvent> {
  return defineTopic<CaseloadEvent>({
    name: `inkijk.caseload.events-${cbsCode.toLowerCase()}.v1`,
    description: `Service relationships started or ended, from the case system of municipality ${cbsCode}.`,
    keyDescription: 'municipalityCbsCode',
    keyOf: (v) => v.municipalityCbsCode,
    value: CaseloadEventSchemas,
    partitions: 1,
    retentionMs: 30 * DAYS,
    producer: caseSystemPrincipal(cbsCode),
    consumerGroups: [ConsumerGroups.registrationCaseload],
    compatibility: 'FULL',
  });
}
/** The CBS code a caseload topic is for, or undefined for another topic. */
export function municipalityOfCaseloadTopic(name: string): string | undefined {
  const m = /^inkijk\.caseload\.events-(gm\d{4})\.v1$/.exec(name);
  return m ? m[1].toUpperCase() : undefined;
}
export const caseloadTopics: readonly TopicSpec<CaseloadEvent>[] = CASE_SYSTEM_MUNICIPALITIES.map(caseloadTopicFor);
/** The layout of every caseload topic (tests copy it under names of their own). */
export const caseload = caseloadTopicFor('GM0000');

export const attributedQueries = defineTopic<AttributedQuery>({
  name: 'inkijk.query.attributed.v1',
  description: 'Every Inkijk query, attributed to worker and chosen municipality; fans out to audit and reporting.',
  keyDescription: 'actingFor.id (the municipality the query was for: its records stay in order)',
  keyOf: (v) => v.actingFor.id,
  value: AttributedQuerySchemas,
  partitions: 6,
  producer: 'query-proxy',
  consumerGroups: [ConsumerGroups.auditLog, ConsumerGroups.reporting, ConsumerGroups.auditLogCompleteness, ConsumerGroups.reportingCompleteness, ConsumerGroups.signalsQueries],
});

export const decisions = defineTopic<AccessDecisionRecord>({
  name: 'inkijk.authorization.decisions.v1',
  description: 'Decision log: every authorization decision once, with request, reason, rules version and read-model offsets.',
  keyDescription: 'decisionId',
  keyOf: (v) => v.decisionId,
  value: AccessDecisionRecordSchemas,
  // Whoever decides records the decision: the service, and the gateway deciding in-process.
  producer: ['authorization', 'query-proxy'],
  consumerGroups: [ConsumerGroups.auditLogDecisions],
});

/**
 * Access evaluation over Kafka request-reply (@nestjs/microservices): the gateway sends on the
 * request topic (its name is the message pattern), authorization answers on the reply topic
 * named in the request's kafka_replyTopic header. Both are transient: replies matter for seconds.
 */
export const authorizationEvaluations = defineTopic<AccessEvaluationRequest>({
  name: 'inkijk.authorization.evaluation.requests.v1',
  description: 'Access evaluation requests (AuthZEN) from the gateway; answered on inkijk.authorization.evaluation.replies.v1.',
  keyDescription: 'subject.id (the requests of one worker stay in order)',
  keyOf: (v) => v.subject.id,
  value: AccessEvaluationRequestSchemas,
  partitions: 6,
  retentionMs: 60 * 60 * 1000,
  producer: 'query-proxy',
  consumerGroups: [ConsumerGroups.authorizationEvaluations],
});

export const authorizationEvaluationReplies = defineTopic<AccessEvaluationResponse>({
  name: 'inkijk.authorization.evaluation.replies.v1',
  description: 'Access evaluation responses to the gateway, on the partition its client named in kafka_replyPartition.',
  keyDescription: 'none (the partition is chosen by the requesting client)',
  keyOf: (v) => v.context.decisionId,
  value: AccessEvaluationResponseSchemas,
  retentionMs: 60 * 60 * 1000,
  producer: 'authorization',
  consumerGroups: [ConsumerGroups.gatewayAuthorizationReplies],
});

/** One feed topic per supplier: what each supplier (e.g. RvIG for BRP) receives. */
export function supplierUsageTopic(supplier: Supplier): TopicSpec<SupplierUsageReport> {
  return defineTopic<SupplierUsageReport>({
    name: `inkijk.reporting.supplier-usage.${supplier.toLowerCase()}.v1`,
    description: `Monthly usage feed for supplier ${supplier}: queries per customer organisation.`,
    keyDescription: 'month (a new version of a month replaces the older one)',
    keyOf: (v) => v.month,
    value: SupplierUsageReportSchemas,
    partitions: 1,
    retentionMs: REPORT_FEED_RETENTION_MS,
    producer: 'supplier-reporting',
    consumerGroups: [],
    outsideReaders: [supplierPrincipal(supplier)],
    compatibility: 'FULL',
  });
}
export const supplierUsage = Object.fromEntries(SupplierValues.map((s) => [s, supplierUsageTopic(s)])) as Record<Supplier, TopicSpec<SupplierUsageReport>>;

/**
 * Protocol lines per supplier (issue 20, ADR 0020): one record per provision, i.e. per call of
 * the gateway to that supplier that provided data, written by reporting through its outbox,
 * keyed by the customer organisation's OIN (one customer's lines in order), readable only by
 * the supplier's own principal. Kept 20 years (BRP protocollering), never compacted: every line
 * stays, and a supplier that was away reads on from its committed offset.
 */
export function supplierProtocolTopic(supplier: Supplier): TopicSpec<ProtocolLine> {
  return defineTopic<ProtocolLine>({
    name: `inkijk.reporting.protocol.${supplier.toLowerCase()}.v1`,
    description: `Protocol lines for supplier ${supplier}: one per provision (a source call that provided data), per customer organisation, with the request id the gateway sent.`,
    keyDescription: 'customerOin (the OIN of the municipality acted for: its lines stay in order)',
    keyOf: (v) => v.customerOin,
    value: ProtocolLineSchemas,
    partitions: 3,
    retentionMs: PROTOCOL_RETENTION_MS,
    producer: 'supplier-reporting',
    consumerGroups: [],
    outsideReaders: [supplierPrincipal(supplier)],
    compatibility: 'FULL',
  });
}
export const supplierProtocol = Object.fromEntries(SupplierValues.map((s) => [s, supplierProtocolTopic(s)])) as Record<Supplier, TopicSpec<ProtocolLine>>;

export const customerUsage = defineTopic<CustomerUsageReport>({
  name: 'inkijk.reporting.customer-usage.v1',
  description: 'Monthly generic usage report per customer organisation (afnemer).',
  keyDescription: 'customerOrganisationId',
  keyOf: (v) => v.customerOrganisationId,
  value: CustomerUsageReportSchemas,
  producer: 'supplier-reporting',
  consumerGroups: [],
  compatibility: 'FULL',
});

/**
 * Every action that is not itself a query (ADR 0018): logins, account management, four-eyes
 * steps, collaboration and application actions, whitelist imports and look-ups, queries refused
 * before a decision, report downloads, reads of the audit log, dead letters listed and replayed
 * (the operations service). Written by the service that
 * acted; keyed by the organisation acted for, so one chain's actions stay in order.
 */
export const activity = defineTopic<ActivityEvent>({
  name: 'inkijk.audit.activity.v1',
  description: 'Every action that is not itself a query, written once by the service that performed it; appended to the audit chains, counted in the reports.',
  keyDescription: 'actingForId (the organisation acted for: its actions stay in order)',
  keyOf: (v) => v.actingForId,
  value: ActivityEventSchemas,
  partitions: 6,
  producer: ['registration', 'query-proxy', 'supplier-reporting', 'audit-log', 'operations'],
  consumerGroups: [ConsumerGroups.auditLogActivity, ConsumerGroups.reportingActivity, ConsumerGroups.signalsActivity],
});

/**
 * Signals of misuse as it happens (issue 22, ADR 0021): supplier-reporting's detectors write one
 * record per kind, key and window (through the outbox; the id derives from the three, so a
 * duplicate is recognisable), keyed by the organisation whose signal it is. Security officers and
 * mandated persons review them over HTTP (the portal); no other principal reads the topic yet.
 */
export const signals = defineTopic<MisuseSignal>({
  name: 'inkijk.signals.v1',
  description: 'Signals of possible misuse (bulk querying, out-of-hours use, escape bursts, curiosity, whitelist probing, refused attempts, unusual and failed logins), one per kind, key and window.',
  keyDescription: "organisationId ('all' for signals across organisations): one organisation's signals stay in order",
  keyOf: (v) => v.organisationId ?? 'all',
  value: MisuseSignalSchemas,
  partitions: 3,
  producer: 'supplier-reporting',
  consumerGroups: [],
});

export const auditCheckpoints = defineTopic<AuditCheckpoint>({
  name: 'inkijk.audit.checkpoints.v1',
  description: 'Signed audit-log checkpoints (chain head, count, time) for outside verifiers.',
  keyDescription: 'chain',
  keyOf: (v) => v.chain,
  value: AuditCheckpointSchemas,
  partitions: 1,
  producer: 'audit-log',
  consumerGroups: [],
  outsideReaders: [VERIFIER_PRINCIPAL],
  compatibility: 'FULL',
});

/**
 * Citizen notifications (issue 21, opt-in, ADR 0025): "an organisation looked at your data",
 * at most one per citizen, municipality acted for and day, written by the audit log (which keeps
 * who asked to be told) through its outbox; read by the berichtenbox only. Pseudonym, no BSN.
 */
export const citizenNotifications = defineTopic<CitizenNotification>({
  name: 'inkijk.audit.citizen-notifications.v1',
  description: 'A message for a citizen who subscribed: an organisation (the municipality acted for) queried their data; at most one per citizen, organisation and day (Europe/Amsterdam). By pseudonym, never the worker.',
  keyDescription: 'subjectPseudonym (one citizen\'s messages stay in order)',
  keyOf: (v) => v.subjectPseudonym,
  value: CitizenNotificationSchemas,
  partitions: 3,
  producer: 'audit-log',
  consumerGroups: [],
  outsideReaders: [BERICHTENBOX_PRINCIPAL],
  compatibility: 'FULL',
});

export const deadLetters = defineTopic<DeadLetter>({
  name: 'inkijk.platform.dead-letters.v1',
  description: 'Records a consumer could not decode or process, with reason and origin.',
  keyDescription: 'originTopic',
  keyOf: (v) => v.originTopic,
  value: DeadLetterSchemas,
  partitions: 1,
  retentionMs: 90 * DAYS,
  producer: 'any-consumer',
  consumerGroups: [],
});

/** Every topic, for topic creation and for the evolution suite. */
export const catalogue: readonly TopicSpec<unknown>[] = [
  organisations,
  collaborations,
  users,
  sessions,
  whitelist,
  ...caseloadTopics,
  attributedQueries,
  decisions,
  activity,
  authorizationEvaluations,
  authorizationEvaluationReplies,
  ...Object.values(supplierUsage),
  ...Object.values(supplierProtocol),
  customerUsage,
  auditCheckpoints,
  citizenNotifications,
  signals,
  deadLetters,
] as TopicSpec<unknown>[];
