/**
 * The simulators' HTTP API as one table: the schemas the controller validates input with (body
 * and protocol headers), and the OpenAPI document made from them (GET /openapi.json).
 */
import { z } from 'zod';
import { isBsn } from '@inkijk/contracts';
import { openApiDocument, RouteSpec } from '@inkijk/platform';
import { SUPPLIERS } from '../domain/faults';

const bsn = z.string().max(20).refine(isBsn, 'is not a valid BSN (9 digits, 11-proef, not all zeros)');
const fields = z.array(z.string().max(200)).min(1).max(100).describe('The fields to answer (Haal Centraal)');

// Schemas built once (building a zod schema per request cost more than the rest of a request).
export const personenRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('RaadpleegMetBurgerservicenummer'), burgerservicenummer: z.array(bsn).min(1).max(20), fields }),
  z.object({ type: z.literal('ZoekMetPostcodeEnHuisnummer'), postcode: z.string().regex(/^\d{4}[A-Z]{2}$/), huisnummer: z.number().int().min(1), fields }),
  z.object({ type: z.literal('ZoekMetGeslachtsnaamEnGeboortedatum'), geslachtsnaam: z.string().min(1).max(200), geboortedatum: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), fields }),
]);
export const byBsn = z.object({ burgerservicenummer: bsn });
export const rdwRequest = z.union([byBsn, z.object({ kenteken: z.string().min(6).max(10) })]);
export const kadasterRequest = z.union([byBsn, z.object({ perceel: z.string().min(3).max(100) })]);
export const faultRequest = z.object({ mode: z.string().max(40).describe('ok, error or slow:<ms>') });
export const faultParams = z.object({ supplier: z.enum(SUPPLIERS as unknown as [string, ...string[]]) });

/** The caller's id of one request (a UUID from the gateway): logged, so protocol lines join the supplier's own log. */
export const requestIdHeader = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/);
/** Every supplier identifies its customer organisation by its OIN, and logs the caller's request id. */
export const originHeaders = z.object({
  'x-origin-oin': z.string().regex(/^\d{20}$/).describe('OIN of the customer organisation (20 digits)'),
  'x-request-id': requestIdHeader.optional().describe("The caller's id of this request (letters, digits, . _ : -; at most 100): written to the request log"),
});
/** The BRP's protocol headers (Haal Centraal), besides the OIN. */
export const brpHeaders = originHeaders.extend({
  'x-doelbinding': z.string().min(1).max(200).describe('Purpose binding'),
  'x-verwerking': z.string().min(1).max(200).describe('Processing activity'),
  'x-gebruiker': z.string().min(1).max(200).describe('The user (pseudonymous)'),
});

const source = (path: string, summary: string, body: z.ZodType, answers: string): RouteSpec => ({ method: 'post', path, summary, public: true, headers: originHeaders, body, answers, refusals: [401, 503] });

export const ROUTES: readonly RouteSpec[] = [
  { method: 'post', path: '/haalcentraal/api/brp/personen', summary: 'BRP (Haal Centraal BRP bevragen shape): persons by BSN, postcode and house number, or surname and birth date', public: true, headers: brpHeaders, body: personenRequest, answers: '{type, personen}', refusals: [401, 503] },
  source('/uwv/inkomstenverhoudingen', 'UWV: income relations of a BSN', byBsn, '{burgerservicenummer, inkomstenverhoudingen}'),
  source('/svb/uitkeringen', 'SVB: benefits of a BSN', byBsn, '{burgerservicenummer, uitkeringen}'),
  source('/duo/studiefinanciering', 'DUO: study finance of a BSN', byBsn, '{burgerservicenummer, studiefinanciering}'),
  source('/rdw/voertuigen', 'RDW: vehicles of a BSN, or by registration number', rdwRequest, '{voertuigen, ...}'),
  source('/kadaster/eigendom', 'Kadaster: property of a BSN, or by parcel', kadasterRequest, '{eigendom, ...}'),
  source('/belastingdienst/aanslagen', 'Belastingdienst: income tax assessments of a BSN (box 1 income, box 3 assets)', byBsn, '{burgerservicenummer, aanslagen}'),
  source('/kvk/inschrijvingen', "KvK: registrations of a BSN's businesses", byBsn, '{burgerservicenummer, inschrijvingen}'),
  { method: 'put', path: '/_faults/{supplier}', summary: "Test control: set a supplier's behaviour", security: 'adminToken', params: faultParams, body: faultRequest, answers: '{supplier, fault}' },
];

export const OPENAPI = openApiDocument(
  {
    title: 'one-login Inkijk: supplier simulators',
    description: 'BRP (Haal Centraal shape), UWV, SVB, DUO, RDW, Kadaster, Belastingdienst and KvK with fictional data; callers identify by x-origin-oin. Every refusal is a 4xx with {code, message}.',
    securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'SIM_ADMIN_TOKEN (tests only)' } },
  },
  ROUTES,
);
