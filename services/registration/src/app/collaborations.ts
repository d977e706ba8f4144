/** Use cases of collaborations: propose, apply, decide, activate, join, leave, change, terminate, read. */
import { topics } from '@inkijk/contracts';
import { AgreementDocument } from '../domain/agreement';
import * as domain from '../domain/collaboration';
import { Collaboration, LegalDomain, LegalForm } from '../domain/collaboration';
import { IsoDate } from '../domain/dates';
import { refuse } from '../domain/errors';
import { asKnownAt, historyLines, KnownAt, reportedBy } from '../domain/known-history';
import type { ActionRecord } from '@inkijk/platform';
import { mayReadCollaborations, requireAdministratorOf, requireSecurityOfficer } from './access';
import { ActivityLog, collaborationChain, succeeded, What } from './activity';
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

type Extra = Parameters<Stores['collaborations']['record']>[4];
/** The records of a change that took effect, written in its transaction. */
type Records = (after: Collaboration, s: Stores) => Promise<ActionRecord[]>;

/**
 * Which chain each action joins: a collaboration-wide action (propose, activate, change,
 * terminate, an agreement) the actor's (collaborationChain: the operator for the security
 * officer, the home municipality for a user administrator); an application, a joining or a
 * leaving the municipality concerned.
 */
export class Collaborations {
  private readonly activity: ActivityLog<Stores>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly afterCommit: () => void = () => undefined,
  ) {
    this.activity = new ActivityLog(uow);
  }

  propose(actor: Actor, input: ProposeInput, document: AgreementDocument): Promise<Collaboration> {
    return this.activity.attempt(actor, { action: 'COLLABORATION_PROPOSED', object: { type: 'COLLABORATION' } }, null, async () => {
      if (!actor.roles.includes('SECURITY_OFFICER')) {
        if (!input.members.some((m) => m.municipalityId === actor.homeMunicipalityId)) {
          refuse('FORBIDDEN', 'NOT_A_PARTICIPANT', 'A user administrator can only propose a collaboration their own municipality takes part in.');
        }
        requireAdministratorOf(actor, actor.homeMunicipalityId);
      }
      domain.checkEligibility(input.legalForm);
      return this.write(
        actor,
        async (s) => {
          await this.requireMunicipalities(s, [...input.members.map((m) => m.municipalityId), input.executingOrganisationId]);
          const outcome = domain.propose({ ...input, id: this.ids.next(), agreementSha256: document.sha256 });
          return { before: null, outcome, extra: { document } };
        },
        async (c, s) => {
          const chain = await collaborationChain(s, actor);
          return [
            succeeded(actor, chain, { action: 'COLLABORATION_PROPOSED', object: { type: 'COLLABORATION', id: c.id }, details: { legalForm: c.legalForm, members: c.memberships.length } }),
            this.uploaded(actor, chain, c.id, document),
          ];
        },
      );
    });
  }

  submitApplication(actor: Actor, collaborationId: string, input: { municipalityId: string; role: 'OUTSOURCING' | 'EXECUTING' } & ApplicationForm): Promise<Collaboration> {
    const what: What = { action: 'APPLICATION_SUBMITTED', object: { type: 'APPLICATION' }, details: { collaborationId, role: input.role } };
    return this.activity.attempt(actor, what, async () => input.municipalityId, () => {
      requireAdministratorOf(actor, input.municipalityId);
      const applicationId = this.ids.next();
      return this.change(
        actor,
        collaborationId,
        async (c, s) => {
          await this.requireMunicipalities(s, [input.municipalityId]);
          return { outcome: domain.submitApplication(c, { id: applicationId, municipalityId: input.municipalityId, role: input.role }), extra: { form: { applicationId, signedBy: input.signedBy, signedOn: input.signedOn } } };
        },
        async () => [succeeded(actor, input.municipalityId, { ...what, object: { type: 'APPLICATION', id: applicationId } })],
      );
    });
  }

  decideApplication(actor: Actor, collaborationId: string, applicationId: string, decision: 'APPROVED' | 'REJECTED', reason: string | null) {
    const what: What = { action: decision === 'APPROVED' ? 'APPLICATION_APPROVED' : 'APPLICATION_REJECTED', object: { type: 'APPLICATION', id: applicationId }, details: { collaborationId } };
    const municipalityOf = (c: Collaboration | null) => c?.applications.find((a) => a.id === applicationId)?.municipalityId;
    return this.activity.attempt(actor, what, async (s) => municipalityOf(await s.collaborations.load(collaborationId)), () => {
      requireSecurityOfficer(actor);
      return this.change(
        actor,
        collaborationId,
        async (c) => ({ outcome: domain.decideApplication(c, applicationId, decision, reason) }),
        async (c) => [succeeded(actor, municipalityOf(c)!, what)],
      );
    });
  }

  activate(actor: Actor, collaborationId: string, effectiveFrom: IsoDate) {
    return this.officerChange(actor, collaborationId, { action: 'COLLABORATION_ACTIVATED', object: { type: 'COLLABORATION', id: collaborationId }, details: { effectiveFrom } }, async (c) => ({ outcome: domain.activate(c, effectiveFrom) }));
  }

  addMember(actor: Actor, collaborationId: string, municipalityId: string, effectiveFrom: IsoDate) {
    const what: What = { action: 'MEMBER_JOINED', object: { type: 'COLLABORATION', id: collaborationId }, details: { municipalityId, effectiveFrom } };
    return this.activity.attempt(actor, what, async () => municipalityId, () => {
      requireSecurityOfficer(actor);
      return this.change(
        actor,
        collaborationId,
        async (c, s) => {
          await this.requireMunicipalities(s, [municipalityId]);
          return { outcome: domain.addMember(c, municipalityId, effectiveFrom) };
        },
        async () => [succeeded(actor, municipalityId, what)],
      );
    });
  }

  removeMember(actor: Actor, collaborationId: string, municipalityId: string, effectiveTo: IsoDate) {
    const what: What = { action: 'MEMBER_LEFT', object: { type: 'COLLABORATION', id: collaborationId }, details: { municipalityId, effectiveTo } };
    return this.activity.attempt(actor, what, async () => municipalityId, () => {
      requireSecurityOfficer(actor);
      return this.change(actor, collaborationId, async (c) => ({ outcome: domain.removeMember(c, municipalityId, effectiveTo) }), async () => [succeeded(actor, municipalityId, what)]);
    });
  }

  changeTerms(actor: Actor, collaborationId: string, input: { effectiveFrom: IsoDate; name?: string | null; legalDomains?: LegalDomain[] | null }, document?: AgreementDocument) {
    return this.officerChange(
      actor,
      collaborationId,
      { action: 'COLLABORATION_CHANGED', object: { type: 'COLLABORATION', id: collaborationId }, details: { effectiveFrom: input.effectiveFrom, agreement: !!document } },
      async (c) => ({ outcome: domain.changeTerms(c, { ...input, agreementSha256: document?.sha256 ?? null }), extra: { document } }),
      document,
    );
  }

  terminate(actor: Actor, collaborationId: string, effectiveTo: IsoDate, reason: string) {
    return this.officerChange(actor, collaborationId, { action: 'COLLABORATION_TERMINATED', object: { type: 'COLLABORATION', id: collaborationId }, details: { effectiveTo } }, async (c) => ({ outcome: domain.terminate(c, effectiveTo, reason) }));
  }

  /** The collaboration as of a day; security officers see every one, user administrators only their own municipality's, workers none. */
  async asOf(actor: Actor, collaborationId: string, day: IsoDate, known?: KnownAt) {
    const { c, changes } = await this.uow.run(async (s) => ({ c: await s.collaborations.load(collaborationId), changes: await s.collaborations.changes(collaborationId) }));
    if (!c || !this.mayRead(actor, c)) return refuse('NOT_FOUND', 'COLLABORATION_NOT_FOUND', 'There is no such collaboration, or you may not see it.');
    // Every change with the day it takes effect and the moment it was reported; backdated ones marked.
    const recorded = historyLines(changes);
    if (!known) return { ...domain.asOf(c, day), history: c, recorded };
    // As known at a moment: only the changes reported by then (what a decision then could rely on).
    if (changes.length === 0) return refuse('CONFLICT', 'KNOWN_HISTORY_NOT_RECORDED', 'This collaboration was registered before changes were recorded with the moment they were reported; it can be read as effective on a day only.');
    const then = asKnownAt(c.id, changes, known);
    if (!then) return refuse('NOT_FOUND', 'NOT_KNOWN_YET', 'The collaboration had not been registered at that moment.');
    return { ...domain.asOf(then, day), knownAt: 'day' in known ? known.day : known.instant.toISOString(), recorded: historyLines(reportedBy(changes, known)) };
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

  /** A download of a signed agreement is recorded (in the same transaction as the read) before the document goes out. */
  agreement(actor: Actor, collaborationId: string, sha256: string): Promise<AgreementDocument> {
    const what: What = { action: 'DOCUMENT_DOWNLOADED', object: { type: 'DOCUMENT', id: sha256.slice(0, 200) }, details: { collaborationId } };
    return this.activity.attempt(actor, what, null, async () => {
      const doc = await this.uow.run(async (s) => {
        const c = await s.collaborations.load(collaborationId);
        if (!c || !this.mayRead(actor, c)) return refuse('NOT_FOUND', 'COLLABORATION_NOT_FOUND', 'There is no such collaboration, or you may not see it.');
        const found = (await s.collaborations.agreement(collaborationId, sha256)) ?? refuse('NOT_FOUND', 'AGREEMENT_NOT_FOUND', 'There is no agreement with that hash for this collaboration.');
        await s.record(succeeded(actor, await collaborationChain(s, actor), what));
        return found;
      });
      this.afterCommit();
      return doc;
    });
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

  private uploaded(actor: Actor, chain: string, collaborationId: string, document: AgreementDocument): ActionRecord {
    return succeeded(actor, chain, { action: 'DOCUMENT_UPLOADED', object: { type: 'DOCUMENT', id: document.sha256 }, details: { collaborationId, sizeBytes: document.content.length } });
  }

  /** A collaboration-wide change by the security officer: recorded in the operator's chain (with the agreement it brings). */
  private officerChange(actor: Actor, collaborationId: string, what: What, fn: (c: Collaboration, s: Stores) => Promise<{ outcome: domain.Outcome; extra?: Extra }>, document?: AgreementDocument) {
    return this.activity.attempt(actor, what, null, () => {
      requireSecurityOfficer(actor);
      return this.change(actor, collaborationId, fn, async (c, s) => {
        const chain = await collaborationChain(s, actor);
        return [succeeded(actor, chain, what), ...(document ? [this.uploaded(actor, chain, c.id, document)] : [])];
      });
    });
  }

  private change(actor: Actor, collaborationId: string, fn: (c: Collaboration, s: Stores) => Promise<{ outcome: domain.Outcome; extra?: Extra }>, records: Records) {
    return this.write(
      actor,
      async (s) => {
        const locked = await s.collaborations.lock(collaborationId);
        if (!locked) return refuse('NOT_FOUND', 'COLLABORATION_NOT_FOUND', 'There is no such collaboration.');
        const r = await fn(locked.collaboration, s);
        return { before: locked.collaboration, outcome: r.outcome, extra: r.extra ?? {} };
      },
      records,
    );
  }

  private async write(actor: Actor, fn: (s: Stores) => Promise<{ before: Collaboration | null; outcome: domain.Outcome; extra: Extra }>, records: Records): Promise<Collaboration> {
    const result = await this.uow.run(async (s) => {
      const { before, outcome, extra } = await fn(s);
      const sequence = await s.collaborations.record(before, outcome.collaboration, outcome.change, actor.userId, extra);
      if (outcome.change) {
        await s.announce(topics.collaborations, collaborationEvent(outcome.change, { eventId: this.ids.next(), collaborationId: outcome.collaboration.id, sequence, recordedBy: actor.userId, at: this.clock.now() }));
      }
      for (const r of await records(outcome.collaboration, s)) await s.record(r);
      return outcome.collaboration;
    });
    this.afterCommit();
    return result;
  }
}
