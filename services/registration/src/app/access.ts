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
 * | import / read a whitelist       | user administrator of that municipality; security officer    |
 */
import { refuse } from '../domain/errors';
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
