/** Use cases of collaborations: propose, apply, decide, activate, join, leave, change, terminate, read. */
import { topics } from '@inkijk/contracts';
import { AgreementDocument } from '../domain/agreement';
import * as domain from '../domain/collaboration';
import { Collaboration, LegalDomain, LegalForm } from '../domain/collaboration';
import { IsoDate } from '../domain/dates';
import { refuse } from '../domain/errors';
import { mayReadCollaborations, requireAdministratorOf, requireSecurityOfficer } from './access';
import { collaborationEvent } from './events';
import type { Actor, ApplicationForm, Clock, Ids, Stores, UnitOfWork } from './ports';

export interface ProposeInput {
  name: string;
  legalForm: LegalForm;
  executingOrganisationId: string;
  legalDomains: LegalDomain[];
  members: { municipalityId: string; effectiveFrom: IsoDate }[];
  effectiveFrom: IsoDate;
}

export class Collaborations {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly afterCommit: () => void = () => undefined,
  ) {}

  async propose(actor: Actor, input: ProposeInput, document: AgreementDocument): Promise<Collaboration> {
    if (!actor.roles.includes('SECURITY_OFFICER')) {
      if (!input.members.some((m) => m.municipalityId === actor.homeMunicipalityId)) {
        refuse('FORBIDDEN', 'NOT_A_PARTICIPANT', 'A user administrator can only propose a collaboration their own municipality takes part in.');
      }
      requireAdministratorOf(actor, actor.homeMunicipalityId);
    }
    domain.checkEligibility(input.legalForm);
    return this.write(actor, async (s) => {
      await this.requireMunicipalities(s, [...input.members.map((m) => m.municipalityId), input.executingOrganisationId]);
      const outcome = domain.propose({ ...input, id: this.ids.next(), agreementSha256: document.sha256 });
      return { before: null, outcome, extra: { document } };
    });
  }

  async submitApplication(actor: Actor, collaborationId: string, input: { municipalityId: string; role: 'OUTSOURCING' | 'EXECUTING' } & ApplicationForm): Promise<Collaboration> {
    requireAdministratorOf(actor, input.municipalityId);
    return this.change(actor, collaborationId, async (c, s) => {
      await this.requireMunicipalities(s, [input.municipalityId]);
      const applicationId = this.ids.next();
      return { outcome: domain.submitApplication(c, { id: applicationId, municipalityId: input.municipalityId, role: input.role }), extra: { form: { applicationId, signedBy: input.signedBy, signedOn: input.signedOn } } };
    });
  }

  decideApplication(actor: Actor, collaborationId: string, applicationId: string, decision: 'APPROVED' | 'REJECTED', reason: string | null) {
    requireSecurityOfficer(actor);
    return this.change(actor, collaborationId, async (c) => ({ outcome: domain.decideApplication(c, applicationId, decision, reason) }));
  }

  activate(actor: Actor, collaborationId: string, effectiveFrom: IsoDate) {
    requireSecurityOfficer(actor);
    return this.change(actor, collaborationId, async (c) => ({ outcome: domain.activate(c, effectiveFrom) }));
  }

  addMember(actor: Actor, collaborationId: string, municipalityId: string, effectiveFrom: IsoDate) {
    requireSecurityOfficer(actor);
    return this.change(actor, collaborationId, async (c, s) => {
      await this.requireMunicipalities(s, [municipalityId]);
      return { outcome: domain.addMember(c, municipalityId, effectiveFrom) };
    });
  }

  removeMember(actor: Actor, collaborationId: string, municipalityId: string, effectiveTo: IsoDate) {
    requireSecurityOfficer(actor);
    return this.change(actor, collaborationId, async (c) => ({ outcome: domain.removeMember(c, municipalityId, effectiveTo) }));
  }

  changeTerms(actor: Actor, collaborationId: string, input: { effectiveFrom: IsoDate; name?: string | null; legalDomains?: LegalDomain[] | null }, document?: AgreementDocument) {
    requireSecurityOfficer(actor);
    return this.change(actor, collaborationId, async (c) => ({
      outcome: domain.changeTerms(c, { ...input, agreementSha256: document?.sha256 ?? null }),
      extra: { document },
    }));
  }

  terminate(actor: Actor, collaborationId: string, effectiveTo: IsoDate, reason: string) {
    requireSecurityOfficer(actor);
    return this.change(actor, collaborationId, async (c) => ({ outcome: domain.terminate(c, effectiveTo, reason) }));
  }

  /** The collaboration as of a day; security officers see every one, user administrators only their own municipality's, workers none. */
  async asOf(actor: Actor, collaborationId: string, day: IsoDate) {
    const c = await this.uow.run((s) => s.collaborations.load(collaborationId));
    if (!c || !this.mayRead(actor, c)) return refuse('NOT_FOUND', 'COLLABORATION_NOT_FOUND', 'There is no such collaboration, or you may not see it.');
    return { ...domain.asOf(c, day), history: c };
  }

  async list(actor: Actor, day: IsoDate) {
    if (!mayReadCollaborations(actor)) return [];
    const all = await this.uow.run(async (s) => {
      const ids = await s.collaborations.listIds(actor.roles.includes('SECURITY_OFFICER') ? undefined : actor.homeMunicipalityId);
      return Promise.all(ids.map((id) => s.collaborations.load(id)));
    });
    return all.filter((c): c is Collaboration => c !== null).map((c) => domain.asOf(c, day));
  }

  async pendingApplications(actor: Actor) {
    requireSecurityOfficer(actor);
    return this.uow.run((s) => s.collaborations.applications('SUBMITTED'));
  }

  async agreement(actor: Actor, collaborationId: string, sha256: string): Promise<AgreementDocument> {
    const c = await this.uow.run((s) => s.collaborations.load(collaborationId));
    if (!c || !this.mayRead(actor, c)) return refuse('NOT_FOUND', 'COLLABORATION_NOT_FOUND', 'There is no such collaboration, or you may not see it.');
    const doc = await this.uow.run((s) => s.collaborations.agreement(collaborationId, sha256));
    return doc ?? refuse('NOT_FOUND', 'AGREEMENT_NOT_FOUND', 'There is no agreement with that hash for this collaboration.');
  }

  private mayRead(actor: Actor, c: Collaboration): boolean {
    return actor.roles.includes('SECURITY_OFFICER') || (mayReadCollaborations(actor) && c.memberships.some((m) => m.municipalityId === actor.homeMunicipalityId));
  }

  private async requireMunicipalities(s: Stores, ids: string[]): Promise<void> {
    for (const id of new Set(ids)) {
      const o = await s.organisations.byId(id);
      if (!o || o.kind !== 'MUNICIPALITY') refuse('INVALID', 'UNKNOWN_MUNICIPALITY', `Municipality ${id} is not registered.`);
    }
  }

  private change(actor: Actor, collaborationId: string, fn: (c: Collaboration, s: Stores) => Promise<{ outcome: domain.Outcome; extra?: Parameters<Stores['collaborations']['record']>[4] }>) {
    return this.write(actor, async (s) => {
      const locked = await s.collaborations.lock(collaborationId);
      if (!locked) return refuse('NOT_FOUND', 'COLLABORATION_NOT_FOUND', 'There is no such collaboration.');
      const r = await fn(locked.collaboration, s);
      return { before: locked.collaboration, outcome: r.outcome, extra: r.extra ?? {} };
    });
  }

  private async write(
    actor: Actor,
    fn: (s: Stores) => Promise<{ before: Collaboration | null; outcome: domain.Outcome; extra: Parameters<Stores['collaborations']['record']>[4] }>,
  ): Promise<Collaboration> {
    const result = await this.uow.run(async (s) => {
      const { before, outcome, extra } = await fn(s);
      const sequence = await s.collaborations.record(before, outcome.collaboration, outcome.change, actor.userId, extra);
      if (outcome.change) {
        await s.announce(topics.collaborations, collaborationEvent(outcome.change, { eventId: this.ids.next(), collaborationId: outcome.collaboration.id, sequence, recordedBy: actor.userId, at: this.clock.now() }));
      }
      return outcome.collaboration;
    });
    this.afterCommit();
    return result;
  }
}
