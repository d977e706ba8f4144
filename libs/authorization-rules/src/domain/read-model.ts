/**
 * The authorization read model: everything the rules need, built only from the registration
 * events (organisations, collaborations, users, whitelist), never from registration's
 * database. `apply(event)` is idempotent per event id, so replaying the topics from offset 0,
 * or receiving an event twice, rebuilds exactly the same state.
 *
 * Plain TypeScript: no I/O. The feeder (adapters/) decodes records and calls apply(); the rules
 * (rules.ts) read the facts below, and the evaluator (app/evaluation.ts) applies them.
 */
import type { registration } from '@inkijk/contracts';
import { bitsOf, OrganisationRef } from './access';
import { covers, Day, dayOf, dayOrForever, FOREVER, Period } from './dates';
import { EventIdSet } from './event-id-set';
import { bsnNumber, MunicipalWhitelist } from './whitelist';

export type OrganisationEvent = registration.OrganisationEvent;
export type CollaborationEvent = registration.CollaborationEvent;
export type UserEvent = registration.UserEvent;
export type WhitelistChange = registration.WhitelistChange;
/** Any event of the four registration topics. */
export type RegistrationEvent = OrganisationEvent | CollaborationEvent | UserEvent | WhitelistChange;

/** 'duplicate': the event id was applied before; nothing changed. */
export type ApplyResult = 'applied' | 'duplicate';

/** An event that cannot be applied (unknown collaboration or user, invalid date, ...): it is parked. */
export class UnapplicableEventError extends Error {
  override readonly name = 'UnapplicableEventError';
}

export interface Organisation extends OrganisationRef {
  kind: registration.OrganisationKind;
  validity: Period;
}

export interface User {
  id: string;
  homeMunicipalityId: string;
  roles: readonly registration.Role[];
  /** Products/pages the worker's task permits (doelbinding); shared between users with the same set. */
  permittedProducts: ReadonlySet<string>;
  escapeRight: boolean;
  active: boolean;
}

/** A registration or change of the agreement, from its effective day; null fields are unchanged. */
interface TermsChange {
  from: Day;
  name: string | null;
  domains: number | null;
}

/** A collaboration (samenwerkingsverband) with its dated history. */
export class Collaboration {
  legalForm: registration.LegalForm;
  executingOrganisationId: string;
  /** Day from which it is switched on (CollaborationActivated); null while never activated. */
  activatedFrom: Day | null = null;
  /** First day on which it allows nothing any more (CollaborationTerminated, exclusive end). */
  terminatedFrom: Day = FOREVER;
  /** Membership periods per municipality (half-open; a member that rejoins has two). */
  readonly memberships = new Map<string, Period[]>();
  /** Newest application decision per municipality (aanmeldformulier). */
  readonly applications = new Map<string, registration.ApplicationDecision>();
  lastSequence: number;
  private readonly changes: TermsChange[] = [];

  constructor(readonly id: string, r: registration.CollaborationRegistered, sequence: number) {
    this.legalForm = r.legalForm;
    this.executingOrganisationId = r.executingOrganisationId;
    this.lastSequence = sequence;
    this.addChange({ from: dayOf(r.effectiveFrom), name: r.name, domains: bitsOf(r.legalDomains) });
    for (const m of r.members) this.addPeriod(m.municipalityId, { from: dayOf(m.effectiveFrom), to: dayOrForever(m.effectiveTo) });
  }

  addChange(c: TermsChange): void {
    let i = this.changes.length;
    while (i > 0 && this.changes[i - 1].from > c.from) i--;
    this.changes.splice(i, 0, c);
  }

  addPeriod(municipalityId: string, p: Period): void {
    const periods = this.memberships.get(municipalityId) ?? [];
    periods.push(p);
    this.memberships.set(municipalityId, periods);
  }

  /** Ends the open period of a member; false when it has none. */
  endPeriod(municipalityId: string, to: Day): boolean {
    const open = this.memberships.get(municipalityId)?.filter((p) => p.to === FOREVER).pop();
    if (!open) return false;
    open.to = to;
    return true;
  }

  /** Name and legal domains on a day: the registration and changes effective on it, in order. */
  termsOn(day: Day): { name: string; domains: number } | null {
    let name: string | null = null;
    let domains: number | null = null;
    for (const c of this.changes) {
      if (c.from > day) break;
      if (c.name !== null) name = c.name;
      if (c.domains !== null) domains = c.domains;
    }
    return name === null ? null : { name, domains: domains ?? 0 };
  }

  /** The name as registered most recently (for lists when no day applies). */
  get latestName(): string {
    let name = '';
    for (const c of this.changes) if (c.name !== null) name = c.name;
    return name;
  }

  isMemberOn(municipalityId: string, day: Day): boolean {
    const periods = this.memberships.get(municipalityId);
    if (!periods) return false;
    for (const p of periods) if (covers(p, day)) return true;
    return false;
  }

  membersOn(day: Day): string[] {
    const out: string[] = [];
    for (const [m, periods] of this.memberships) if (periods.some((p) => covers(p, day))) out.push(m);
    return out;
  }

  /** Members on the day whose newest application decision is not APPROVED. */
  unapprovedOn(day: Day): string[] {
    return this.membersOn(day).filter((m) => this.applications.get(m) !== 'APPROVED');
  }
}

export interface ReadModelStats {
  organisations: number;
  collaborations: number;
  users: number;
  whitelistedBsns: number;
  eventsApplied: number;
  duplicates: number;
  /** Collaboration events whose sequence skipped a number (an event is missing). */
  sequenceGaps: number;
}

export class ReadModel {
  private readonly organisations = new Map<string, Organisation>();
  private readonly collaborations = new Map<string, Collaboration>();
  private readonly users = new Map<string, User>();
  private readonly whitelists = new Map<string, MunicipalWhitelist>();
  /** municipality id -> ids of the collaborations it was ever a member of. */
  private readonly collaborationsByMember = new Map<string, Set<string>>();
  private readonly applied = new EventIdSet(1 << 16);
  private readonly productSets = new Map<string, ReadonlySet<string>>();
  private readonly roleLists = new Map<string, readonly registration.Role[]>();
  private readonly counters = { eventsApplied: 0, duplicates: 0, sequenceGaps: 0 };

  /**
   * Applies one registration event. Idempotent per event id: a replayed or duplicated event
   * returns 'duplicate' and changes nothing. Throws UnapplicableEventError (and changes
   * nothing) for an event that cannot be applied; the caller parks it.
   */
  apply(event: RegistrationEvent): ApplyResult {
    if (this.applied.has(event.eventId)) {
      this.counters.duplicates++;
      return 'duplicate';
    }
    try {
      if ('bsn' in event) this.applyWhitelist(event);
      else if ('collaborationId' in event) this.applyCollaboration(event);
      else if ('organisationId' in event) this.applyOrganisation(event);
      else if ('userId' in event) this.applyUser(event);
      else throw new UnapplicableEventError('not a registration event');
    } catch (e) {
      if (e instanceof UnapplicableEventError) throw e;
      throw new UnapplicableEventError((e as Error).message);
    }
    this.applied.add(event.eventId);
    this.counters.eventsApplied++;
    return 'applied';
  }

  // ---- the four kinds of event ----

  private applyOrganisation(e: OrganisationEvent): void {
    // Compacted topic: the newest record of an organisation is its state.
    this.organisations.set(e.organisationId, {
      id: e.organisationId,
      kind: e.kind,
      name: e.name,
      cbsCode: e.cbsCode ?? null,
      oin: e.oin,
      validity: { from: dayOf(e.validFrom), to: dayOrForever(e.validTo) },
    });
  }

  private applyCollaboration(e: CollaborationEvent): void {
    const c = e.change;
    const existing = this.collaborations.get(e.collaborationId);
    if ('nl.inkijk.registration.CollaborationRegistered' in c) {
      if (existing) throw new UnapplicableEventError(`collaboration ${e.collaborationId} is registered already`);
      const collab = new Collaboration(e.collaborationId, c['nl.inkijk.registration.CollaborationRegistered'], e.sequence);
      this.collaborations.set(collab.id, collab);
      for (const m of collab.memberships.keys()) this.indexMember(m, collab.id);
      return;
    }
    if (!existing) throw new UnapplicableEventError(`collaboration ${e.collaborationId} is not registered (sequence ${e.sequence})`);
    if (e.sequence <= existing.lastSequence) {
      throw new UnapplicableEventError(`collaboration ${e.collaborationId}: sequence ${e.sequence} after ${existing.lastSequence} with another event id`);
    }
    if (e.sequence > existing.lastSequence + 1) this.counters.sequenceGaps++;
    if ('nl.inkijk.registration.ApplicationDecided' in c) {
      const a = c['nl.inkijk.registration.ApplicationDecided'];
      existing.applications.set(a.municipalityId, a.decision);
    } else if ('nl.inkijk.registration.CollaborationActivated' in c) {
      existing.activatedFrom = dayOf(c['nl.inkijk.registration.CollaborationActivated'].effectiveFrom);
    } else if ('nl.inkijk.registration.MemberJoined' in c) {
      const j = c['nl.inkijk.registration.MemberJoined'];
      existing.addPeriod(j.municipalityId, { from: dayOf(j.effectiveFrom), to: FOREVER });
      this.indexMember(j.municipalityId, existing.id);
    } else if ('nl.inkijk.registration.MemberLeft' in c) {
      const l = c['nl.inkijk.registration.MemberLeft'];
      if (!existing.endPeriod(l.municipalityId, dayOf(l.effectiveTo))) {
        throw new UnapplicableEventError(`collaboration ${existing.id}: ${l.municipalityId} has no open membership to end`);
      }
    } else if ('nl.inkijk.registration.CollaborationChanged' in c) {
      const ch = c['nl.inkijk.registration.CollaborationChanged'];
      existing.addChange({ from: dayOf(ch.effectiveFrom), name: ch.name ?? null, domains: ch.legalDomains ? bitsOf(ch.legalDomains) : null });
    } else if ('nl.inkijk.registration.CollaborationTerminated' in c) {
      existing.terminatedFrom = dayOf(c['nl.inkijk.registration.CollaborationTerminated'].effectiveTo);
    } else {
      throw new UnapplicableEventError(`collaboration ${existing.id}: unknown change ${Object.keys(c).join()}`);
    }
    existing.lastSequence = e.sequence;
  }

  private applyUser(e: UserEvent): void {
    const c = e.change;
    const existing = this.users.get(e.userId);
    if ('nl.inkijk.registration.UserCreated' in c || 'nl.inkijk.registration.UserRolesChanged' in c) {
      const r = 'nl.inkijk.registration.UserCreated' in c ? c['nl.inkijk.registration.UserCreated'] : c['nl.inkijk.registration.UserRolesChanged'];
      if (!existing && 'nl.inkijk.registration.UserRolesChanged' in c) throw new UnapplicableEventError(`user ${e.userId} is not created`);
      this.users.set(e.userId, {
        id: e.userId,
        homeMunicipalityId: e.homeMunicipalityId,
        roles: this.internRoles(r.roles),
        permittedProducts: this.internProducts(r.permittedProducts),
        escapeRight: r.escapeRight,
        active: 'nl.inkijk.registration.UserCreated' in c ? true : existing!.active,
      });
    } else if ('nl.inkijk.registration.UserDeactivated' in c) {
      if (!existing) throw new UnapplicableEventError(`user ${e.userId} is not created`);
      this.users.set(e.userId, { ...existing, active: false });
    } else if ('nl.inkijk.registration.GrantRequested' in c || 'nl.inkijk.registration.GrantApproved' in c || 'nl.inkijk.registration.GrantRejected' in c) {
      // Four eyes (ADR 0016): a grant changes no rights by itself. An approved one is carried out
      // by the UserCreated / UserRolesChanged that follows it; a requested one may be for an
      // account that does not exist yet.
    } else {
      throw new UnapplicableEventError(`user ${e.userId}: unknown change ${Object.keys(c).join()}`);
    }
  }

  private applyWhitelist(e: WhitelistChange): void {
    const bsn = bsnNumber(e.bsn);
    if (bsn === null) throw new UnapplicableEventError(`whitelist change ${e.eventId}: the BSN is not 9 digits`);
    const day = dayOf(e.effectiveDate);
    let list = this.whitelists.get(e.municipalityId);
    if (!list) {
      list = new MunicipalWhitelist();
      this.whitelists.set(e.municipalityId, list);
    }
    list.change(bsn, e.change, day);
  }

  private indexMember(municipalityId: string, collaborationId: string): void {
    let set = this.collaborationsByMember.get(municipalityId);
    if (!set) {
      set = new Set();
      this.collaborationsByMember.set(municipalityId, set);
    }
    set.add(collaborationId);
  }

  private internProducts(products: readonly string[]): ReadonlySet<string> {
    const key = [...new Set(products)].sort().join('\u0000');
    let set = this.productSets.get(key);
    if (!set) {
      set = new Set(products);
      this.productSets.set(key, set);
    }
    return set;
  }

  private internRoles(roles: readonly registration.Role[]): readonly registration.Role[] {
    const key = [...new Set(roles)].sort().join(',');
    let list = this.roleLists.get(key);
    if (!list) {
      list = Object.freeze([...new Set(roles)].sort());
      this.roleLists.set(key, list);
    }
    return list;
  }

  // ---- what the rules read ----

  user(id: string): User | undefined {
    return this.users.get(id);
  }

  organisation(id: string): Organisation | undefined {
    return this.organisations.get(id);
  }

  collaboration(id: string): Collaboration | undefined {
    return this.collaborations.get(id);
  }

  /** Collaborations the municipality was ever a member of, ordered by id. */
  collaborationsOf(municipalityId: string): Collaboration[] {
    const ids = this.collaborationsByMember.get(municipalityId);
    if (!ids) return [];
    return [...ids].sort().map((id) => this.collaborations.get(id)!);
  }

  /** Whether the BSN is on the whitelist of any of the municipalities on the day (their union). */
  onWhitelist(municipalityIds: readonly string[], bsn: string, day: Day): boolean {
    const n = bsnNumber(bsn);
    if (n === null) return false;
    for (const m of municipalityIds) if (this.whitelists.get(m)?.contains(n, day)) return true;
    return false;
  }

  stats(): ReadModelStats {
    let whitelistedBsns = 0;
    for (const w of this.whitelists.values()) whitelistedBsns += w.size;
    return {
      organisations: this.organisations.size,
      collaborations: this.collaborations.size,
      users: this.users.size,
      whitelistedBsns,
      ...this.counters,
    };
  }
}
