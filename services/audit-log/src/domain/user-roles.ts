/**
 * A small directory of the roles each account holds now, kept from the users topic
 * (UserCreated, UserRolesChanged, UserDeactivated): the audit log shows them beside a query's
 * worker. Only ids and roles, no names. Unknown accounts have no entry (null).
 */
import type { registration } from '@inkijk/contracts';

const CREATED = 'nl.inkijk.registration.UserCreated';
const CHANGED = 'nl.inkijk.registration.UserRolesChanged';
const DEACTIVATED = 'nl.inkijk.registration.UserDeactivated';

export class UserRolesDirectory {
  private readonly roles = new Map<string, { roles: string[]; at: number }>();

  /** Applies one users-topic record; true when it changed someone's roles. Older records than the last applied one of that user change nothing. */
  apply(e: registration.UserEvent): boolean {
    const change = e.change as Record<string, { roles?: string[] }>;
    let roles: string[] | null = null;
    if (change[CREATED]) roles = [...(change[CREATED].roles ?? [])];
    else if (change[CHANGED]) roles = [...(change[CHANGED].roles ?? [])];
    else if (change[DEACTIVATED]) roles = [];
    if (roles === null) return false;
    const known = this.roles.get(e.userId);
    if (known && known.at > e.occurredAt) return false;
    this.roles.set(e.userId, { roles, at: e.occurredAt });
    return true;
  }

  /** The account's roles now (a deactivated account: none); null when the account is unknown. */
  rolesOf(userId: string): string[] | null {
    return this.roles.get(userId)?.roles ?? null;
  }

  get size(): number {
    return this.roles.size;
  }
}
