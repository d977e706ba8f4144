/**
 * The signals API as a table (issue 22, ADR 0021): the schemas the signals controller validates
 * with, joined into the service's OpenAPI document (routes.ts).
 */
import { z } from 'zod';
import type { RouteSpec } from '@inkijk/platform';
import { REASON_MAX } from '../../domain/signals/review';
import { SIGNAL_KINDS } from '../../domain/signals/signal';

const signalId = z.string().uuid().describe('The signal id (derived from kind, key and window)');
const upper = (values: readonly string[], code: string, what: string) =>
  z
    .string()
    .refine((v) => values.includes(v.toUpperCase()), { message: `${what} is one of ${values.join(', ')}`, params: { code } })
    .transform((v) => v.toUpperCase())
    .meta({ enum: [...values] });

export const signalListQuery = z.object({
  status: upper(['OPEN', 'REVIEWED', 'DISMISSED'], 'UNKNOWN_STATUS', 'status').optional().describe('Only signals with this status (default every status)'),
  kind: upper(SIGNAL_KINDS, 'UNKNOWN_SIGNAL_KIND', 'kind').optional().describe('Only signals of this kind'),
  organisationId: z.string().uuid().optional().describe('Only signals of this organisation'),
  limit: z
    .string()
    .regex(/^[1-9]\d{0,2}$/, { message: 'limit is 1 to 500' })
    .refine((v) => Number(v) <= 500, { message: 'limit is 1 to 500' })
    .optional()
    .describe('At most this many, newest window first (default 100)'),
});
export const signalParams = z.object({ signalId });
export const reviewBody = z.object({
  decision: upper(['REVIEWED', 'DISMISSED'], 'UNKNOWN_DECISION', 'decision').describe('REVIEWED: looked into; DISMISSED: a false alarm'),
  reason: z.string().max(REASON_MAX).describe('Why, in a few words (3 to 500 characters; never a BSN)'),
});

const REVIEWERS = ['SECURITY_OFFICER', 'MANDATED_PERSON'] as const;
const SIGNAL = '{signalId, kind, severity, organisationId, workerUserId, subjectPseudonym, windowStart, windowEnd, evidence: {counted, count, threshold, workerBaseline, organisationBaseline, escapeReason}, status, reviewReason, reviewedBy, reviewedAt, detectedAt}';

export const SIGNAL_ROUTES: readonly RouteSpec[] = [
  { method: 'get', path: '/signals', summary: "Signals of misuse: a security officer sees every one, a mandated person those of the own organisation; the listing is recorded as an action", roles: REVIEWERS, query: signalListQuery, answers: `{signals: [${SIGNAL}]}`, refusals: [503] },
  { method: 'get', path: '/signals/{signalId}', summary: 'One signal (404 when it is not the caller\'s to see)', roles: REVIEWERS, params: signalParams, answers: SIGNAL, refusals: [404, 503] },
  { method: 'post', path: '/signals/{signalId}/review', summary: 'Close an open signal as REVIEWED or DISMISSED with a reason; the review is an action in the audit log (same transaction)', roles: REVIEWERS, params: signalParams, body: reviewBody, answers: SIGNAL, refusals: [404, 409] },
];
