/**
 * Who may do what in registration, readable as a table. Every use case asks here first.
 *
 * | action                          | who                                                          |
 * | ------------------------------- | ------------------------------------------------------------ |
 * | register a municipality         | security officer                                             |
 * | propose a collaboration         | security officer; user administrator of a member             |
 * | submit an application form      | user administrator of that municipality                      |
 * | decide, activate, join, leave,  | security officer                                             |
 * |   change, terminate             |                                                              |
 * | read a collaboration and its    | security officer; user administrator of a member             |
 * |   agreement                     |   municipality (workers and mandated persons: no)            |
 * | create / change / deactivate    | user administrator of the user's home municipality; for a    |
 * |   a user                        |   user administrator also a security officer; for a security |
 * |                                 |   officer only a security officer                            |
 * | change a user's roles, products | as above, and never the user themselves (separation of       |
 * |   or escape right               |   duties: nobody raises their own rights)                    |
 * | grant the escape right, the     | asked by whoever may change the user (above); takes effect   |
 * |   mandated-person or the        |   only when a SECOND authorised person approves (four eyes,  |
 * |   security-officer role (also   |   ADR 0016). The whole change waits, also its other parts.   |
 * |   at account creation)          |                                                              |
 * | approve a grant                 | escape right, mandated person: a user administrator of the   |
 * |                                 |   user's home municipality or a security officer; the        |
 * |                                 |   security-officer role: a security officer. Never the       |
 * |                                 |   requester, never the account holder                        |
 * | reject a grant                  | whoever may approve it; its requester (withdraws it); never  |
 * |                                 |   the account holder. Deactivating the account drops it      |
 * | list grants waiting             | user administrators and security officers: those they may    |
 * |                                 |   approve, and their own requests                            |
 * | register the operator (BKWI)    | security officer                                             |
 * | home of an account              | a security officer is homed at the operator and holds no     |
 * |                                 |   other role; the operator homes nobody else                 |
 * | import / read a whitelist       | user administrator of that municipality; security officer    |
 */
import { refuse } from '../domain/errors';
import type { Grant } from '../domain/grants';
import type { Role } from '../domain/users';
import type { Actor } from './ports';

const has = (a: Actor, r: Role) => a.roles.includes(r);

export function requireSecurityOfficer(a: Actor): void {
  if (!has(a, 'SECURITY_OFFICER')) refuse('FORBIDDEN', 'SECURITY_OFFICER_REQUIRED', 'Only a security officer of BKWI may do this.');
}

export function requireAdministratorOf(a: Actor, municipalityId: string): void {
  if (!has(a, 'USER_ADMINISTRATOR') || a.homeMunicipalityId !== municipalityId) {
    refuse('FORBIDDEN', 'NOT_ADMINISTRATOR_OF_MUNICIPALITY', 'Only a user administrator of that municipality may do this.');
  }
}

export function requireOfficerOrAdministratorOf(a: Actor, municipalityId: string): void {
  if (has(a, 'SECURITY_OFFICER')) return;
  requireAdministratorOf(a, municipalityId);
}

export function requireUserManager(a: Actor, target: { homeMunicipalityId: string; roles: Role[] }): void {
  if (target.roles.includes('SECURITY_OFFICER')) {
    requireSecurityOfficer(a);
    return;
  }
  if (target.roles.includes('USER_ADMINISTRATOR') && has(a, 'SECURITY_OFFICER')) return;
  requireAdministratorOf(a, target.homeMunicipalityId);
}

/** Collaborations, their members and signed agreements are for those who manage them, not for workers. */
export function mayReadCollaborations(a: Actor): boolean {
  return has(a, 'SECURITY_OFFICER') || has(a, 'USER_ADMINISTRATOR');
}

/** Separation of duties: nobody changes their own roles, products or rights. */
export function requireNotOwnAccount(a: Actor, userId: string): void {
  if (a.userId === userId) refuse('FORBIDDEN', 'OWN_RIGHTS', 'Nobody changes their own roles, products or rights: ask another user administrator or a security officer.');
}

/**
 * Who approves (or rejects) a grant by role: another security officer for the security-officer
 * role; a user administrator of the home municipality or a security officer for the escape right
 * and the mandated-person role. That it is a second person is the domain's rule (domain/grants.ts).
 */
export function requireGrantApprover(a: Actor, g: Pick<Grant, 'homeMunicipalityId' | 'requested'>): void {
  if (g.requested.roles.includes('SECURITY_OFFICER')) {
    if (!has(a, 'SECURITY_OFFICER')) refuse('FORBIDDEN', 'SECURITY_OFFICER_REQUIRED', 'Only another security officer approves the security-officer role.');
    return;
  }
  requireOfficerOrAdministratorOf(a, g.homeMunicipalityId);
}

export function mayApproveGrant(a: Actor, g: Pick<Grant, 'homeMunicipalityId' | 'requested' | 'requestedBy' | 'userId'>): boolean {
  if (a.userId === g.requestedBy || a.userId === g.userId) return false;
  try {
    requireGrantApprover(a, g);
    return true;
  } catch {
    return false;
  }
}

/** Grants waiting for a second person are for those who manage users. */
export function requireUserManagerRole(a: Actor): void {
  if (!has(a, 'SECURITY_OFFICER') && !has(a, 'USER_ADMINISTRATOR')) {
    refuse('FORBIDDEN', 'USER_MANAGER_REQUIRED', 'Only user administrators and security officers see grants waiting for approval.');
  }
}
