/** Use cases of user accounts, and the one login. */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { topics } from '@inkijk/contracts';
import { refuse } from '../domain/errors';
import { password, Role, Tasks, username, validateTasks } from '../domain/users';
import { requireNotOwnAccount, requireOfficerOrAdministratorOf, requireUserManager } from './access';
import type { Actor, Clock, Ids, Stores, UnitOfWork, UserRecord } from './ports';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

export async function hashPassword(pw: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(pw, salt, 32);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

async function passwordMatches(pw: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(pw, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

/** A hash to compare against for unknown users, so that timing does not reveal which usernames exist. */
const DUMMY_HASH = 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export type PublicUser = Omit<UserRecord, 'passwordHash'>;
const publicUser = ({ passwordHash: _omit, ...u }: UserRecord): PublicUser => u;

export class Users {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly afterCommit: () => void = () => undefined,
  ) {}

  async create(actor: Actor, input: { username: string; displayName: string; homeMunicipalityId: string; password: string } & Tasks): Promise<PublicUser> {
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
    await this.uow.run(async (s) => {
      const home = await s.organisations.byId(user.homeMunicipalityId);
      if (!home || home.kind !== 'MUNICIPALITY') refuse('INVALID', 'UNKNOWN_MUNICIPALITY', 'The home municipality is not registered.');
      if (await s.users.byUsername(user.username)) refuse('CONFLICT', 'USERNAME_TAKEN', `The username ${user.username} is taken.`);
      await s.users.create(user, actor.userId);
      await this.announce(s, user, { 'nl.inkijk.registration.UserCreated': { roles: user.roles, permittedProducts: user.permittedProducts, escapeRight: user.escapeRight } });
    });
    this.afterCommit();
    return publicUser(user);
  }

  async changeTasks(actor: Actor, userId: string, tasks: Tasks): Promise<PublicUser> {
    const valid = validateTasks(tasks);
    requireNotOwnAccount(actor, userId);
    const user = await this.uow.run(async (s) => {
      const u = await this.existing(s, userId);
      requireUserManager(actor, u);
      requireUserManager(actor, { homeMunicipalityId: u.homeMunicipalityId, roles: valid.roles });
      const next = { ...u, ...valid };
      await s.users.update(next);
      await this.announce(s, next, { 'nl.inkijk.registration.UserRolesChanged': { roles: valid.roles, permittedProducts: valid.permittedProducts, escapeRight: valid.escapeRight } });
      return next;
    });
    this.afterCommit();
    return publicUser(user);
  }

  async deactivate(actor: Actor, userId: string, reason: string | null): Promise<PublicUser> {
    const user = await this.uow.run(async (s) => {
      const u = await this.existing(s, userId);
      requireUserManager(actor, u);
      if (!u.active) refuse('CONFLICT', 'ALREADY_DEACTIVATED', 'The account is already deactivated.');
      const next = { ...u, active: false };
      await s.users.update(next);
      await this.announce(s, next, { 'nl.inkijk.registration.UserDeactivated': { reason } });
      return next;
    });
    this.afterCommit();
    return publicUser(user);
  }

  async list(actor: Actor, municipalityId: string): Promise<PublicUser[]> {
    requireOfficerOrAdministratorOf(actor, municipalityId);
    return (await this.uow.run((s) => s.users.listByMunicipality(municipalityId))).map(publicUser);
  }

  /** The one login: verifies the credentials and returns the principal for the token. */
  async authenticate(name: string, pw: string): Promise<{ userId: string; homeMunicipalityId: string; roles: Role[]; displayName: string }> {
    const u = await this.uow.run((s) => s.users.byUsername(name.trim().toLowerCase()));
    const ok = await passwordMatches(pw, u?.passwordHash ?? DUMMY_HASH);
    if (!u || !ok) refuse('UNAUTHENTICATED', 'INVALID_CREDENTIALS', 'Username or password is not correct.');
    if (!u!.active) refuse('FORBIDDEN', 'ACCOUNT_DEACTIVATED', 'This account has been deactivated; ask your user administrator.');
    return { userId: u!.id, homeMunicipalityId: u!.homeMunicipalityId, roles: u!.roles, displayName: u!.displayName };
  }

  private async existing(s: Stores, id: string): Promise<UserRecord> {
    return (await s.users.byId(id)) ?? refuse('NOT_FOUND', 'USER_NOT_FOUND', 'There is no such user.');
  }

  private announce(s: Stores, u: UserRecord, change: import('@inkijk/contracts').registration.UserEvent['change']) {
    return s.announce(topics.users, { eventId: this.ids.next(), occurredAt: this.clock.now().getTime(), userId: u.id, homeMunicipalityId: u.homeMunicipalityId, change });
  }
}
