/**
 * Use cases of four eyes (ADR 0016): a change that grants the escape right, the security-officer
 * or the mandated-person role waits as a grant until a second authorised person approves it.
 * Both steps are announced on the users topic with who asked and who decided: GrantRequested,
 * then GrantApproved followed by the UserCreated / UserRolesChanged that carries it out (with
 * its grantId), or GrantRejected.
 */
import { topics } from '@inkijk/contracts';
import type { registration } from '@inkijk/contracts';
import { refuse } from '../domain/errors';
import * as domain from '../domain/grants';
import type { SensitiveRight } from '../domain/grants';
import { HomeKind, Tasks, validateHome, validateTasks } from '../domain/users';
import { mayApproveGrant, requireGrantApprover, requireUserManagerRole } from './access';
import { ActivityLog, succeeded } from './activity';
import type { ActionRecord } from '@inkijk/platform';
import type { Actor, Clock, GrantRecord, Ids, Stores, UnitOfWork, UserRecord } from './ports';

/** A grant as the API shows it: never a password hash. */
export interface GrantView {
  id: string;
  userId: string;
  homeMunicipalityId: string;
  account: domain.GrantAccount;
  username: string | null;
  displayName: string | null;
  /** The tasks asked for, in full. */
  requested: Tasks;
  /** The account's tasks now (null for a new account). */
  current: Tasks | null;
  sensitiveRights: SensitiveRight[];
  requestedBy: string;
  requestedAt: Date;
  status: domain.GrantStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
  /** Whether the caller may approve it (listings only). */
  mayApprove?: boolean;
}

/** The answer to a change that waits for a second person (HTTP 202). */
export interface PendingGrantAnswer {
  status: 'PENDING_APPROVAL';
  grant: GrantView;
  message: string;
}

export const isPendingGrant = (x: unknown): x is PendingGrantAnswer => (x as PendingGrantAnswer | undefined)?.status === 'PENDING_APPROVAL';

const RIGHT_NAMES: Record<SensitiveRight, string> = {
  ESCAPE_RIGHT: 'the escape right',
  SECURITY_OFFICER: 'the security-officer role',
  MANDATED_PERSON: 'the mandated-person role',
};

function tasksOf(t: Tasks): Tasks {
  return { roles: t.roles, permittedProducts: t.permittedProducts, escapeRight: t.escapeRight };
}

function view(g: GrantRecord, current: UserRecord | null): GrantView {
  return {
    id: g.id,
    userId: g.userId,
    homeMunicipalityId: g.homeMunicipalityId,
    account: g.account,
    username: current?.username ?? g.username,
    displayName: current?.displayName ?? g.displayName,
    requested: tasksOf(g.requested),
    current: current ? tasksOf(current) : null,
    sensitiveRights: g.sensitiveRights,
    requestedBy: g.requestedBy,
    requestedAt: g.requestedAt,
    status: g.status,
    decidedBy: g.decidedBy,
    decidedAt: g.decidedAt,
    reason: g.reason,
  };
}

function pendingAnswer(g: GrantView): PendingGrantAnswer {
  const rights = g.sensitiveRights.map((r) => RIGHT_NAMES[r]).join(' and ');
  const who = g.requested.roles.includes('SECURITY_OFFICER') ? 'another security officer' : 'another user administrator of the municipality or a security officer';
  const what = g.account === 'NEW' ? 'The account is created' : 'The change takes effect';
  return { status: 'PENDING_APPROVAL', grant: g, message: `Granting ${rights} needs a second person. ${what} when ${who} approves grant ${g.id}.` };
}

/** The kind of a home organisation an account may have (a collaboration or an unknown id: none). */
export async function homeKindOf(s: Stores, organisationId: string): Promise<HomeKind> {
  const home = await s.organisations.byId(organisationId);
  if (!home || (home.kind !== 'MUNICIPALITY' && home.kind !== 'OPERATOR')) refuse('INVALID', 'UNKNOWN_MUNICIPALITY', 'The home municipality is not registered.');
  return home!.kind as HomeKind;
}

/** The record of a grant step: on the account (USER), in its home's chain, with the grant's id. */
function grantRecord(actor: Actor, action: 'GRANT_REQUESTED' | 'GRANT_APPROVED' | 'GRANT_REJECTED', g: Pick<domain.Grant, 'id' | 'userId' | 'homeMunicipalityId' | 'sensitiveRights' | 'account'>, extra: Record<string, string | boolean> = {}): ActionRecord {
  return succeeded(actor, g.homeMunicipalityId, { action, object: { type: 'USER', id: g.userId }, details: { grantId: g.id, account: g.account, sensitiveRights: g.sensitiveRights.join(','), ...extra } });
}

/** The record of a change that now waits for a second person. */
export const grantRequestedRecord = (actor: Actor, asked: PendingGrantAnswer): ActionRecord => grantRecord(actor, 'GRANT_REQUESTED', asked.grant);

/** Announces a change of a user's account on the users topic (in the unit of work's outbox). */
export function announceUser(s: Stores, ids: Ids, clock: Clock, u: { id: string; homeMunicipalityId: string }, change: registration.UserEvent['change']): Promise<void> {
  return s.announce(topics.users, { eventId: ids.next(), occurredAt: clock.now().getTime(), userId: u.id, homeMunicipalityId: u.homeMunicipalityId, change });
}

/**
 * Records a grant request and announces it, inside the caller's unit of work. The whole change
 * waits (also its parts that need no second person): the approver sees and approves exactly
 * what takes effect, and no half-granted state exists in between.
 */
export async function askForGrant(
  s: Stores,
  ids: Ids,
  clock: Clock,
  actor: Actor,
  input: { userId: string; homeMunicipalityId: string; requested: Tasks; sensitiveRights: SensitiveRight[]; current: UserRecord | null; newAccount?: { username: string; displayName: string; passwordHash: string } },
): Promise<PendingGrantAnswer> {
  const g = domain.requestGrant({
    id: ids.next(),
    userId: input.userId,
    homeMunicipalityId: input.homeMunicipalityId,
    account: input.newAccount ? 'NEW' : 'EXISTING',
    requested: input.requested,
    sensitiveRights: input.sensitiveRights,
    requestedBy: actor.userId,
    requestedAt: clock.now(),
  });
  const record: GrantRecord = { ...g, username: input.newAccount?.username ?? null, displayName: input.newAccount?.displayName ?? null, passwordHash: input.newAccount?.passwordHash ?? null };
  await s.grants.create(record);
  await announceUser(s, ids, clock, { id: g.userId, homeMunicipalityId: g.homeMunicipalityId }, {
    'nl.inkijk.registration.GrantRequested': {
      grantId: g.id,
      requestedBy: g.requestedBy,
      account: g.account,
      roles: g.requested.roles,
      permittedProducts: g.requested.permittedProducts,
      escapeRight: g.requested.escapeRight,
      sensitiveRights: g.sensitiveRights,
    },
  });
  return pendingAnswer(view(record, input.current));
}

/** Drops the grants still waiting for an account (it is being deactivated), announced as rejected. */
export async function dropPendingGrants(s: Stores, ids: Ids, clock: Clock, actor: Actor, u: UserRecord, reason: string): Promise<void> {
  for (const g of await s.grants.pendingFor(u.id)) {
    const dropped: domain.Grant = { ...g, status: 'REJECTED', decidedBy: actor.userId, decidedAt: clock.now(), reason };
    await s.grants.decide(dropped);
    await announceUser(s, ids, clock, u, { 'nl.inkijk.registration.GrantRejected': { grantId: g.id, requestedBy: g.requestedBy, rejectedBy: actor.userId, reason } });
    await s.record(grantRecord(actor, 'GRANT_REJECTED', g, { dropped: true }));
  }
}

export class Grants {
  private readonly activity: ActivityLog<Stores>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly afterCommit: () => void = () => undefined,
  ) {
    this.activity = new ActivityLog(uow);
  }

  /** A refused step is recorded in the chain of the grant's account (the grant read anew). */
  private step<R>(actor: Actor, action: 'GRANT_APPROVED' | 'GRANT_REJECTED', userId: string, grantId: string, work: () => Promise<R>): Promise<R> {
    return this.activity.attempt(actor, { action, object: { type: 'USER', id: userId }, details: { grantId } }, async (s) => (await s.grants.lock(grantId))?.homeMunicipalityId ?? (await s.users.byId(userId))?.homeMunicipalityId, work);
  }

  /** Grants waiting for a second person that the caller may approve, and the caller's own requests. */
  async pending(actor: Actor): Promise<GrantView[]> {
    requireUserManagerRole(actor);
    return this.uow.run(async (s) => {
      const out: GrantView[] = [];
      for (const g of await s.grants.pending()) {
        const mayApprove = mayApproveGrant(actor, g);
        if (!mayApprove && g.requestedBy !== actor.userId) continue;
        const current = g.account === 'EXISTING' ? await s.users.byId(g.userId) : null;
        out.push({ ...view(g, current), mayApprove });
      }
      return out;
    });
  }

  /**
   * The second person approves: the grant's change takes effect now. Checked again at this
   * moment: the approver's authority, the tasks (separation of duties), the home organisation,
   * and that the account is still active (or, for a new account, that the username is free).
   */
  approve(actor: Actor, userId: string, grantId: string): Promise<GrantView> {
    return this.step(actor, 'GRANT_APPROVED', userId, grantId, () => this.approveGrant(actor, userId, grantId));
  }

  private async approveGrant(actor: Actor, userId: string, grantId: string): Promise<GrantView> {
    const result = await this.uow.run(async (s) => {
      const g = await this.locked(s, userId, grantId);
      domain.requireSecondPerson(g, actor.userId);
      requireGrantApprover(actor, g);
      const approved = domain.approve(g, actor.userId, this.clock.now());
      const tasks = validateTasks(g.requested);
      validateHome(await homeKindOf(s, g.homeMunicipalityId), tasks);
      let user: UserRecord;
      if (g.account === 'NEW') {
        if (await s.users.byUsername(g.username!)) refuse('CONFLICT', 'USERNAME_TAKEN', `The username ${g.username} is taken meanwhile; reject this grant.`);
        user = { id: g.userId, username: g.username!, displayName: g.displayName!, homeMunicipalityId: g.homeMunicipalityId, active: true, passwordHash: g.passwordHash!, ...tasks };
        await s.grants.decide(approved);
        await s.users.create(user, g.requestedBy);
      } else {
        const u = await s.users.lock(g.userId);
        if (!u) return refuse('NOT_FOUND', 'USER_NOT_FOUND', 'There is no such user.');
        if (!u.active) refuse('CONFLICT', 'ACCOUNT_DEACTIVATED', 'The account is deactivated; nothing can be granted to it.');
        user = { ...u, ...tasks };
        await s.grants.decide(approved);
        await s.users.update(user);
      }
      await announceUser(s, this.ids, this.clock, user, { 'nl.inkijk.registration.GrantApproved': { grantId: g.id, requestedBy: g.requestedBy, approvedBy: actor.userId } });
      const effect = { roles: tasks.roles, permittedProducts: tasks.permittedProducts, escapeRight: tasks.escapeRight, grantId: g.id };
      await announceUser(s, this.ids, this.clock, user, g.account === 'NEW' ? { 'nl.inkijk.registration.UserCreated': effect } : { 'nl.inkijk.registration.UserRolesChanged': effect });
      await s.record(grantRecord(actor, 'GRANT_APPROVED', g, { requestedBy: g.requestedBy }));
      return view({ ...g, ...approved }, user);
    });
    this.afterCommit();
    return result;
  }

  /** Rejected by whoever may approve it, or withdrawn by its requester; nothing changes. */
  reject(actor: Actor, userId: string, grantId: string, reason: string | null): Promise<GrantView> {
    return this.step(actor, 'GRANT_REJECTED', userId, grantId, () => this.rejectGrant(actor, userId, grantId, reason));
  }

  private async rejectGrant(actor: Actor, userId: string, grantId: string, reason: string | null): Promise<GrantView> {
    const result = await this.uow.run(async (s) => {
      const g = await this.locked(s, userId, grantId);
      if (actor.userId !== g.requestedBy) requireGrantApprover(actor, g);
      const rejected = domain.reject(g, actor.userId, this.clock.now(), reason);
      await s.grants.decide(rejected);
      await announceUser(s, this.ids, this.clock, { id: g.userId, homeMunicipalityId: g.homeMunicipalityId }, { 'nl.inkijk.registration.GrantRejected': { grantId: g.id, requestedBy: g.requestedBy, rejectedBy: actor.userId, reason: rejected.reason } });
      await s.record(grantRecord(actor, 'GRANT_REJECTED', g, { withdrawn: actor.userId === g.requestedBy }));
      const current = g.account === 'EXISTING' ? await s.users.byId(g.userId) : null;
      return view({ ...g, ...rejected }, current);
    });
    this.afterCommit();
    return result;
  }

  private async locked(s: Stores, userId: string, grantId: string): Promise<GrantRecord> {
    const g = await s.grants.lock(grantId);
    if (!g || g.userId !== userId) return refuse('NOT_FOUND', 'GRANT_NOT_FOUND', 'There is no such grant for this user.');
    return g;
  }
}
