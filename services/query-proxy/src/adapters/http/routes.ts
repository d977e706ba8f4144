/**
 * The gateway's HTTP API as one table: the schemas its controllers validate input with, and the
 * OpenAPI document made from them (GET /openapi.json).
 */
import { z } from 'zod';
import { openApiDocument, RouteSpec } from '@inkijk/platform';
import { LEGAL_DOMAINS } from '../../domain/attempt';

const searchKey = z.discriminatedUnion('type', [
  z.object({ type: z.literal('BSN'), bsn: z.string().max(20) }),
  z.object({ type: z.literal('POSTCODE_HOUSENUMBER'), postcode: z.string().max(20).transform((s) => s.replace(/\s/g, '').toUpperCase()).pipe(z.string().regex(/^\d{4}[A-Z]{2}$/, 'a Dutch postcode, e.g. 2011AB')), houseNumber: z.number().int().min(1).max(99999) }),
  z.object({ type: z.literal('NAME_BIRTHDATE'), surname: z.string().min(1).max(200), birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD') }),
  // A Dutch licence plate, with or without dashes (AB-123-C, ab123c): six letters and digits.
  z.object({ type: z.literal('LICENCE_PLATE'), plate: z.string().max(20).transform((s) => s.replace(/[-\s]/g, '').toUpperCase()).pipe(z.string().regex(/^[A-Z0-9]{6}$/, 'a Dutch licence plate, e.g. GB-123-T')) }),
  // A cadastral parcel (kadastrale aanduiding): municipality code, section, number, e.g. HLM00 K 1234.
  z.object({ type: z.literal('PARCEL'), parcel: z.string().max(40).transform((s) => s.trim().replace(/[-\s]+/g, ' ').toUpperCase()).pipe(z.string().regex(/^[A-Z]{3}\d{2} [A-Z]{1,2} \d{1,5}$/, 'a cadastral parcel, e.g. HLM00 K 1234')) }),
]);

export const queryBody = z.object({
  actingForMunicipalityId: z.string().min(1).max(100).describe('The municipality this query is for (from the keuzelijst)'),
  product: z.string().min(1).max(100),
  legalDomain: z.enum(LEGAL_DOMAINS),
  searchKey,
  escapeReason: z.string().max(100).nullish().describe('Only for a citizen on no whitelist, by a worker with the escape right'),
  followsHintOf: z.uuid().nullish().describe("The queryId whose caseloadHint this query follows (the worker repeats it for the municipality whose client the citizen is); logged with the query"),
});

/** What the gateway passes on to registration's login (which checks the rest; fields it adds later pass through). */
export const loginBody = z.looseObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256), code: z.string().max(16).nullish().describe('TOTP code (RFC 6238), where the account has a second factor') });

export const ROUTES: readonly RouteSpec[] = [
  { method: 'post', path: '/auth/login', summary: 'The one login, passed to registration (which issues the token)', public: true, body: loginBody, answers: '{token, expiresIn, principal}', refusals: [429, 503] },
  { method: 'get', path: '/keuzelijst', summary: 'The municipalities the worker may act for now (keuzelijst)', roles: ['WORKER'], answers: '[{id, name, cbsCode, own, legalDomains, via}]' },
  { method: 'get', path: '/products', summary: 'The products (any login)', answers: '[{id, name, suppliers}]' },
  { method: 'get', path: '/escape-reasons', summary: 'The escape reasons (any login)', answers: '[{code, label}]' },
  { method: 'post', path: '/queries', summary: 'One query (bevraging) for the chosen municipality: data only after the query is logged', roles: ['WORKER'], body: queryBody, answers: '{queryId, traceId, actingFor, results}', refusals: [503] },
];

export const OPENAPI = openApiDocument(
  { title: 'one-login Inkijk: gateway (query-proxy)', description: 'The keuzelijst and the query: decide, call the sources, publish the attributed query, answer. Every refusal is a 4xx with {code, message}.' },
  ROUTES,
);
