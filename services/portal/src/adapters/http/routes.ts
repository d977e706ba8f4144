/**
 * The portal's pages and form posts as one table, and the OpenAPI document made from it (GET
 * /openapi.json). The portal answers HTML: a form's problems come back on the form itself, read
 * by the portal's own parsers (domain/query-form.ts and the controllers), so these schemas
 * describe the fields rather than validate them. Every page needs the session cookie (a login),
 * every form the session's CSRF token (_csrf); x-roles are the roles a page is for.
 */
import { z } from 'zod';
import { openApiDocument, RouteSpec } from '@inkijk/platform';
import { AUDIT_FILTERS } from '../../domain/audit-entries';

const text = (max: number) => z.string().max(max);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('jjjj-mm-dd');
const uuid = z.string().uuid();
const csrf = { _csrf: text(200).describe("The session's CSRF token (every form carries it)") };
const collaboration = z.object({ id: uuid.describe('The collaboration (anything but a UUID is a page that does not exist)') });
const MANAGERS = ['SECURITY_OFFICER', 'USER_ADMINISTRATOR'] as const;
const OFFICER = ['SECURITY_OFFICER'] as const;
const page = (r: Omit<RouteSpec, 'produces'>): RouteSpec => ({ security: 'session', produces: ['text/html'], ...r });
const redirect = (r: Omit<RouteSpec, 'produces' | 'status'>): RouteSpec => ({ security: 'session', status: 303, answers: 'To the page with the outcome (on a refusal: the page with the problem)', produces: ['text/html'], ...r });

export const ROUTES: readonly RouteSpec[] = [
  { method: 'get', path: '/', summary: "The start: to the role's first page, or to the login", public: true, status: 303, answers: 'Redirect' },
  page({ method: 'get', path: '/inloggen', summary: 'The login page', public: true, query: z.object({ terug: text(300).optional().describe('A path of this portal to return to'), verlopen: z.enum(['1']).optional(), uitgelogd: z.enum(['1']).optional() }) }),
  redirect({ method: 'post', path: '/inloggen', summary: 'Log in (password, and the code of the second factor where the account has one)', public: true, refusals: [429, 503], form: z.object({ gebruikersnaam: text(64), wachtwoord: text(256), code: z.string().regex(/^\d{6}$/).optional(), terug: text(300).optional() }) }),
  redirect({ method: 'post', path: '/uitloggen', summary: 'Log out', form: z.object(csrf) }),
  page({ method: 'get', path: '/tweede-factor', summary: 'Set up the second factor (TOTP), and the own failed login attempts and lockouts (a session, or the enrolment cookie of a login waiting for it)', query: z.object({ ingesteld: z.enum(['1']).optional() }) }),
  redirect({ method: 'post', path: '/tweede-factor', summary: 'Confirm the second factor with its first code', form: z.object({ ...csrf, code: z.string().regex(/^\d{6}$/) }) }),
  page({ method: 'get', path: '/bevraging', summary: 'The query form (bevraging)', roles: ['WORKER'] }),
  page({
    method: 'post',
    path: '/bevraging',
    summary: 'One query for the chosen municipality: the answer, or the form with its problems',
    roles: ['WORKER'],
    refusals: [503],
    form: z.object({
      ...csrf,
      gemeente: uuid.describe('The municipality of the keuzelijst the query is for'),
      product: text(200),
      rechtsgebied: z.enum(['PARTICIPATIEWET', 'IOAW', 'IOAZ']),
      zoeksleutel: z.enum(['BSN', 'POSTCODE_HOUSENUMBER', 'NAME_BIRTHDATE']),
      bsn: text(200).optional(),
      postcode: text(200).optional(),
      huisnummer: text(200).optional(),
      achternaam: text(200).optional(),
      geboortedatum: text(200).optional(),
      escapereden: text(200).optional(),
    }),
  }),
  page({ method: 'get', path: '/bevragingen', summary: 'The own queries of the last 30 days', roles: ['WORKER'] }),
  page({ method: 'get', path: '/aanmeldingen', summary: 'Applications waiting for review', roles: OFFICER, query: z.object({ melding: text(40).optional() }) }),
  redirect({
    method: 'post',
    path: '/aanmeldingen/{collaborationId}/{applicationId}/besluit',
    summary: 'Approve or reject an application (a rejection needs a reason)',
    roles: OFFICER,
    params: z.object({ collaborationId: uuid, applicationId: uuid }),
    form: z.object({ ...csrf, besluit: z.enum(['APPROVED', 'REJECTED']), reden: text(2000).optional() }),
  }),
  page({ method: 'get', path: '/goedkeuringen', summary: 'Grants of the escape right or the role of gemandateerde or security officer waiting for a second person (four eyes), and the own requests', roles: MANAGERS, query: z.object({ melding: text(40).optional() }) }),
  redirect({
    method: 'post',
    path: '/goedkeuringen/{userId}/{grantId}/besluit',
    summary: 'Approve or reject a grant (a rejection needs a reason), or withdraw one\'s own request; never one\'s own request or rights',
    roles: MANAGERS,
    params: z.object({ userId: uuid, grantId: uuid }),
    form: z.object({ ...csrf, besluit: z.enum(['APPROVED', 'REJECTED', 'WITHDRAWN']), reden: text(2000).optional() }),
  }),
  page({ method: 'get', path: '/signalen', summary: 'Signals of misuse (ADR 0021): open ones, or reviewed and dismissed ones; the security officer sees every one, a mandated person those of the own organisation', roles: ['SECURITY_OFFICER', 'MANDATED_PERSON'], query: z.object({ status: z.enum(['OPEN', 'REVIEWED', 'DISMISSED']).optional(), melding: text(40).optional() }) }),
  redirect({
    method: 'post',
    path: '/signalen/{signalId}/beoordeling',
    summary: 'Close a signal as reviewed (beoordeeld) or dismissed (onterecht) with a reason; the review is an action in the audit log',
    roles: ['SECURITY_OFFICER', 'MANDATED_PERSON'],
    params: z.object({ signalId: uuid }),
    form: z.object({ ...csrf, besluit: z.enum(['REVIEWED', 'DISMISSED']), reden: text(500) }),
  }),
  page({ method: 'get', path: '/status', summary: "The operators' status (operations GET /status): services, broker, consumer lag, dead letters, checkpoints; with spoor a trace id (32 hex) to open in the trace UI", roles: OFFICER, query: z.object({ spoor: text(100).optional().describe('A trace id, 32 hex characters') }) }),
  page({ method: 'get', path: '/samenwerkingsverbanden', summary: 'The collaborations', roles: MANAGERS }),
  page({ method: 'get', path: '/samenwerkingsverbanden/{id}', summary: 'A collaboration: members, effective dates, history; with peildatum (and bekendOp) the state as effective on that day (as known on that day)', roles: MANAGERS, params: collaboration, query: z.object({ melding: text(40).optional(), peildatum: day.optional(), bekendOp: day.optional() }) }),
  { method: 'get', path: '/samenwerkingsverbanden/{id}/overeenkomst/{sha256}', summary: 'Download the signed agreement', security: 'session', roles: MANAGERS, params: collaboration.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }), produces: ['application/pdf'] },
  redirect({ method: 'post', path: '/samenwerkingsverbanden/{id}/activering', summary: 'Register and switch on from a date', roles: OFFICER, params: collaboration, form: z.object({ ...csrf, datum: day }) }),
  redirect({ method: 'post', path: '/samenwerkingsverbanden/{id}/leden', summary: 'A member joins from a date', roles: OFFICER, params: collaboration, form: z.object({ ...csrf, gemeente: uuid, datum: day }) }),
  redirect({ method: 'post', path: '/samenwerkingsverbanden/{id}/leden/{municipalityId}/vertrek', summary: 'A member leaves at a date', roles: OFFICER, params: collaboration.extend({ municipalityId: uuid }), form: z.object({ ...csrf, datum: day }) }),
  redirect({ method: 'post', path: '/samenwerkingsverbanden/{id}/wijziging', summary: 'Change name or legal domains from a date', roles: OFFICER, params: collaboration, form: z.object({ ...csrf, datum: day, naam: text(200).optional(), domein: z.array(z.enum(['PARTICIPATIEWET', 'IOAW', 'IOAZ'])).optional() }) }),
  redirect({ method: 'post', path: '/samenwerkingsverbanden/{id}/beeindiging', summary: 'Terminate at a date, with a reason', roles: OFFICER, params: collaboration, form: z.object({ ...csrf, datum: day, reden: text(2000) }) }),
  page({
    method: 'get',
    path: '/auditlog',
    summary: 'The audit log: verification, and the queries, actions and decision records per municipality by type, people by name and roles (a mandated person: the own municipality)',
    roles: ['SECURITY_OFFICER', 'MANDATED_PERSON'],
    refusals: [400],
    query: z.object({ gemeente: text(100).optional(), vanaf: day.optional(), soort: z.enum(AUDIT_FILTERS.map((f) => f.value) as [string, ...string[]]).optional().describe('Type: empty = everything (Alles), else bevragingen, beslissingen, inloggen, accountbeheer, samenwerkingen, whitelist, rapportages, auditlog') }),
  }),
  page({ method: 'get', path: '/auditlog/spoor/{traceId}', summary: 'One trace: the query, its decision record and the actions of that request', roles: ['SECURITY_OFFICER', 'MANDATED_PERSON'], refusals: [404], params: z.object({ traceId: z.string().regex(/^[0-9a-f]{32}$/).describe('W3C trace id (anything else is a page that does not exist)') }) }),
  page({ method: 'get', path: '/rapportages', summary: 'The generic report with its chart; the specific report for mandated persons', roles: ['MANDATED_PERSON', 'SECURITY_OFFICER'], query: z.object({ maand: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(), organisatie: uuid.optional() }) }),
  { method: 'get', path: '/rapportages/{org}/{month}/generiek.csv', summary: 'The generic report as CSV', security: 'session', roles: ['MANDATED_PERSON', 'SECURITY_OFFICER'], params: z.object({ org: uuid, month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }), produces: ['text/csv'] },
  { method: 'get', path: '/rapportages/{org}/{month}/specifiek.csv', summary: 'The specific report as CSV', security: 'session', roles: ['MANDATED_PERSON'], params: z.object({ org: uuid, month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }), produces: ['text/csv'] },
  { method: 'get', path: '/static/portal.css', summary: 'The stylesheet', public: true, produces: ['text/css'] },
  { method: 'get', path: '/static/portal.js', summary: 'The one small script', public: true, produces: ['text/javascript'] },
];

export const OPENAPI = openApiDocument(
  {
    title: 'one-login Inkijk: portal',
    description: 'The web pages workers, security officers, user administrators and mandated persons use: server-rendered HTML and form posts. Refusals are pages (a 4xx with a readable Dutch explanation); no session sends the browser to the login page.',
    securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'inkijk_sessie', description: 'The one-login token, set by POST /inloggen' } },
  },
  ROUTES,
);
