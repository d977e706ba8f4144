/**
 * The audit log's HTTP API as one table: the schemas the controller validates its input with,
 * and the OpenAPI document made from them (GET /openapi.json). Who may call what: the access
 * policy (domain/access-policy.ts); x-roles lists the roles that may call at all.
 */
import { z } from 'zod';
import { ACTIVITY_CATEGORIES, audit, isRefusal, Refusal } from '@inkijk/contracts';
import { ApiError, openApiDocument, parseInput, RouteSpec } from '@inkijk/platform';
import { MAX_PAGE } from '../../app/audit-queries';
import { RECORD_KINDS } from '../../domain/audit-entry';

/**
 * The input as the route's schema gives it, or a refusal INVALID_REQUEST (or the code the schema
 * names) naming every problem.
 */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  try {
    return parseInput(schema, input ?? {}, what);
  } catch (e) {
    if (e instanceof ApiError || isRefusal(e)) {
      throw e.code === 'VALIDATION_FAILED' ? new Refusal('INVALID', 'INVALID_REQUEST', e.message) : new Refusal('INVALID', e.code, e.message, e.details);
    }
    throw e;
  }
}

const page = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).optional().describe(`Records per page, at most ${MAX_PAGE}`),
  cursor: z.string().min(1).max(200).optional().describe('nextCursor of the previous page'),
};
const instant = z.string().max(40).optional();
const period = {
  from: instant.describe('Inclusive: an ISO 8601 instant with a zone, or a date YYYY-MM-DD (Europe/Amsterdam)'),
  to: instant.describe('Exclusive: an ISO 8601 instant with a zone, or a date YYYY-MM-DD (Europe/Amsterdam)'),
};
const municipalityId = z.string().min(1).max(100);
const CATEGORIES = [...new Set(Object.values(ACTIVITY_CATEGORIES))] as [string, ...string[]];
const filter = {
  kind: z.enum(RECORD_KINDS as [string, ...string[]]).optional().describe('Only records of this kind: QUERY, ACTION or DECISION (default: every kind)'),
  category: z.enum(CATEGORIES).optional().describe(`Only ACTION records of this category: ${CATEGORIES.join(', ')}`),
  action: z.enum(audit.ActivityActionValues as unknown as [string, ...string[]]).optional().describe('Only ACTION records of this action (e.g. LOGIN, AUDIT_SEARCHED)'),
};

export const byMunicipalityQuery = z.object({ municipalityId: municipalityId.optional(), ...period, ...filter, ...page });
export const byWorkerParams = z.object({ userId: z.string().min(1).max(200) });
export const byWorkerQuery = z.object({ ...period, ...filter, ...page });
export const bySubjectBody = z.object({ bsn: z.string().max(20).describe('The citizen\'s BSN (in the body, never in a URL)'), ...period, ...filter, ...page });
export const citizenBody = z.object({ pseudonym: z.string().regex(/^[0-9a-f]{64}$/, 'a pseudonym is 64 lowercase hex digits').describe('The pseudonym (HMAC) of the citizen\'s BSN: the subject of their citizen token'), ...period });
export const citizenSubscriptionBody = z.object({ subscribed: z.boolean().describe('true: tell me of new queries about me (at most one message per organisation per day); false: stop') });
export const byTraceParams = z.object({
  traceId: z
    .string()
    .refine((t) => /^[0-9a-f]{32}$/.test(t), { message: 'a trace id is 32 lowercase hex digits', params: { code: 'INVALID_TRACE_ID' } })
    .meta({ pattern: '^[0-9a-f]{32}$' }),
});
export const exportQuery = z.object({ municipalityId: municipalityId.optional(), ...period, audit: z.enum(['true', 'false']).optional().describe('Include the audit part (worker, municipality)') });
const checkpointJson = z.object({
  checkpointId: z.string().max(200).optional(),
  chain: z.string().min(1).max(200),
  headSequence: z.number().int().min(0),
  headHash: z.string().regex(/^[0-9a-f]{64}$/),
  recordCount: z.number().int().min(0),
  createdAt: z.number().int().optional(),
  keyId: z.string().max(200).optional(),
  signature: z.string().max(1000).optional(),
});
// The newest kept checkpoint per chain is enough (a request body is at most 64 kB); the CLI takes any number.
export const verifyBody = z.object({ checkpoints: z.array(checkpointJson).max(10_000).optional(), useStoredCheckpoints: z.boolean().optional() });
export const completenessQuery = z.object({ municipalityId: municipalityId.optional().describe('One municipality (a mandated person: the own, also when absent)'), ...period });
export const checkpointsQuery = z.object({ chain: z.string().min(1).max(200).optional(), limit: z.coerce.number().int().min(1).max(10_000).optional() });

const READERS = ['SECURITY_OFFICER', 'MANDATED_PERSON'] as const;

export const ROUTES: readonly RouteSpec[] = [
  { method: 'get', path: '/audit/records', summary: 'Records (queries, actions, decisions) of a municipality\'s chain in a period (a mandated person: the own municipality only); recorded as AUDIT_SEARCHED', roles: READERS, query: byMunicipalityQuery, answers: '{records: [{kind, ...}], nextCursor}' },
  { method: 'get', path: '/audit/workers/{userId}/records', summary: 'Records of one worker: queries made, actions performed (a worker: the own only); recorded as AUDIT_SEARCHED', roles: [...READERS, 'WORKER'], params: byWorkerParams, query: byWorkerQuery, answers: '{records: [{kind, ...}], nextCursor}' },
  { method: 'post', path: '/audit/data-subject/records', summary: 'Records about one citizen (BSN in the body, never in a URL); recorded as AUDIT_SUBJECT_SEARCHED with the pseudonym', roles: READERS, body: bySubjectBody, answers: '{organisations, records: [{kind, ...}], nextCursor}' },
  { method: 'get', path: '/audit/traces/{traceId}', summary: 'Records of one trace (a query, its decision, the actions of that request), within what the caller may see; recorded as AUDIT_SEARCHED', roles: [...READERS, 'WORKER'], params: byTraceParams, answers: '{records: [{kind, ...}]}' },
  { method: 'get', path: '/audit/export', summary: 'A period as JSON lines (Logboek Dataverwerkingen shape; with audit=true also actions and decisions); recorded as AUDIT_EXPORTED', roles: READERS, query: exportQuery, produces: ['application/x-ndjson'], answers: 'JSON lines' },
  { method: 'post', path: '/audit/verify', summary: 'Recompute every hash chain against the kept (and given) checkpoints; recorded as AUDIT_VERIFIED', roles: ['SECURITY_OFFICER'], body: verifyBody, bodyOptional: true, answers: '{ok, checkedRecords, firstBroken, ...}' },
  { method: 'get', path: '/audit/checkpoints', summary: 'Signed checkpoints', roles: ['SECURITY_OFFICER'], query: checkpointsQuery, answers: '{checkpoints}' },
  {
    method: 'get',
    path: '/audit/completeness',
    summary: 'The completeness check, independent of the chains: per municipality and Amsterdam day, the attributed queries on the topic below the audit consumer group\'s committed offsets against the QUERY records (a mandated person: the own municipality); recorded as AUDIT_SEARCHED (query COMPLETENESS); 503 COMPLETENESS_INDEX_BEHIND while the index has not read the topic up to now',
    roles: READERS,
    query: completenessQuery,
    answers: '{complete, checkedAt, period: {from, to}, municipalityId, topic: {name, consumerGroup, lag, unreadable, partitions: [{partition, committedOffset, endOffset}]}, missingTotal, extraTotal, municipalities: [{municipalityId, day, onTopic, inAuditLog, missingCount, missing: [eventId], extraCount, extra: [eventId]}]}',
  },
  { method: 'post', path: '/audit/citizen/records', summary: 'The queries about the citizen whose citizen token (DigiD login, citizen portal) is the bearer; the pseudonym must be the token\'s subject (403 OTHER_CITIZEN). Per query the municipality, collaboration, time, legal domain, sources and outcome; never the worker. Recorded as AUDIT_SUBJECT_SEARCHED with the citizen as actor', roles: ['CITIZEN'], body: citizenBody, answers: '{lookups: [{at, actingFor: {name, cbsCode, oin}, collaboration: {id, carriedOutBy} | null, legalDomain, product, sources: [{supplier, outcome}], outcome}], complete}' },
  { method: 'get', path: '/audit/citizen/subscription', summary: 'Whether the citizen whose citizen token is the bearer asked to be told of new queries about them (ADR 0025)', roles: ['CITIZEN'], answers: '{subscribed, since}' },
  { method: 'put', path: '/audit/citizen/subscription', summary: 'Subscribes (subscribed: true) or unsubscribes the bearer citizen: each new query about them then yields at most one notification per organisation (municipality acted for) per day on inkijk.audit.citizen-notifications.v1, for the berichtenbox. Recorded as CITIZEN_NOTIFICATIONS_ON or _OFF with the citizen as actor', roles: ['CITIZEN'], body: citizenSubscriptionBody, answers: '{subscribed, since}' },
  { method: 'get', path: '/audit/checkpoint-key', summary: 'The public key checkpoints are signed with (any login)', answers: '{keyId, algorithm, publicKeySpkiBase64, publicKeyPem}' },
];

export const OPENAPI = openApiDocument(
  { title: 'one-login Inkijk: audit log', description: 'Append-only, hash-chained audit store of queries, actions and decision records with signed checkpoints: search, verify, export. Every read is recorded as an action first (503 AUDIT_TRAIL_UNAVAILABLE when it cannot be). Every refusal is a 4xx with {code, message}.' },
  ROUTES,
);
