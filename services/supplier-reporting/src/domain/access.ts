/**
 * Who may read which report: the rules as a table, read top to bottom; the first rule that
 * matches the resource and one of the caller's roles decides. Anything not allowed here is
 * refused with the code of the resource.
 *
 * | resource                             | role             | condition                               |
 * |--------------------------------------|------------------|-----------------------------------------|
 * | generic report of organisation O     | MANDATED_PERSON  | the caller's home municipality is O     |
 * | generic report of organisation O     | SECURITY_OFFICER | any organisation                        |
 * | specific report of organisation O    | MANDATED_PERSON  | the caller's home municipality is O     |
 * | supplier feed                        | SECURITY_OFFICER | any supplier                            |
 * | RvIG protocol lines of organisation O| SECURITY_OFFICER | any organisation                        |
 * | report build (all organisations)     | SECURITY_OFFICER | -                                       |
 */

export type Role = 'WORKER' | 'USER_ADMINISTRATOR' | 'SECURITY_OFFICER' | 'MANDATED_PERSON';

export interface Caller {
  homeMunicipalityId: string;
  roles: readonly Role[];
}

export type ReportResource =
  | { kind: 'GENERIC_REPORT'; organisationId: string }
  | { kind: 'SPECIFIC_REPORT'; organisationId: string }
  | { kind: 'SUPPLIER_FEED' }
  | { kind: 'PROTOCOL_LINES'; organisationId: string }
  | { kind: 'REPORT_BUILD' };

interface Rule {
  resource: ReportResource['kind'];
  role: Role;
  when: (caller: Caller, resource: ReportResource) => boolean;
}

const ownOrganisation = (c: Caller, r: ReportResource) => 'organisationId' in r && r.organisationId === c.homeMunicipalityId;
const always = () => true;

export const ACCESS_RULES: readonly Rule[] = [
  { resource: 'GENERIC_REPORT', role: 'MANDATED_PERSON', when: ownOrganisation },
  { resource: 'GENERIC_REPORT', role: 'SECURITY_OFFICER', when: always },
  { resource: 'SPECIFIC_REPORT', role: 'MANDATED_PERSON', when: ownOrganisation },
  { resource: 'SUPPLIER_FEED', role: 'SECURITY_OFFICER', when: always },
  { resource: 'PROTOCOL_LINES', role: 'SECURITY_OFFICER', when: always },
  { resource: 'REPORT_BUILD', role: 'SECURITY_OFFICER', when: always },
];

/** Why a caller is refused, per resource: a code for machines and a sentence for people. */
export const REFUSALS: Record<ReportResource['kind'], { code: string; message: string }> = {
  GENERIC_REPORT: {
    code: 'GENERIC_REPORT_FORBIDDEN',
    message: "Only the organisation's mandated persons (gemandateerden) and BKWI's security officers may read its generic report.",
  },
  SPECIFIC_REPORT: {
    code: 'SPECIFIC_REPORT_FORBIDDEN',
    message: "Only the organisation's own mandated persons (gemandateerden) may read its specific report.",
  },
  SUPPLIER_FEED: { code: 'SUPPLIER_FEED_FORBIDDEN', message: 'Only a security officer may read supplier feeds.' },
  PROTOCOL_LINES: { code: 'PROTOCOL_LINES_FORBIDDEN', message: "Only a security officer may read RvIG's protocol lines." },
  REPORT_BUILD: { code: 'REPORT_BUILD_FORBIDDEN', message: 'Only a security officer may build reports.' },
};

export type AccessDecision = { allowed: true } | { allowed: false; code: string; message: string };

export function decideAccess(caller: Caller, resource: ReportResource): AccessDecision {
  const allowed = ACCESS_RULES.some((rule) => rule.resource === resource.kind && caller.roles.includes(rule.role) && rule.when(caller, resource));
  return allowed ? { allowed: true } : { allowed: false, ...REFUSALS[resource.kind] };
}
