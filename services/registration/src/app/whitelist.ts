/**
 * Whitelists (BSN caseload filters): per municipality, maintained by caseload events from the
 * municipal case systems and by bulk import. A collaboration's whitelist is the union of its
 * active members' lists as of a date.
 */
import { topics } from '@inkijk/contracts';
import * as domain from '../domain/collaboration';
import { date, IsoDate } from '../domain/dates';
import { refuse } from '../domain/errors';
import { isBsn } from '@inkijk/contracts';
import { requireAdministratorOf, requireOfficerOrAdministratorOf } from './access';
import { ActivityLog, collaborationChain, succeeded, What } from './activity';
import type { Actor, Clock, Ids, Stores, UnitOfWork } from './ports';

export const MAX_IMPORT = 200_000;

/** What one caseload event did to its municipality's list. */
export interface CaseloadApplied {
  municipalityId: string;
  relation: 'STARTED' | 'ENDED';
  changed: boolean;
}

export class Whitelists {
  private readonly activity: ActivityLog<Stores>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly ids: Ids,
    /** The data subject's pseudonym (HMAC under SUBJECT_PSEUDONYM_KEY, as the rest of the system makes it). */
    private readonly pseudonym: (bsn: string) => string,
    private readonly afterCommit: () => void = () => undefined,
  ) {
    this.activity = new ActivityLog(uow);
  }

  /** Bulk import: all BSNs valid or nothing stored. Returns how many were added (already listed ones are skipped). */
  import(actor: Actor, municipalityId: string, bsns: string[], effectiveDate: string): Promise<{ added: number; alreadyListed: number }> {
    const what: What = { action: 'WHITELIST_IMPORTED', object: { type: 'WHITELIST', id: municipalityId }, details: { submitted: bsns.length } };
    return this.activity.attempt(actor, what, async () => municipalityId, () => this.importAll(actor, municipalityId, bsns, effectiveDate, what));
  }

  private async importAll(actor: Actor, municipalityId: string, bsns: string[], effectiveDate: string, what: What): Promise<{ added: number; alreadyListed: number }> {
    requireOfficerOrAdministratorOf(actor, municipalityId);
    const day = date(effectiveDate, 'effectiveDate');
    if (bsns.length === 0) refuse('INVALID', 'NOTHING_TO_IMPORT', 'The import holds no BSNs.');
    if (bsns.length > MAX_IMPORT) refuse('INVALID', 'IMPORT_TOO_LARGE', `An import holds at most ${MAX_IMPORT} BSNs; split it.`);
    const invalid = bsns.map((b, i) => (isBsn(b) ? -1 : i + 1)).filter((i) => i > 0);
    if (invalid.length > 0) {
      // Positions, never the values: a near-BSN may still be personal data.
      refuse('INVALID', 'INVALID_BSN', `${invalid.length} entries are not valid BSNs (9 digits, 11-proef), at positions ${invalid.slice(0, 20).join(', ')}${invalid.length > 20 ? ', ...' : ''}. Nothing was imported.`);
    }
    const unique = [...new Set(bsns)];
    const result = await this.uow.run(async (s) => {
      await this.requireMunicipality(s, municipalityId);
      const listed = new Set((await s.whitelist.openEntries(municipalityId, unique)).map((e) => e.bsn));
      const fresh = unique.filter((b) => !listed.has(b));
      await s.whitelist.add(municipalityId, fresh.map((bsn) => ({ bsn, from: day })), 'BULK_IMPORT');
      for (const bsn of fresh) await this.announce(s, municipalityId, bsn, 'ADDED', day, 'BULK_IMPORT');
      const counts = { added: fresh.length, alreadyListed: unique.length - fresh.length };
      await s.record(succeeded(actor, municipalityId, { ...what, details: { ...what.details, ...counts, effectiveDate: day } }));
      return counts;
    });
    this.afterCommit();
    return result;
  }

  /** A service relationship started or ended (caseload event), inside the consumer's transaction. */
  async applyCaseloadChange(s: Stores, e: { municipalityCbsCode: string; bsn: string; relation: 'STARTED' | 'ENDED'; effectiveDate: string }): Promise<CaseloadApplied> {
    const municipality = await s.organisations.byCbsCode(e.municipalityCbsCode);
    if (!municipality) refuse('INVALID', 'UNKNOWN_MUNICIPALITY', `No municipality is registered with code ${e.municipalityCbsCode}.`);
    if (!isBsn(e.bsn)) refuse('INVALID', 'INVALID_BSN', 'The caseload event carries an invalid BSN.');
    const day = date(e.effectiveDate, 'effectiveDate');
    const open = (await s.whitelist.openEntries(municipality!.id, [e.bsn])).find((x) => x.to === null);
    const applied = (changed: boolean): CaseloadApplied => ({ municipalityId: municipality!.id, relation: e.relation, changed });
    if (e.relation === 'STARTED') {
      if (open) return applied(false); // already on the list: nothing changes
      await s.whitelist.add(municipality!.id, [{ bsn: e.bsn, from: day }], 'CASELOAD_EVENT');
      await this.announce(s, municipality!.id, e.bsn, 'ADDED', day, 'CASELOAD_EVENT');
    } else {
      if (!open) return applied(false);
      await s.whitelist.close(open.id, day > open.from ? day : open.from);
      await this.announce(s, municipality!.id, e.bsn, 'REMOVED', day, 'CASELOAD_EVENT');
    }
    return applied(true);
  }

  /**
   * One record per municipality for a batch of caseload events applied in one transaction (the
   * consumer's): counts only, never a BSN. The actor is the municipality's case system (no account).
   */
  async recordCaseloadBatch(s: Stores, applied: CaseloadApplied[]): Promise<void> {
    const per = new Map<string, { started: number; ended: number; unchanged: number }>();
    for (const a of applied) {
      const n = per.get(a.municipalityId) ?? { started: 0, ended: 0, unchanged: 0 };
      if (!a.changed) n.unchanged++;
      else if (a.relation === 'STARTED') n.started++;
      else n.ended++;
      per.set(a.municipalityId, n);
    }
    for (const [municipalityId, n] of per) {
      await s.record(succeeded({ userId: null, homeOrganisationId: municipalityId, roles: [] }, municipalityId, { action: 'CASELOAD_BATCH', object: { type: 'WHITELIST', id: municipalityId }, details: { source: 'CASELOAD_EVENT', events: n.started + n.ended + n.unchanged, ...n } }));
    }
  }

  /** Size of one municipality's list, or of a collaboration's merged list, on a day. */
  async countForMunicipality(actor: Actor, municipalityId: string, day: IsoDate): Promise<number> {
    requireOfficerOrAdministratorOf(actor, municipalityId);
    return this.uow.run((s) => s.whitelist.count([municipalityId], day));
  }

  /**
   * A look-up in a collaboration's merged list, recorded (WHITELIST_LOOKED_UP, with the data
   * subject's pseudonym when a BSN was asked about) in the transaction that reads it, so the
   * answer goes out only once the record is in the outbox.
   */
  mergedForCollaboration(actor: Actor, collaborationId: string, day: IsoDate, bsn?: string): Promise<{ members: string[]; count: number; contains?: boolean }> {
    const what: What = {
      action: 'WHITELIST_LOOKED_UP',
      object: { type: 'WHITELIST', id: collaborationId },
      subjectPseudonym: bsn !== undefined && isBsn(bsn) ? this.pseudonym(bsn) : null,
      details: { collaborationId, asOf: day, kind: bsn === undefined ? 'COUNT' : 'CONTAINS' },
    };
    return this.activity.attempt(actor, what, null, () => this.lookUp(actor, collaborationId, day, bsn, what));
  }

  private async lookUp(actor: Actor, collaborationId: string, day: IsoDate, bsn: string | undefined, what: What): Promise<{ members: string[]; count: number; contains?: boolean }> {
    if (bsn !== undefined && !isBsn(bsn)) refuse('INVALID', 'INVALID_BSN', 'The BSN is not valid: it must be 9 digits and pass the 11-proef.');
    const answer = await this.uow.run(async (s) => {
      const c = await s.collaborations.load(collaborationId);
      if (!c || !(actor.roles.includes('SECURITY_OFFICER') || c.memberships.some((m) => m.municipalityId === actor.homeMunicipalityId))) {
        return refuse('NOT_FOUND', 'COLLABORATION_NOT_FOUND', 'There is no such collaboration, or you may not see it.');
      }
      // Whitelist membership is for the user administrators of the members and the security
      // officer (access table); a worker learns it only inside a query, which is logged.
      if (!actor.roles.includes('SECURITY_OFFICER')) requireAdministratorOf(actor, actor.homeMunicipalityId);
      const view = domain.asOf(c, day);
      const members = view.status === 'ACTIVE' ? view.members : [];
      await s.record(succeeded(actor, await collaborationChain(s, actor), what));
      return {
        members,
        count: await s.whitelist.count(members, day),
        ...(bsn !== undefined ? { contains: await s.whitelist.contains(members, bsn, day) } : {}),
      };
    });
    this.afterCommit();
    return answer;
  }

  private async requireMunicipality(s: Stores, id: string) {
    const o = await s.organisations.byId(id);
    if (!o || o.kind !== 'MUNICIPALITY') refuse('NOT_FOUND', 'UNKNOWN_MUNICIPALITY', `Municipality ${id} is not registered.`);
  }

  private announce(s: Stores, municipalityId: string, bsn: string, change: 'ADDED' | 'REMOVED', day: IsoDate, source: 'CASELOAD_EVENT' | 'BULK_IMPORT') {
    return s.announce(topics.whitelist, { eventId: this.ids.next(), occurredAt: this.clock.now().getTime(), municipalityId, bsn, change, effectiveDate: day, source });
  }
}
