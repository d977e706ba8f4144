/**
 * Builds registration events (the generated contract types) as a readable story, for tests and
 * benchmarks of the read model: municipalities, collaborations with their dated changes, users
 * and whitelist changes. Event ids are fresh UUIDs; collaboration sequences count 1, 2, 3, ...
 */
import { randomUUID } from 'node:crypto';
import type { registration } from '@inkijk/contracts';
import type { RegistrationEvent } from '../domain/read-model';

/** The organisation id registration gives a municipality (same scheme as @inkijk/testing's HAARLEM). */
export const municipalityId = (cbsCode: string): string => `4f1c2a52-0000-4000-8000-00000000${cbsCode.slice(2).padStart(4, '0')}`;
export const collaborationIdOf = (n: number): string => `c011ab00-0000-4000-8000-${String(n).padStart(12, '0')}`;

export interface MemberInput {
  municipalityId: string;
  from: string;
  to?: string | null;
}

export interface CollaborationInput {
  name: string;
  legalForm?: registration.LegalForm;
  legalDomains: registration.LegalDomain[];
  members: MemberInput[];
  effectiveFrom: string;
  executingOrganisationId?: string;
}

export interface UserInput {
  home: string;
  roles?: registration.Role[];
  products?: string[];
  escapeRight?: boolean;
}

export class RegistrationStory {
  readonly organisations: registration.OrganisationEvent[] = [];
  readonly collaborations: registration.CollaborationEvent[] = [];
  readonly users: registration.UserEvent[] = [];
  readonly whitelist: registration.WhitelistChange[] = [];
  /**
   * When registration recorded the changes: when the story is told, as registration stamps its
   * events. Consumers park an event whose occurredAt lies far from its record's timestamp
   * (contracts/src/content.ts); what the story is about in time is in its effective dates.
   */
  readonly occurredAt = Date.now();
  private readonly sequences = new Map<string, number>();
  private readonly homes = new Map<string, string>();

  /** Every event, in the order told. */
  get events(): RegistrationEvent[] {
    return [...this.organisations, ...this.collaborations, ...this.users, ...this.whitelist];
  }

  municipality(cbsCode: string, name: string, validity: { from?: string; to?: string | null } = {}): string {
    const id = municipalityId(cbsCode);
    this.organisations.push({
      eventId: randomUUID(), occurredAt: this.occurredAt, organisationId: id, kind: 'MUNICIPALITY', cbsCode,
      oin: `00000099${'0'.repeat(8)}${cbsCode.slice(2)}`, name, validFrom: validity.from ?? '2000-01-01', validTo: validity.to ?? null,
    });
    return id;
  }

  /** The operator (BKWI): homes the security officers; no CBS code, never a municipality acted for. */
  operator(id: string, name = 'BKWI'): string {
    this.organisations.push({
      eventId: randomUUID(), occurredAt: this.occurredAt, organisationId: id, kind: 'OPERATOR', cbsCode: null,
      oin: `00000099${id.replace(/\D/g, '').slice(-12).padStart(12, '0')}`, name, validFrom: '2000-01-01', validTo: null,
    });
    return id;
  }

  collaboration(id: string, c: CollaborationInput): this {
    this.organisations.push({
      eventId: randomUUID(), occurredAt: this.occurredAt, organisationId: id, kind: 'COLLABORATION', cbsCode: null,
      oin: `00000099${id.replace(/\D/g, '').slice(-12)}`, name: c.name, validFrom: c.effectiveFrom, validTo: null,
    });
    return this.collab(id, {
      'nl.inkijk.registration.CollaborationRegistered': {
        name: c.name, legalForm: c.legalForm ?? 'WGR_WITHOUT_PUBLIC_BODY',
        executingOrganisationId: c.executingOrganisationId ?? c.members[0].municipalityId, legalDomains: c.legalDomains,
        members: c.members.map((m) => ({ municipalityId: m.municipalityId, effectiveFrom: m.from, effectiveTo: m.to ?? null })),
        effectiveFrom: c.effectiveFrom, agreementSha256: 'a'.repeat(64),
      },
    });
  }

  decideApplication(id: string, municipalityId: string, decision: registration.ApplicationDecision): this {
    return this.collab(id, { 'nl.inkijk.registration.ApplicationDecided': { applicationId: randomUUID(), municipalityId, decision, reason: null } });
  }

  approve(id: string, ...municipalityIds: string[]): this {
    for (const m of municipalityIds) this.decideApplication(id, m, 'APPROVED');
    return this;
  }

  activate(id: string, effectiveFrom: string): this {
    return this.collab(id, { 'nl.inkijk.registration.CollaborationActivated': { effectiveFrom } });
  }

  join(id: string, municipalityId: string, effectiveFrom: string): this {
    return this.collab(id, { 'nl.inkijk.registration.MemberJoined': { municipalityId, effectiveFrom } });
  }

  leave(id: string, municipalityId: string, effectiveTo: string): this {
    return this.collab(id, { 'nl.inkijk.registration.MemberLeft': { municipalityId, effectiveTo } });
  }

  change(id: string, c: { effectiveFrom: string; name?: string; legalDomains?: registration.LegalDomain[] }): this {
    return this.collab(id, { 'nl.inkijk.registration.CollaborationChanged': { effectiveFrom: c.effectiveFrom, name: c.name ?? null, legalDomains: c.legalDomains ?? null, agreementSha256: null } });
  }

  terminate(id: string, effectiveTo: string): this {
    return this.collab(id, { 'nl.inkijk.registration.CollaborationTerminated': { effectiveTo, reason: 'Agreement ended' } });
  }

  user(userId: string, u: UserInput): this {
    this.homes.set(userId, u.home);
    return this.userEvent(userId, { 'nl.inkijk.registration.UserCreated': { roles: u.roles ?? ['WORKER'], permittedProducts: u.products ?? [], escapeRight: u.escapeRight ?? false } });
  }

  changeRoles(userId: string, u: Omit<UserInput, 'home'>): this {
    return this.userEvent(userId, { 'nl.inkijk.registration.UserRolesChanged': { roles: u.roles ?? ['WORKER'], permittedProducts: u.products ?? [], escapeRight: u.escapeRight ?? false } });
  }

  /** Four eyes (ADR 0016): a grant asked by one person and, when `approvedBy` is given, approved by another and carried out. */
  grant(userId: string, u: Omit<UserInput, 'home'>, requestedBy: string, approvedBy?: string): this {
    const grantId = randomUUID();
    const tasks = { roles: u.roles ?? ['WORKER'], permittedProducts: u.products ?? [], escapeRight: u.escapeRight ?? false };
    const sensitiveRights: registration.SensitiveRight[] = [
      ...(tasks.escapeRight ? ['ESCAPE_RIGHT' as const] : []),
      ...tasks.roles.filter((r): r is 'SECURITY_OFFICER' | 'MANDATED_PERSON' => r === 'SECURITY_OFFICER' || r === 'MANDATED_PERSON'),
    ];
    this.userEvent(userId, { 'nl.inkijk.registration.GrantRequested': { grantId, requestedBy, account: 'EXISTING', ...tasks, sensitiveRights } });
    if (!approvedBy) return this;
    this.userEvent(userId, { 'nl.inkijk.registration.GrantApproved': { grantId, requestedBy, approvedBy } });
    return this.userEvent(userId, { 'nl.inkijk.registration.UserRolesChanged': { ...tasks, grantId } });
  }

  deactivate(userId: string): this {
    return this.userEvent(userId, { 'nl.inkijk.registration.UserDeactivated': { reason: 'Left the organisation' } });
  }

  whitelisted(municipalityId: string, bsn: string, effectiveDate: string, change: registration.WhitelistChangeKind = 'ADDED'): this {
    this.whitelist.push({ eventId: randomUUID(), occurredAt: this.occurredAt, municipalityId, bsn, change, effectiveDate, source: 'CASELOAD_EVENT' });
    return this;
  }

  private collab(id: string, change: registration.CollaborationEvent['change']): this {
    const sequence = (this.sequences.get(id) ?? 0) + 1;
    this.sequences.set(id, sequence);
    this.collaborations.push({ eventId: randomUUID(), occurredAt: this.occurredAt, collaborationId: id, sequence, recordedBy: 'security-officer-1', change });
    return this;
  }

  private userEvent(userId: string, change: registration.UserEvent['change']): this {
    this.users.push({ eventId: randomUUID(), occurredAt: this.occurredAt, userId, homeMunicipalityId: this.homes.get(userId)!, change });
    return this;
  }
}
