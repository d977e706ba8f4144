/**
 * The OpenAPI 3.1 document of the registration API, served at GET /openapi.json. Written by hand
 * and kept honest by a test that compares its operations with the routes the service serves.
 */
const error = { $ref: '#/components/responses/Error' };
const refusals = { '400': error, '401': error, '403': error, '404': error, '409': error, '422': error };
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const ok = (description: string) => ({ '200': { description }, ...refusals });
const created = (description: string) => ({ '201': { description }, ...refusals });
const date = { type: 'string', format: 'date' };
const uuid = { type: 'string', format: 'uuid' };
const idParam = (name: string) => ({ name, in: 'path', required: true, schema: uuid });
const asOf = { name: 'asOf', in: 'query', required: false, schema: date, description: 'Read the state as of this day (default: today, Europe/Amsterdam).' };
const tasks = {
  roles: { type: 'array', items: { enum: ['WORKER', 'USER_ADMINISTRATOR', 'SECURITY_OFFICER', 'MANDATED_PERSON'] } },
  permittedProducts: { type: 'array', items: { type: 'string' } },
  escapeRight: { type: 'boolean' },
};
const multipart = (jsonField: string, required: boolean) => ({
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: required ? [jsonField, 'agreement'] : [jsonField],
        properties: { [jsonField]: { type: 'string', description: 'JSON document' }, agreement: { type: 'string', format: 'binary', description: 'Signed agreement, PDF, at most 10 MB' } },
      },
    },
  },
});

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'one-login Inkijk: registration',
    version: '1.0.0',
    description:
      'Organisations, user accounts, collaborations (samenwerkingsverbanden) with their legal basis, members, applications and history, and BSN whitelists. Every refusal is a 4xx with {code, message}.',
  },
  security: [{ bearer: [] }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, scrapeToken: { type: 'http', scheme: 'bearer', description: 'The METRICS_TOKEN of the service (not a login)' } },
    responses: {
      Error: {
        description: 'Refused: a machine-readable code and a sentence for a person.',
        ...json({ type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } }),
      },
    },
  },
  paths: {
    '/auth/login': { post: { summary: 'The one login: a token bound to the home municipality', security: [], requestBody: json({ type: 'object', required: ['username', 'password'], properties: { username: { type: 'string' }, password: { type: 'string' } } }), responses: ok('A signed token (EdDSA) and the principal') } },
    '/.well-known/jwks.json': { get: { summary: 'Public keys to verify tokens', security: [], responses: { '200': { description: 'JWKS' } } } },
    '/openapi.json': { get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } } },
    '/me': { get: { summary: 'The caller', responses: ok('The principal of the token') } },
    '/organisations': { get: { summary: 'Registered organisations', responses: ok('Municipalities and collaborations') } },
    '/organisations/municipalities': {
      post: { summary: 'Register a municipality (security officer)', requestBody: json({ type: 'object', required: ['cbsCode', 'oin', 'name', 'validFrom'], properties: { cbsCode: { type: 'string', pattern: '^GM\\d{4}$' }, oin: { type: 'string', pattern: '^\\d{20}$' }, name: { type: 'string' }, validFrom: date, id: uuid } }), responses: created('The municipality') },
    },
    '/collaborations': {
      get: { summary: 'Collaborations the caller may see, as of a day', parameters: [asOf], responses: ok('Collaborations') },
      post: { summary: 'Propose a collaboration with its signed agreement (an openbaar lichaam is refused: NOT_ELIGIBLE_PUBLIC_BODY)', requestBody: multipart('collaboration', true), responses: { ...created('The proposed collaboration'), '413': error } },
    },
    '/collaborations/{id}': { get: { summary: 'A collaboration as of a day, with its full history', parameters: [idParam('id'), asOf], responses: ok('The collaboration') } },
    '/collaborations/{id}/agreements/{sha256}': { get: { summary: 'Download an agreement (PDF)', parameters: [idParam('id'), { name: 'sha256', in: 'path', required: true, schema: { type: 'string' } }], responses: ok('application/pdf') } },
    '/collaborations/{id}/applications': { post: { summary: "Submit a municipality's application form (its user administrator)", parameters: [idParam('id')], requestBody: json({ type: 'object', required: ['municipalityId', 'role', 'signedBy', 'signedOn'], properties: { municipalityId: uuid, role: { enum: ['OUTSOURCING', 'EXECUTING'] }, signedBy: { type: 'string' }, signedOn: date } }), responses: created('The collaboration with the application') } },
    '/collaborations/{id}/applications/{applicationId}/decision': { post: { summary: 'Approve or reject an application (security officer)', parameters: [idParam('id'), idParam('applicationId')], requestBody: json({ type: 'object', required: ['decision'], properties: { decision: { enum: ['APPROVED', 'REJECTED'] }, reason: { type: 'string' } } }), responses: ok('The collaboration') } },
    '/collaborations/{id}/activation': { post: { summary: 'Register and switch on (security officer; all applications approved)', parameters: [idParam('id')], requestBody: json({ type: 'object', required: ['effectiveFrom'], properties: { effectiveFrom: date } }), responses: ok('The collaboration') } },
    '/collaborations/{id}/members': { post: { summary: 'A member joins from a date (security officer; its application approved)', parameters: [idParam('id')], requestBody: json({ type: 'object', required: ['municipalityId', 'effectiveFrom'], properties: { municipalityId: uuid, effectiveFrom: date } }), responses: created('The collaboration') } },
    '/collaborations/{id}/members/{municipalityId}/departure': { post: { summary: 'A member leaves at a date (exclusive; security officer)', parameters: [idParam('id'), idParam('municipalityId')], requestBody: json({ type: 'object', required: ['effectiveTo'], properties: { effectiveTo: date } }), responses: ok('The collaboration') } },
    '/collaborations/{id}/changes': { post: { summary: 'Change name, legal domains or agreement from a date (security officer)', parameters: [idParam('id')], requestBody: multipart('change', false), responses: created('The collaboration') } },
    '/collaborations/{id}/termination': { post: { summary: 'Terminate at a date (exclusive; security officer)', parameters: [idParam('id')], requestBody: json({ type: 'object', required: ['effectiveTo', 'reason'], properties: { effectiveTo: date, reason: { type: 'string' } } }), responses: ok('The collaboration') } },
    '/collaborations/{id}/whitelist/query': { post: { summary: 'Size of the merged whitelist on a day, and whether it holds a BSN (BSN in the body, never in a URL)', parameters: [idParam('id')], requestBody: json({ type: 'object', properties: { asOf: date, bsn: { type: 'string' } } }), responses: ok('{members, count, contains?}') } },
    '/applications/pending': { get: { summary: 'Applications waiting for review (security officer)', responses: ok('Applications') } },
    '/users': {
      get: { summary: "Users of a municipality (its user administrator, or a security officer)", parameters: [{ name: 'municipalityId', in: 'query', required: false, schema: uuid }], responses: ok('Users, without credentials') },
      post: { summary: 'Create an account (user administrator of the home municipality)', requestBody: json({ type: 'object', required: ['username', 'displayName', 'homeMunicipalityId', 'password', 'roles'], properties: { username: { type: 'string' }, displayName: { type: 'string' }, homeMunicipalityId: uuid, password: { type: 'string', minLength: 12 }, ...tasks } }), responses: created('The user') },
    },
    '/users/{id}/tasks': { put: { summary: 'Replace roles, permitted products and escape right', parameters: [idParam('id')], requestBody: json({ type: 'object', required: ['roles'], properties: tasks }), responses: ok('The user') } },
    '/users/{id}/deactivation': { post: { summary: 'Deactivate an account', parameters: [idParam('id')], requestBody: json({ type: 'object', properties: { reason: { type: 'string' } } }), responses: ok('The user') } },
    '/municipalities/{municipalityId}/whitelist/import': {
      post: {
        summary: 'Bulk import BSNs into a whitelist: all valid (11-proef) or nothing stored',
        parameters: [idParam('municipalityId'), { name: 'effectiveDate', in: 'query', required: false, schema: date, description: 'For text/csv bodies' }],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['bsns', 'effectiveDate'], properties: { bsns: { type: 'array', items: { type: 'string' } }, effectiveDate: date } } }, 'text/csv': { schema: { type: 'string' } } } },
        responses: ok('{added, alreadyListed}'),
      },
    },
    '/municipalities/{municipalityId}/whitelist/count': { get: { summary: 'Size of a whitelist on a day', parameters: [idParam('municipalityId'), asOf], responses: ok('{count}') } },
    '/health/live': { get: { summary: 'Liveness', security: [], responses: { '200': { description: 'up' } } } },
    '/health/ready': { get: { summary: 'Readiness (database, Kafka)', security: [], responses: { '200': { description: 'up' }, '503': { description: 'down' } } } },
    '/metrics': {
      get: {
        summary: 'Metrics in the Prometheus text format (logins, consumer records and lag, HTTP latency)',
        security: [{ scrapeToken: [] }],
        responses: { '200': { description: 'Prometheus text exposition', content: { 'text/plain': { schema: { type: 'string' } } } }, '401': { $ref: '#/components/responses/Error' }, '403': { $ref: '#/components/responses/Error' } },
      },
    },
  },
} as const;
