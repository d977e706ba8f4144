/**
 * The registration API as one table: the schemas the controllers validate their input with, and
 * the OpenAPI 3.1 document made from them (GET /openapi.json). A new endpoint goes here first; a
 * unit test (routes.spec.ts) fails when a controller serves a route this table does not document.
 * Who may do what: app/access.ts; x-roles lists the roles that may call an endpoint at all.
 */
import { z } from 'zod';
import { openApiDocument, RouteSpec } from '@inkijk/platform';
import { MAX_AGREEMENT_BYTES } from '../../domain/agreement';
import { LEGAL_DOMAINS, LEGAL_FORMS, LegalDomain, LegalForm } from '../../domain/collaboration';
import { date, IsoDate, today } from '../../domain/dates';
import { Role, ROLES } from '../../domain/users';

const legalForm = z.enum(LEGAL_FORMS as unknown as [LegalForm, ...LegalForm[]]);
const legalDomain = z.enum(LEGAL_DOMAINS as unknown as [LegalDomain, ...LegalDomain[]]);
const role = z.enum(ROLES as unknown as [Role, ...Role[]]);
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const uuid = z.string().uuid();
const name = z.string().min(1).max(200);

// ---- bodies ------------------------------------------------------------------------------------
export const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256), code: z.string().max(16).nullish().describe('TOTP code (RFC 6238), where the account has a second factor') });
export const enrolmentBody = z.object({ secret: z.string().max(200).nullish().describe('Optional: a base32 secret from outside (at least 160 bits)') });
export const confirmationBody = z.object({ code: z.string().min(1).max(16).describe('The first code of the authenticator app') });
export const logoutBody = z.object({ allSessions: z.boolean().default(false).describe('Sign out every session of the account, not only this token') });
export const municipalityBody = z.object({ cbsCode: z.string().max(20).describe('GM and four digits'), oin: z.string().max(40).describe('20 digits'), name, validFrom: isoDate, id: uuid.optional() });
export const operatorBody = z.object({ oin: z.string().max(40).describe('20 digits'), name, validFrom: isoDate, id: uuid.optional() });
export const proposalBody = z.object({
  name,
  legalForm,
  executingOrganisationId: uuid,
  legalDomains: z.array(legalDomain).max(LEGAL_DOMAINS.length),
  members: z.array(z.object({ municipalityId: uuid, effectiveFrom: isoDate })).min(1).max(500),
  effectiveFrom: isoDate,
});
export const applicationBody = z.object({ municipalityId: uuid, role: z.enum(['OUTSOURCING', 'EXECUTING']), signedBy: name, signedOn: isoDate });
export const decisionBody = z.object({ decision: z.enum(['APPROVED', 'REJECTED']), reason: z.string().max(2000).nullish() });
export const activationBody = z.object({ effectiveFrom: isoDate });
export const memberBody = z.object({ municipalityId: uuid, effectiveFrom: isoDate });
export const departureBody = z.object({ effectiveTo: isoDate });
export const changeBody = z.object({ effectiveFrom: isoDate, name: name.nullish(), legalDomains: z.array(legalDomain).max(LEGAL_DOMAINS.length).nullish() });
export const terminationBody = z.object({ effectiveTo: isoDate, reason: z.string().min(1).max(2000) });
export const whitelistQueryBody = z.object({ asOf: isoDate.optional(), bsn: z.string().max(20).optional().describe('In the body, never in a URL') });
const tasks = {
  roles: z.array(role).max(ROLES.length),
  permittedProducts: z.array(z.string().max(100)).max(100).default([]),
  escapeRight: z.boolean().default(false),
};
export const tasksBody = z.object(tasks);
export const userBody = z.object({ username: z.string().max(64), displayName: name, homeMunicipalityId: uuid, password: z.string().max(256), ...tasks });
export const reasonBody = z.object({ reason: z.string().max(2000).nullish() });
export const directoryBody = z.object({ userIds: z.array(z.string().min(1).max(200)).min(1).max(200).describe('Ids of actors in the audit log (1 to 200); unknown ids are left out of the answer') });
export const whitelistImportBody = z.object({ bsns: z.array(z.string().max(20)).max(100_000), effectiveDate: isoDate });

// ---- path and query ----------------------------------------------------------------------------
const ids = <K extends string>(...names: K[]) => z.object(Object.fromEntries(names.map((n) => [n, uuid])) as Record<K, typeof uuid>);
const asOf = z.object({ asOf: isoDate.optional().describe('Read the state as of this day (default: today, Europe/Amsterdam)') });
const asOfKnownAt = asOf.extend({
  knownAt: z.string().max(40).optional().describe('Read the state with only the changes reported by this moment: a day (YYYY-MM-DD, Europe/Amsterdam) or a date-time with offset. 409 KNOWN_HISTORY_NOT_RECORDED for collaborations registered before changes were recorded so'),
});
/** The day an `asOf` query parameter names (default: today, Europe/Amsterdam). */
export const asOfDay = (value: string | undefined): IsoDate => (value ? date(value, 'asOf') : today());
export const usersQuery = z.object({ municipalityId: uuid.optional().describe('Default: the caller\'s home municipality') });
export const importQuery = z.object({ effectiveDate: isoDate.optional().describe('For text/csv bodies') });

const SO = ['SECURITY_OFFICER'] as const;
const MANAGERS = ['SECURITY_OFFICER', 'USER_ADMINISTRATOR'] as const;
const ACCEPTED = { 202: 'Accepted, not done: the change grants a sensitive right and waits for a second person (four eyes): {status: "PENDING_APPROVAL", grant, message}' };
const agreement = (jsonField: string, fileRequired: boolean) => ({ jsonField, file: 'agreement', fileRequired, fileDescription: `Signed agreement, PDF, at most ${MAX_AGREEMENT_BYTES / 1024 / 1024} MB` });

export const ROUTES: readonly RouteSpec[] = [
  {
    method: 'post',
    path: '/auth/login',
    summary: 'The one login: a token bound to the home municipality',
    description:
      'With the TOTP code where the account has a second factor (401 SECOND_FACTOR_REQUIRED, INVALID_CODE, CODE_ALREADY_USED); 5 failures in a row lock the name (401 ACCOUNT_LOCKED, the same for names without an account); too many failures per source or in a row: 429 TOO_MANY_ATTEMPTS with Retry-After. For a role that requires a second factor not enrolled yet: {secondFactor: "ENROLMENT_REQUIRED", enrolmentToken, expiresIn, principal}; the enrolment token is accepted only by the enrolment endpoints.',
    public: true,
    body: loginBody,
    answers: '{token, expiresIn, principal}',
    refusals: [429],
  },
  { method: 'post', path: '/auth/second-factor/enrolment', summary: 'Start enrolling the second factor (TOTP): a secret and its otpauth URI, the same while it waits for its first code. Bearer: a login token or the enrolment token', security: 'bearer', body: enrolmentBody, bodyOptional: true, answers: '{secret, otpauthUri, issuer, account, algorithm, digits, period, expiresAt}' },
  { method: 'post', path: '/auth/second-factor/enrolment/confirmation', summary: 'Confirm the secret with its first code; the answer is a login token. Bearer: a login token or the enrolment token', security: 'bearer', body: confirmationBody, answers: '{token, expiresIn, principal}', refusals: [429] },
  {
    method: 'post',
    path: '/auth/logout',
    summary: 'Log out at the source: the token (or, with allSessions, every token of the account) is refused at every service within seconds (ADR 0017)',
    description: 'Answers once the sign-out is on the sessions topic (acks=all); registration refuses the token at once, every other service as soon as it reads the event. 503 LOGOUT_UNAVAILABLE when the sign-out cannot be recorded (the session stays valid).',
    security: 'bearer',
    body: logoutBody,
    bodyOptional: true,
    answers: '{signedOut: "THIS_SESSION" | "EVERY_SESSION", tokenId}',
  },
  { method: 'get', path: '/.well-known/jwks.json', summary: 'Public keys to verify tokens', public: true, answers: 'JWKS' },
  { method: 'get', path: '/me', summary: 'The caller', answers: 'The principal of the token' },
  { method: 'get', path: '/me/login-security', summary: "The caller's second factor, lockout and failed login attempts", answers: '{secondFactor, lockout, events}' },
  { method: 'get', path: '/organisations', summary: 'Registered organisations: municipalities (kind MUNICIPALITY) and the operator (kind OPERATOR)' },
  { method: 'post', path: '/organisations/municipalities', summary: 'Register a municipality', roles: SO, body: municipalityBody, status: 201, answers: 'The municipality' },
  { method: 'post', path: '/organisations/operators', summary: 'Register the operator (BKWI), which homes the security officers', roles: SO, body: operatorBody, status: 201, answers: 'The operator' },
  { method: 'get', path: '/collaborations', summary: 'Collaborations the caller may see, as of a day (a worker: none)', query: asOf },
  { method: 'post', path: '/collaborations', summary: 'Propose a collaboration with its signed agreement (an openbaar lichaam is refused: NOT_ELIGIBLE_PUBLIC_BODY)', roles: MANAGERS, body: proposalBody, multipart: agreement('collaboration', true), status: 201, answers: 'The proposed collaboration' },
  { method: 'get', path: '/collaborations/{id}', summary: 'A collaboration as effective on a day, with its full history and every change with the moment it was reported (backdated ones marked); with knownAt, as it was known at that moment', roles: MANAGERS, params: ids('id'), query: asOfKnownAt },
  { method: 'get', path: '/collaborations/{id}/agreements/{sha256}', summary: 'Download an agreement (PDF)', roles: MANAGERS, params: ids('id').extend({ sha256: z.string().describe('SHA-256 of the agreement, 64 hex digits') }), produces: ['application/pdf'] },
  { method: 'post', path: '/collaborations/{id}/applications', summary: "Submit a municipality's application form (its user administrator)", roles: ['USER_ADMINISTRATOR'], params: ids('id'), body: applicationBody, status: 201, answers: 'The collaboration with the application' },
  { method: 'post', path: '/collaborations/{id}/applications/{applicationId}/decision', summary: 'Approve or reject an application', roles: SO, params: ids('id', 'applicationId'), body: decisionBody },
  { method: 'post', path: '/collaborations/{id}/activation', summary: 'Register and switch on (all applications approved)', roles: SO, params: ids('id'), body: activationBody },
  { method: 'post', path: '/collaborations/{id}/members', summary: 'A member joins from a date (its application approved)', roles: SO, params: ids('id'), body: memberBody, status: 201 },
  { method: 'post', path: '/collaborations/{id}/members/{municipalityId}/departure', summary: 'A member leaves at a date (exclusive)', roles: SO, params: ids('id', 'municipalityId'), body: departureBody },
  { method: 'post', path: '/collaborations/{id}/changes', summary: 'Change name, legal domains or agreement from a date (JSON, or multipart with the replaced agreement)', roles: SO, params: ids('id'), body: changeBody, multipart: { ...agreement('change', false), alsoJson: true }, status: 201 },
  { method: 'post', path: '/collaborations/{id}/termination', summary: 'Terminate at a date (exclusive)', roles: SO, params: ids('id'), body: terminationBody },
  { method: 'post', path: '/collaborations/{id}/whitelist/query', summary: 'Size of the merged whitelist on a day, and whether it holds a BSN (the members\' user administrators and the security officer only; every look-up is logged)', roles: MANAGERS, params: ids('id'), body: whitelistQueryBody, bodyOptional: true, answers: '{members, count, contains?}' },
  { method: 'get', path: '/applications/pending', summary: 'Applications waiting for review', roles: SO },
  { method: 'get', path: '/users', summary: 'Users of a municipality, without credentials', roles: MANAGERS, query: usersQuery },
  {
    method: 'post',
    path: '/users',
    summary: 'Create an account',
    description: 'A user administrator of the home municipality; a security officer for user administrators and, at the operator, for security officers. One with the escape right, the mandated-person or the security-officer role is created only when a second person approves: 202 with the grant.',
    roles: MANAGERS,
    body: userBody,
    status: 201,
    answers: 'The user',
    otherAnswers: ACCEPTED,
  },
  {
    method: 'put',
    path: '/users/{id}/tasks',
    summary: 'Replace roles, permitted products and escape right',
    description: "Never one's own (403 OWN_RIGHTS). A change that grants the escape right, the mandated-person or the security-officer role waits, as a whole, for a second person: 202 with the grant (409 GRANT_PENDING while one waits).",
    roles: MANAGERS,
    params: ids('id'),
    body: tasksBody,
    answers: 'The user',
    otherAnswers: ACCEPTED,
  },
  {
    method: 'post',
    path: '/users/directory',
    summary: 'Names directory of the audit pages: display name, roles and home organisation of each known user id',
    description: 'For security officers and mandated persons (any user: their audit pages show workers of other member municipalities too); anyone else 403 AUDIT_READER_REQUIRED. Unknown ids are left out. Not itself recorded as an action (reading the audit log is).',
    roles: ['SECURITY_OFFICER', 'MANDATED_PERSON'],
    body: directoryBody,
    answers: '{users: [{userId, displayName, roles, homeOrganisationId, homeOrganisationName}]}',
  },
  { method: 'post', path: '/users/{id}/deactivation', summary: 'Deactivate an account', roles: MANAGERS, params: ids('id'), body: reasonBody, bodyOptional: true, answers: 'The user' },
  { method: 'get', path: '/users/grants/pending', summary: "Grants waiting for a second person that the caller may approve (mayApprove), and the caller's own requests", roles: MANAGERS },
  {
    method: 'post',
    path: '/users/{id}/grants/{grantId}/approval',
    summary: 'Approve a grant as the second person',
    description: 'Escape right, mandated person: a user administrator of the home municipality or a security officer; security-officer role: a security officer. Never the requester (403 GRANT_OWN_REQUEST) nor the account holder (403 OWN_RIGHTS); once (409 GRANT_DECIDED).',
    roles: MANAGERS,
    params: ids('id', 'grantId'),
    answers: 'The grant, approved; its change has taken effect',
  },
  { method: 'post', path: '/users/{id}/grants/{grantId}/rejection', summary: 'Reject a grant (whoever may approve it), or withdraw it (its requester); nothing changes', roles: MANAGERS, params: ids('id', 'grantId'), body: reasonBody, bodyOptional: true, answers: 'The grant, rejected' },
  { method: 'get', path: '/users/{id}/lockout', summary: "An account's lockout, failed attempts and second factor (whoever manages the account)", roles: MANAGERS, params: ids('id'), answers: '{secondFactor, lockout, events}' },
  { method: 'post', path: '/users/{id}/lockout/lift', summary: 'Lift a lockout (whoever manages the account)', roles: MANAGERS, params: ids('id'), answers: '{secondFactor, lockout, events}' },
  { method: 'post', path: '/users/{id}/second-factor/reset', summary: "Reset a lost second factor: the holder enrols again at the next login (never one's own)", roles: MANAGERS, params: ids('id'), answers: '{secondFactor, lockout, events}' },
  {
    method: 'post',
    path: '/municipalities/{municipalityId}/whitelist/import',
    summary: 'Bulk import BSNs into a whitelist: all valid (11-proef) or nothing stored',
    roles: MANAGERS,
    params: ids('municipalityId'),
    query: importQuery,
    body: whitelistImportBody,
    otherBodies: { 'text/csv': { type: 'string', description: 'One BSN per line (a header line "bsn" is skipped); ?effectiveDate=YYYY-MM-DD' } },
    answers: '{added, alreadyListed}',
  },
  { method: 'get', path: '/municipalities/{municipalityId}/whitelist/count', summary: 'Size of a whitelist on a day', roles: MANAGERS, params: ids('municipalityId'), query: asOf, answers: '{municipalityId, asOf, count}' },
];

export const OPENAPI = openApiDocument(
  {
    title: 'one-login Inkijk: registration',
    description:
      'Organisations, user accounts and the one login (token issuer, JWKS), collaborations (samenwerkingsverbanden) with their legal basis, members, applications and history, and BSN whitelists. Every refusal is a 4xx with {code, message}.',
  },
  ROUTES,
);
