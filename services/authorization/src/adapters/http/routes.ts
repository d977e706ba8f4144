/**
 * The authorization service's HTTP API as one table: the schemas its controller validates input
 * with, and the OpenAPI document made from them (GET /openapi.json).
 */
import { z } from 'zod';
import { accessEvaluationRequestSchema } from '@inkijk/authorization-rules';
import { openApiDocument, RouteSpec } from '@inkijk/platform';

export const evaluationBody = accessEvaluationRequestSchema;
export const keuzelijstQuery = z.object({
  at: z
    .string()
    .max(40)
    .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date-time, e.g. 2026-03-10T09:00:00+01:00')
    .optional()
    .describe('The instant the list is for (default now)'),
});

export const ROUTES: readonly RouteSpec[] = [
  {
    method: 'post',
    path: '/access/v1/evaluation',
    summary: 'AuthZEN access evaluation: may this worker query this citizen for that municipality now (the gateway only: a decision is logged with its query)',
    roles: [],
    body: evaluationBody,
    answers: '{decision, context: {reason codes, decisionId}}',
    refusals: [503],
  },
  { method: 'get', path: '/keuzelijst', summary: "The calling worker's drop-down list of municipalities", roles: ['WORKER'], query: keuzelijstQuery, answers: '{userId, day, municipalities}' },
  { method: 'get', path: '/access/v1/rules', summary: 'The rules table and the escape reasons (any login)', answers: '{rulesVersion, rules, escapeReasons}' },
];

export const OPENAPI = openApiDocument(
  { title: 'one-login Inkijk: authorization', description: 'The rules and the read model built from registration events; decisions over HTTP (and Kafka request-reply); the decision log. Every refusal is a 4xx with {code, message}.' },
  ROUTES,
);
