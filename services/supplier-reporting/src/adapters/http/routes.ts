/**
 * The reporting API as one table: the schemas the controllers validate path and query with
 * (each check keeps the refusal code the domain gives: INVALID_MONTH, UNKNOWN_FORMAT, ...), and
 * the OpenAPI document made from them (GET /openapi.json). Who may read what: domain/access.ts.
 */
import { z } from 'zod';
import { openApiDocument, RouteSpec } from '@inkijk/platform';
import { isMonth } from '../../domain/month';
import { SIGNAL_ROUTES } from './signals-routes';

/** A string that is one of `values` (any case), refused with `code`; documented as an enum. */
const oneOf = (values: readonly string[], code: string, what: string) =>
  z
    .string()
    .refine((v) => values.includes(v.toLowerCase()), { message: `${what} is one of ${values.join(', ')}`, params: { code } })
    .meta({ enum: [...values] });

const organisationId = z.string().uuid().describe('The organisation (municipality) id');
const month = z
  .string()
  .refine(isMonth, { message: 'write a month as YYYY-MM, e.g. 2026-10', params: { code: 'INVALID_MONTH' } })
  .meta({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'A month, YYYY-MM' });
const supplier = z.string().min(1).max(40).describe('BRP (or RVIG), UWV, SVB, DUO, RDW, KADASTER');
const version = z
  .string()
  .refine((v) => v === '' || /^[1-9]\d{0,8}$/.test(v), { message: 'versions are 1, 2, 3, ...', params: { code: 'INVALID_VERSION' } })
  .meta({ pattern: '^[1-9]\\d{0,8}$', description: 'An older version of the report (default the newest)' })
  .optional();
const format = (values: readonly string[]) => oneOf(values, 'UNKNOWN_FORMAT', 'format').optional().describe('The answer\'s format (default json)');
const file = (values: readonly string[]) => oneOf(values, 'UNKNOWN_FILE', 'the file');

export const orgParams = z.object({ organisationId });
export const orgMonthParams = z.object({ organisationId, month });
export const monthParams = z.object({ month });
export const supplierMonthParams = z.object({ supplier, month });
export const genericFileParams = orgMonthParams.extend({ file: file(['report.json', 'report.csv', 'report.html']) });
export const specificFileParams = orgMonthParams.extend({ file: file(['report.json', 'report.csv']) });
export const feedFileParams = supplierMonthParams.extend({ file: file(['feed.json', 'feed.csv']) });
export const protocolFileParams = orgMonthParams.extend({ file: file(['protocol.json', 'protocol.csv']) });
export const reportQuery = z.object({ format: format(['json', 'csv', 'html']), version });
export const versionQuery = z.object({ version });
export const completenessQuery = z.object({
  from: month.optional().describe('First month (inclusive), YYYY-MM'),
  to: month.optional().describe('Last month (inclusive), YYYY-MM'),
  municipalityId: organisationId.optional(),
});
export const jsonOrCsvQuery = z.object({ format: format(['json', 'csv']) });
export const feedQuery = z.object({ format: format(['json', 'csv']), version });

const GENERIC = ['MANDATED_PERSON', 'SECURITY_OFFICER'] as const;
const OFFICER = ['SECURITY_OFFICER'] as const;
const DOCUMENT = ['application/json', 'text/csv', 'text/html'] as const;

export const ROUTES: readonly RouteSpec[] = [
  { method: 'get', path: '/reports/generic/{organisationId}/running', summary: 'The running six months including the current one, so far (provisional, not stored)', roles: GENERIC, params: orgParams, refusals: [503] },
  { method: 'get', path: '/reports/generic/{organisationId}/{month}', summary: 'The generic report of a month (a mandated person: the own organisation)', roles: GENERIC, params: orgMonthParams, query: reportQuery, produces: DOCUMENT, refusals: [409, 503] },
  { method: 'get', path: '/reports/generic/{organisationId}/{month}/versions', summary: 'The versions of a generic report', roles: GENERIC, params: orgMonthParams },
  { method: 'get', path: '/reports/generic/{organisationId}/{month}/{file}', summary: 'The generic report as a file', roles: GENERIC, params: genericFileParams, query: versionQuery, produces: DOCUMENT, refusals: [503] },
  { method: 'get', path: '/reports/specific/{organisationId}/{month}', summary: "The specific report of the own organisation's month", roles: ['MANDATED_PERSON'], params: orgMonthParams, query: jsonOrCsvQuery, produces: ['application/json', 'text/csv'], refusals: [503] },
  { method: 'get', path: '/reports/specific/{organisationId}/{month}/{file}', summary: 'The specific report as a file', roles: ['MANDATED_PERSON'], params: specificFileParams, produces: ['application/json', 'text/csv'], refusals: [503] },
  { method: 'post', path: '/reports/builds/{month}', summary: '(Re)build month M for every organisation and supplier; unchanged reports keep their version', roles: OFFICER, params: monthParams, answers: '{month, reports, created}', refusals: [503] },
  { method: 'get', path: '/feeds/suppliers/{supplier}/{month}', summary: "A supplier's usage feed of a month", roles: OFFICER, params: supplierMonthParams, query: feedQuery, produces: ['application/json', 'text/csv'], refusals: [503] },
  {
    method: 'get',
    path: '/reports/completeness',
    summary: 'The completeness check: per organisation and month, the attributed queries on the topic below this service\'s committed offsets against the queries the reports count; 503 COMPLETENESS_INDEX_BEHIND while the index has not read the topic up to now',
    roles: OFFICER,
    query: completenessQuery,
    answers: '{complete, checkedAt, period: {from, to}, municipalityId, topic: {name, consumerGroup, lag, unreadable, partitions: [{partition, committedOffset, endOffset}]}, missingTotal, municipalities: [{municipalityId, month, onTopic, inReports, difference, missingCount, missing: [eventId]}]}',
  },
  { method: 'get', path: '/feeds/suppliers/{supplier}/{month}/versions', summary: 'The versions of a supplier feed', roles: OFFICER, params: supplierMonthParams },
  { method: 'get', path: '/feeds/suppliers/{supplier}/{month}/{file}', summary: 'A supplier feed as a file', roles: OFFICER, params: feedFileParams, query: versionQuery, produces: ['application/json', 'text/csv'], refusals: [503] },
  { method: 'get', path: '/feeds/rvig/protocol/{organisationId}/{month}', summary: "RvIG protocol lines of an organisation's month", roles: OFFICER, params: orgMonthParams, query: jsonOrCsvQuery, produces: ['application/json', 'text/csv'], refusals: [503] },
  { method: 'get', path: '/feeds/rvig/protocol/{organisationId}/{month}/{file}', summary: 'RvIG protocol lines as a file', roles: OFFICER, params: protocolFileParams, produces: ['application/json', 'text/csv'], refusals: [503] },
];

export const OPENAPI = openApiDocument(
  {
    title: 'one-login Inkijk: supplier reporting',
    description:
      'Usage aggregates; generic and specific reports; supplier feeds with RvIG protocol lines. Every refusal is a 4xx with {code, message}. Every report or feed served, and every build, is recorded on the audit trail first: 503 AUDIT_TRAIL_UNAVAILABLE (nothing served) when it cannot be.',
  },
  [...ROUTES, ...SIGNAL_ROUTES],
);
