/**
 * Every action registration performs is recorded as an ActivityEvent (ADR 0018) through the
 * outbox: in the transaction of the change it records (the use cases call `s.record`), or, for
 * an attempt registration refuses and that so changes nothing, in a transaction of its own before
 * the answer (`ActivityLog.attempt`). The records are built here, in one place.
 *
 * The chain an action joins (actingForId) is the organisation concerned: the account's home for
 * account management and logins, the municipality for its application, membership and whitelist,
 * the operator (BKWI) for a collaboration-wide action of the security officer. Without one known
 * (a refusal before anything was read), the actor's own chain: their home, the operator for an
 * officer.
 */
import { Refusal } from '@inkijk/contracts';
import type { ActionActor, ActionRecord, ActivityAction } from '@inkijk/platform';
import type { Role } from '../domain/users';
import type { Actor, Stores } from './ports';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IDENTIFIER = /^[\p{L}\p{N}][\p{L}\p{N}._:@+/-]{0,127}$/u;

/** The chain of an action for which no organisation is known while no operator is registered yet. */
export const NO_ORGANISATION = '00000000-0000-0000-0000-000000000000';

export type ObjectType = 'USER' | 'SESSION' | 'GRANT' | 'ORGANISATION' | 'COLLABORATION' | 'APPLICATION' | 'DOCUMENT' | 'WHITELIST';

/** What was done, on what; the outcome and the chain are added where it is recorded. */
export interface What {
  action: ActivityAction;
  object: { type: ObjectType; id?: string | null };
  subjectPseudonym?: string | null;
  details?: ActionRecord['details'];
}

/** What every unit of work that records actions offers (the registration and the login stores). */
export interface RecordingStores {
  organisations: Pick<Stores['organisations'], 'byId' | 'operatorId'>;
  record: Stores['record'];
}

export const isUuid = (id: string | null | undefined): id is string => !!id && UUID.test(id);

/**
 * The actor of a request: the principal of its token (id, home, roles as the token says). What
 * the contract cannot carry (a token's user or home that is no id) is left out, not invented.
 */
export function actorOf(a: { userId: string; homeMunicipalityId: string; roles: readonly Role[] | readonly string[] }): ActionActor {
  return {
    userId: IDENTIFIER.test(a.userId) ? a.userId : null,
    homeOrganisationId: isUuid(a.homeMunicipalityId) ? a.homeMunicipalityId : null,
    roles: a.roles.filter((r) => IDENTIFIER.test(r)).slice(0, 10),
  };
}

/** The actor of a login attempt: the account under that name (its roles), or nobody known. */
export function accountActor(u: { id: string; homeMunicipalityId: string; roles: Role[] } | null): ActionActor {
  return u ? actorOf({ userId: u.id, homeMunicipalityId: u.homeMunicipalityId, roles: u.roles }) : { userId: null, homeOrganisationId: null, roles: [] };
}

/** The operator's id (BKWI), or NO_ORGANISATION while none is registered. */
export async function operatorChain(s: RecordingStores): Promise<string> {
  return (await s.organisations.operatorId()) ?? NO_ORGANISATION;
}

/** The actor's own chain: their home organisation (a security officer's is the operator). */
export async function ownChain(s: RecordingStores, actor: ActionActor): Promise<string> {
  return actor.homeOrganisationId ?? operatorChain(s);
}

/** The chain of an action by the security officer on a whole collaboration: the operator; by anyone else their home. */
export async function collaborationChain(s: RecordingStores, actor: Actor): Promise<string> {
  return actor.roles.includes('SECURITY_OFFICER') ? ((await s.organisations.operatorId()) ?? ownChain(s, actorOf(actor))) : ownChain(s, actorOf(actor));
}

/** `id` when it names a registered organisation (a chain of its own), else null. */
export async function registered(s: RecordingStores, id: string | null | undefined): Promise<string | null> {
  return isUuid(id) && (await s.organisations.byId(id)) ? id : null;
}

export function succeeded(actor: Actor | ActionActor, actingForId: string, what: What): ActionRecord {
  return { ...what, actor: 'homeMunicipalityId' in actor ? actorOf(actor) : actor, actingForId, outcome: 'SUCCEEDED' };
}

export function refused(actor: ActionActor, actingForId: string, what: What, reasonCode: string): ActionRecord {
  return { ...what, actor, actingForId, outcome: 'REFUSED', reasonCode };
}

/** Records actions of one unit of work kind; refusals in a transaction of their own. */
export class ActivityLog<S extends RecordingStores> {
  constructor(private readonly uow: { run<R>(work: (s: S) => Promise<R>): Promise<R> }) {}

  /**
   * Performs `work`, which records its own success in its transaction. When registration refuses
   * it (a Refusal), the refusal is recorded with its code, in a transaction of its own, before
   * the refusal goes on to the caller (a malformed identifier too). `actingFor` reads the organisation concerned in that transaction (null or
   * unknown: the actor's own chain).
   */
  async attempt<R>(actor: Actor, what: What, actingFor: ((s: S) => Promise<string | null | undefined>) | null, work: () => Promise<R>): Promise<R> {
    try {
      return await work();
    } catch (e) {
      if (e instanceof Refusal) {
        const who = actorOf(actor);
        await this.uow.run(async (s) => s.record(refused(who, (await registered(s, await actingFor?.(s))) ?? (await ownChain(s, who)), what, e.code)));
      }
      throw e;
    }
  }

  /** Records actions that change nothing else, in a transaction of their own. */
  record(build: (s: S) => Promise<ActionRecord | ActionRecord[]>): Promise<void> {
    return this.uow.run(async (s) => {
      const records = await build(s);
      for (const r of Array.isArray(records) ? records : [records]) await s.record(r);
    });
  }
}
