/** Use cases of user accounts, and the one login. */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { topics } from '@inkijk/contracts';
import { refuse } from '../domain/errors';
import { sensitiveRightsGranted } from '../domain/grants';
import { password, Tasks, username, validateHome, validateTasks } from '../domain/users';
import { requireNotOwnAccount, requireOfficerOrAdministratorOf, requireUserManager } from './access';
import { ActivityLog, succeeded } from './activity';
import { askForGrant, dropPendingGrants, grantRequestedRecord, homeKindOf, PendingGrantAnswer } from './grants';
import type { Actor, Clock, DirectoryEntry, Ids, Stores, UnitOfWork, UserRecord } from './ports';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

export async function hashPassword(pw: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(pw, salt, 32);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function passwordMatches(pw: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(pw, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

/** A hash to compare against for unknown users, so that timing does not reveal which usernames exist. */
export const DUMMY_HASH = 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export type PublicUser = Omit<UserRecord, 'passwordHash'>;
const publicUser = ({ passwordHash: _omit, ...u }: UserRecord): PublicUser => u;

/** How many ids one directory request may name. */
export const MAX_DIRECTORY_IDS = 200;

export class Users {
  private readonly activity: ActivityLog<Stores>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly afterCommit: () => void = () => undefined,
  ) {
    this.activity = new ActivityLog(uow);
  }

  /**
   * Creates an account; one that would hold a sensitive right (escape right, security-officer or
   * mandated-person role) is not created yet but waits for a second person (a grant, ADR 0016).
   */
  create(actor: Actor, input: { username: string; displayName: string; homeMunicipalityId: string; password: string } & Tasks): Promise<PublicUser | PendingGrantAnswer> {
    return this.activity.attempt(actor, { action: 'USER_CREATED', object: { type: 'USER' } }, async () => input.homeMunicipalityId, () => this.createAccount(actor, input));
  }

  private async createAccount(actor: Actor, input: { username: string; displayName: string; homeMunicipalityId: string; password: string } & Tasks): Promise<PublicUser | PendingGrantAnswer> {
    const tasks = validateTasks(input);
    requireUserManager(actor, { homeMunicipalityId: input.homeMunicipalityId, roles: tasks.roles });
    const user: UserRecord = {
      id: this.ids.next(),
      username: username(input.username),
      displayName: input.displayName.trim() || refuse('INVALID', 'NAME_REQUIRED', 'A user needs a display name.'),
      homeMunicipalityId: input.homeMunicipalityId,
      active: true,
      passwordHash: await hashPassword(password(input.password)),
      ...tasks,
    };
    const sensitiveRights = sensitiveRightsGranted(null, tasks);
    const result = await this.uow.run(async (s): Promise<PublicUser | PendingGrantAnswer> => {
      validateHome(await homeKindOf(s, user.homeMunicipalityId), tasks);
      if ((await s.users.byUsername(user.username)) || (await s.grants.usernameReserved(user.username))) refuse('CONFLICT', 'USERNAME_TAKEN', `The username ${user.username} is taken.`);
      if (sensitiveRights.length > 0) {
        const asked = await askForGrant(s, this.ids, this.clock, actor, { userId: user.id, homeMunicipalityId: user.homeMunicipalityId, requested: tasks, sensitiveRights, current: null, newAccount: user });
        await s.record(grantRequestedRecord(actor, asked));
        return asked;
      }
      await s.users.create(user, actor.userId);
      await this.announce(s, user, { 'nl.inkijk.registration.UserCreated': { roles: user.roles, permittedProducts: user.permittedProducts, escapeRight: user.escapeRight } });
      await s.record(succeeded(actor, user.homeMunicipalityId, { action: 'USER_CREATED', object: { type: 'USER', id: user.id }, details: { roles: user.roles.join(',') } }));
      return publicUser(user);
    });
    this.afterCommit();
    return result;
  }

  /**
   * Replaces a user's tasks. A change that grants a sensitive right waits, as a whole, for a
   * second person (a grant, ADR 0016); while one waits, the account's tasks do not change.
   */
  changeTasks(actor: Actor, userId: string, tasks: Tasks): Promise<PublicUser | PendingGrantAnswer> {
    return this.activity.attempt(actor, { action: 'USER_CHANGED', object: { type: 'USER', id: userId } }, async (s) => (await s.users.byId(userId))?.homeMunicipalityId, () => this.replaceTasks(actor, userId, tasks));
  }

  private async replaceTasks(actor: Actor, userId: string, tasks: Tasks): Promise<PublicUser | PendingGrantAnswer> {
    const valid = validateTasks(tasks);
    requireNotOwnAccount(actor, userId);
    const result = await this.uow.run(async (s): Promise<PublicUser | PendingGrantAnswer> => {
      const u = (await s.users.lock(userId)) ?? refuse('NOT_FOUND', 'USER_NOT_FOUND', 'There is no such user.');
      requireUserManager(actor, u);
      requireUserManager(actor, { homeMunicipalityId: u.homeMunicipalityId, roles: valid.roles });
      validateHome(await homeKindOf(s, u.homeMunicipalityId), valid);
      if ((await s.grants.pendingFor(u.id)).length > 0) {
        refuse('CONFLICT', 'GRANT_PENDING', 'A change of this account waits for approval by a second person: approve or reject it first.');
      }
      const sensitiveRights = sensitiveRightsGranted(u, valid);
      if (sensitiveRights.length > 0) {
        if (!u.active) refuse('CONFLICT', 'ACCOUNT_DEACTIVATED', 'The account is deactivated; nothing can be granted to it.');
        const asked = await askForGrant(s, this.ids, this.clock, actor, { userId: u.id, homeMunicipalityId: u.homeMunicipalityId, requested: valid, sensitiveRights, current: u });
        await s.record(grantRequestedRecord(actor, asked));
        return asked;
      }
      const next = { ...u, ...valid };
      await s.users.update(next);
      await this.announce(s, next, { 'nl.inkijk.registration.UserRolesChanged': { roles: valid.roles, permittedProducts: valid.permittedProducts, escapeRight: valid.escapeRight } });
      await s.record(succeeded(actor, u.homeMunicipalityId, { action: 'USER_CHANGED', object: { type: 'USER', id: u.id }, details: { roles: valid.roles.join(','), products: valid.permittedProducts.length, escapeRight: valid.escapeRight } }));
      return publicUser(next);
    });
    this.afterCommit();
    return result;
  }

  /** Deactivates an account; grants still waiting for it are dropped (announced as rejected). */
  deactivate(actor: Actor, userId: string, reason: string | null): Promise<PublicUser> {
    return this.activity.attempt(actor, { action: 'USER_DEACTIVATED', object: { type: 'USER', id: userId } }, async (s) => (await s.users.byId(userId))?.homeMunicipalityId, () => this.deactivateAccount(actor, userId, reason));
  }

  private async deactivateAccount(actor: Actor, userId: string, reason: string | null): Promise<PublicUser> {
    const user = await this.uow.run(async (s) => {
      const u = (await s.users.lock(userId)) ?? refuse('NOT_FOUND', 'USER_NOT_FOUND', 'There is no such user.');
      requireUserManager(actor, u);
      if (!u.active) refuse('CONFLICT', 'ALREADY_DEACTIVATED', 'The account is already deactivated.');
      await dropPendingGrants(s, this.ids, this.clock, actor, u, 'The account was deactivated.');
      const next = { ...u, active: false };
      await s.users.update(next);
      await this.announce(s, next, { 'nl.inkijk.registration.UserDeactivated': { reason } });
      await s.record(succeeded(actor, u.homeMunicipalityId, { action: 'USER_DEACTIVATED', object: { type: 'USER', id: u.id } }));
      return next;
    });
    this.afterCommit();
    return publicUser(user);
  }

  async list(actor: Actor, municipalityId: string): Promise<PublicUser[]> {
    requireOfficerOrAdministratorOf(actor, municipalityId);
    return (await this.uow.run((s) => s.users.listByMunicipality(municipalityId))).map(publicUser);
  }

  /**
   * Who the actors in the audit log are (the audit pages): display name, roles and home of each
   * known id. For the security officer and mandated persons (whose audit pages show workers of
   * other member municipalities too); not itself an action (reading the audit log is recorded there).
   */
  async directory(actor: Actor, userIds: string[]): Promise<{ users: DirectoryEntry[] }> {
    if (!actor.roles.includes('SECURITY_OFFICER') && !actor.roles.includes('MANDATED_PERSON')) {
      refuse('FORBIDDEN', 'AUDIT_READER_REQUIRED', 'Only security officers and mandated persons look up the names of the audit log.');
    }
    if (userIds.length === 0 || userIds.length > MAX_DIRECTORY_IDS) refuse('INVALID', 'DIRECTORY_SIZE', `Name 1 to ${MAX_DIRECTORY_IDS} user ids.`);
    return { users: await this.uow.run((s) => s.users.directory(userIds)) };
  }

  // The one login (password, second factor, throttling, lockout) is in ./logins.ts.

  private announce(s: Stores, u: UserRecord, change: import('@inkijk/contracts').registration.UserEvent['change']) {
    return s.announce(topics.users, { eventId: this.ids.next(), occurredAt: this.clock.now().getTime(), userId: u.id, homeMunicipalityId: u.homeMunicipalityId, change });
  }
}
