/**
 * A collaboration of municipalities (samenwerkingsverband) with its legal basis, members and
 * history. Every change carries an effective date; nothing is overwritten, so the state can be
 * read as of any date. Pure functions: each command returns the new state and the change to
 * announce (the registration event), or refuses with a coded reason.
 */
import { covers, IsoDate, overlaps, Period } from './dates';
import { refuse } from './errors';

export type LegalForm = 'WGR_WITHOUT_PUBLIC_BODY' | 'WGR_PUBLIC_BODY' | 'SERVICE_AGREEMENT';
export type LegalDomain = 'PARTICIPATIEWET' | 'IOAW' | 'IOAZ';
export const LEGAL_FORMS: readonly LegalForm[] = ['WGR_WITHOUT_PUBLIC_BODY', 'WGR_PUBLIC_BODY', 'SERVICE_AGREEMENT'];
export const LEGAL_DOMAINS: readonly LegalDomain[] = ['PARTICIPATIEWET', 'IOAW', 'IOAZ'];

export interface Membership extends Period {
  municipalityId: string;
}

/** The terms in force from a date: name, legal domains, the signed agreement (by hash). */
export interface Terms {
  effectiveFrom: IsoDate;
  name: string;
  legalDomains: LegalDomain[];
  agreementSha256: string;
}

export type ApplicationRole = 'OUTSOURCING' | 'EXECUTING';
export type ApplicationStatus = 'SUBMITTED' | 'APPROVED' | 'REJECTED';
/** One municipality's application form (aanmeldformulier) for this collaboration. */
export interface Application {
  id: string;
  municipalityId: string;
  role: ApplicationRole;
  status: ApplicationStatus;
  reason: string | null;
}

export type CollaborationStatus = 'PROPOSED' | 'ACTIVE' | 'TERMINATED';

export interface Collaboration {
  id: string;
  legalForm: LegalForm;
  executingOrganisationId: string;
  status: CollaborationStatus;
  activeFrom: IsoDate | null;
  /** Exclusive end; set by termination. */
  endsOn: IsoDate | null;
  terminationReason: string | null;
  memberships: Membership[];
  terms: Terms[];
  applications: Application[];
}

export type Change =
  | { type: 'CollaborationRegistered'; name: string; legalForm: LegalForm; executingOrganisationId: string; legalDomains: LegalDomain[]; members: Membership[]; effectiveFrom: IsoDate; agreementSha256: string }
  | { type: 'ApplicationDecided'; applicationId: string; municipalityId: string; decision: 'APPROVED' | 'REJECTED'; reason: string | null }
  | { type: 'CollaborationActivated'; effectiveFrom: IsoDate }
  | { type: 'MemberJoined'; municipalityId: string; effectiveFrom: IsoDate }
  | { type: 'MemberLeft'; municipalityId: string; effectiveTo: IsoDate }
  | { type: 'CollaborationChanged'; effectiveFrom: IsoDate; name: string | null; legalDomains: LegalDomain[] | null; agreementSha256: string | null }
  | { type: 'CollaborationTerminated'; effectiveTo: IsoDate; reason: string };

export interface Outcome {
  collaboration: Collaboration;
  change: Change | null;
}

export interface Proposal {
  id: string;
  name: string;
  legalForm: LegalForm;
  executingOrganisationId: string;
  legalDomains: LegalDomain[];
  members: { municipalityId: string; effectiveFrom: IsoDate }[];
  effectiveFrom: IsoDate;
  agreementSha256: string;
}

/** Eligibility (DOMAIN.md): only collaborations whose municipalities kept their powers. */
export function checkEligibility(form: LegalForm): void {
  if (form === 'WGR_PUBLIC_BODY') {
    refuse(
      'NOT_ELIGIBLE',
      'NOT_ELIGIBLE_PUBLIC_BODY',
      'A collaboration that is an openbaar lichaam (art. 8 lid 1 Wgr) with delegated powers uses its own Suwinet account; one login is only for collaborations whose municipalities kept their powers.',
    );
  }
}

function checkDomains(domains: LegalDomain[]): void {
  if (domains.length === 0) refuse('INVALID', 'LEGAL_DOMAIN_REQUIRED', 'Name at least one legal domain (Participatiewet, IOAW, IOAZ).');
  if (new Set(domains).size !== domains.length) refuse('INVALID', 'DUPLICATE_LEGAL_DOMAIN', 'Each legal domain may be named once.');
}

function checkNoOverlap(memberships: Membership[], candidate: Membership): void {
  const clash = memberships.find((m) => m.municipalityId === candidate.municipalityId && overlaps(m, candidate));
  if (clash) {
    refuse('CONFLICT', 'OVERLAPPING_MEMBERSHIP', `Municipality ${candidate.municipalityId} is already a member from ${clash.from}${clash.to ? ` to ${clash.to}` : ''}; membership periods may not overlap.`);
  }
}

export function propose(p: Proposal): Outcome {
  checkEligibility(p.legalForm);
  if (!p.name.trim()) refuse('INVALID', 'NAME_REQUIRED', 'The collaboration needs a name.');
  checkDomains(p.legalDomains);
  const memberships: Membership[] = [];
  for (const m of p.members) {
    if (m.effectiveFrom < p.effectiveFrom) {
      refuse('INVALID', 'MEMBER_BEFORE_COLLABORATION', `Municipality ${m.municipalityId} cannot be a member from ${m.effectiveFrom}, before the collaboration starts (${p.effectiveFrom}).`);
    }
    const membership = { municipalityId: m.municipalityId, from: m.effectiveFrom, to: null };
    checkNoOverlap(memberships, membership);
    memberships.push(membership);
  }
  if (new Set(memberships.map((m) => m.municipalityId)).size < 2) {
    refuse('INVALID', 'TOO_FEW_MEMBERS', 'A collaboration has at least two member municipalities.');
  }
  if (!memberships.some((m) => m.municipalityId === p.executingOrganisationId)) {
    refuse('INVALID', 'EXECUTING_ORGANISATION_NOT_MEMBER', 'The executing organisation must be one of the members.');
  }
  const collaboration: Collaboration = {
    id: p.id,
    legalForm: p.legalForm,
    executingOrganisationId: p.executingOrganisationId,
    status: 'PROPOSED',
    activeFrom: null,
    endsOn: null,
    terminationReason: null,
    memberships,
    terms: [{ effectiveFrom: p.effectiveFrom, name: p.name.trim(), legalDomains: [...p.legalDomains], agreementSha256: p.agreementSha256 }],
    applications: [],
  };
  return {
    collaboration,
    change: {
      type: 'CollaborationRegistered',
      name: p.name.trim(),
      legalForm: p.legalForm,
      executingOrganisationId: p.executingOrganisationId,
      legalDomains: [...p.legalDomains],
      members: memberships,
      effectiveFrom: p.effectiveFrom,
      agreementSha256: p.agreementSha256,
    },
  };
}

function notTerminated(c: Collaboration): void {
  if (c.status === 'TERMINATED') refuse('CONFLICT', 'COLLABORATION_TERMINATED', `The collaboration was terminated (ends ${c.endsOn}); register a new one instead.`);
}

const latestApplication = (c: Collaboration, municipalityId: string): Application | undefined =>
  [...c.applications].reverse().find((a) => a.municipalityId === municipalityId);

export function submitApplication(c: Collaboration, a: { id: string; municipalityId: string; role: ApplicationRole }): Outcome {
  notTerminated(c);
  const open = c.applications.find((x) => x.municipalityId === a.municipalityId && x.status !== 'REJECTED');
  if (open) {
    refuse('CONFLICT', 'DUPLICATE_APPLICATION', `Municipality ${a.municipalityId} already has an application for this collaboration (${open.status.toLowerCase()}); one form per municipality per collaboration.`);
  }
  if (a.role === 'EXECUTING' && a.municipalityId !== c.executingOrganisationId) {
    refuse('INVALID', 'NOT_THE_EXECUTING_ORGANISATION', 'Only the executing organisation submits the form as executing party.');
  }
  const application: Application = { id: a.id, municipalityId: a.municipalityId, role: a.role, status: 'SUBMITTED', reason: null };
  return { collaboration: { ...c, applications: [...c.applications, application] }, change: null };
}

export function decideApplication(c: Collaboration, applicationId: string, decision: 'APPROVED' | 'REJECTED', reason: string | null): Outcome {
  const a = c.applications.find((x) => x.id === applicationId);
  if (!a) return refuse('NOT_FOUND', 'APPLICATION_NOT_FOUND', 'There is no such application for this collaboration.');
  if (a.status !== 'SUBMITTED') refuse('CONFLICT', 'APPLICATION_ALREADY_DECIDED', `This application was already ${a.status.toLowerCase()}.`);
  if (decision === 'REJECTED' && !reason?.trim()) refuse('INVALID', 'REASON_REQUIRED', 'A rejection needs a reason for the municipality.');
  const decided: Application = { ...a, status: decision, reason: reason?.trim() || null };
  return {
    collaboration: { ...c, applications: c.applications.map((x) => (x.id === a.id ? decided : x)) },
    change: { type: 'ApplicationDecided', applicationId: a.id, municipalityId: a.municipalityId, decision, reason: decided.reason },
  };
}

function requireApproved(c: Collaboration, municipalityIds: string[]): void {
  const missing = municipalityIds.filter((m) => latestApplication(c, m)?.status !== 'APPROVED');
  if (missing.length > 0) {
    refuse('CONFLICT', 'APPLICATIONS_NOT_APPROVED', `Not every participating municipality has an approved application form: missing for ${missing.join(', ')}.`);
  }
}

export function activate(c: Collaboration, effectiveFrom: IsoDate): Outcome {
  notTerminated(c);
  if (c.status === 'ACTIVE') refuse('CONFLICT', 'ALREADY_ACTIVE', `The collaboration is already active from ${c.activeFrom}.`);
  if (effectiveFrom < c.terms[0].effectiveFrom) refuse('INVALID', 'ACTIVATION_BEFORE_START', `The collaboration starts on ${c.terms[0].effectiveFrom}; it cannot be switched on earlier.`);
  const participants = [...new Set(c.memberships.filter((m) => covers(m, effectiveFrom) || m.from >= effectiveFrom).map((m) => m.municipalityId))];
  requireApproved(c, participants);
  return { collaboration: { ...c, status: 'ACTIVE', activeFrom: effectiveFrom }, change: { type: 'CollaborationActivated', effectiveFrom } };
}

export function addMember(c: Collaboration, municipalityId: string, effectiveFrom: IsoDate): Outcome {
  notTerminated(c);
  if (effectiveFrom < c.terms[0].effectiveFrom) refuse('INVALID', 'MEMBER_BEFORE_COLLABORATION', `A member cannot join before the collaboration starts (${c.terms[0].effectiveFrom}).`);
  const membership: Membership = { municipalityId, from: effectiveFrom, to: null };
  checkNoOverlap(c.memberships, membership);
  requireApproved(c, [municipalityId]);
  return { collaboration: { ...c, memberships: [...c.memberships, membership] }, change: { type: 'MemberJoined', municipalityId, effectiveFrom } };
}

export function removeMember(c: Collaboration, municipalityId: string, effectiveTo: IsoDate): Outcome {
  notTerminated(c);
  const open = c.memberships.find((m) => m.municipalityId === municipalityId && m.to === null);
  if (!open) return refuse('NOT_FOUND', 'NOT_A_MEMBER', `Municipality ${municipalityId} has no open membership in this collaboration.`);
  if (effectiveTo <= open.from) refuse('INVALID', 'LEAVE_BEFORE_JOIN', `The membership started on ${open.from}; it can only end after that day.`);
  if (municipalityId === c.executingOrganisationId) refuse('CONFLICT', 'EXECUTING_ORGANISATION_CANNOT_LEAVE', 'The executing organisation cannot leave; register a change of executing organisation or terminate the collaboration.');
  const staying = new Set(c.memberships.filter((m) => m !== open && (m.to === null || m.to > effectiveTo)).map((m) => m.municipalityId));
  if (staying.size < 2) {
    refuse('CONFLICT', 'TOO_FEW_MEMBERS', 'After this change fewer than two members would remain; terminate the collaboration instead.');
  }
  return {
    collaboration: { ...c, memberships: c.memberships.map((m) => (m === open ? { ...m, to: effectiveTo } : m)) },
    change: { type: 'MemberLeft', municipalityId, effectiveTo },
  };
}

export function changeTerms(c: Collaboration, ch: { effectiveFrom: IsoDate; name?: string | null; legalDomains?: LegalDomain[] | null; agreementSha256?: string | null }): Outcome {
  notTerminated(c);
  const current = c.terms[c.terms.length - 1];
  if (ch.effectiveFrom <= current.effectiveFrom) {
    refuse('CONFLICT', 'CHANGE_NOT_AFTER_LAST', `Changes are registered in order: this one must take effect after ${current.effectiveFrom}.`);
  }
  if (!ch.name && !ch.legalDomains && !ch.agreementSha256) refuse('INVALID', 'NOTHING_CHANGED', 'Name what changes: name, legal domains or agreement.');
  if (ch.legalDomains) checkDomains(ch.legalDomains);
  const next: Terms = {
    effectiveFrom: ch.effectiveFrom,
    name: ch.name?.trim() || current.name,
    legalDomains: ch.legalDomains ?? current.legalDomains,
    agreementSha256: ch.agreementSha256 ?? current.agreementSha256,
  };
  return {
    collaboration: { ...c, terms: [...c.terms, next] },
    change: { type: 'CollaborationChanged', effectiveFrom: ch.effectiveFrom, name: ch.name?.trim() || null, legalDomains: ch.legalDomains ?? null, agreementSha256: ch.agreementSha256 ?? null },
  };
}

export function terminate(c: Collaboration, effectiveTo: IsoDate, reason: string): Outcome {
  notTerminated(c);
  if (!reason.trim()) refuse('INVALID', 'REASON_REQUIRED', 'A termination needs a reason.');
  if (effectiveTo <= c.terms[0].effectiveFrom) refuse('INVALID', 'END_BEFORE_START', `The collaboration starts on ${c.terms[0].effectiveFrom}; it can only end after that day.`);
  return {
    collaboration: { ...c, status: 'TERMINATED', endsOn: effectiveTo, terminationReason: reason.trim() },
    change: { type: 'CollaborationTerminated', effectiveTo, reason: reason.trim() },
  };
}

export type StatusOnDay = 'PROPOSED' | 'NOT_YET_ACTIVE' | 'ACTIVE' | 'TERMINATED';

/** The collaboration as it stood (or will stand) on a day. */
export function asOf(c: Collaboration, day: IsoDate) {
  const terms = [...c.terms].reverse().find((t) => t.effectiveFrom <= day) ?? null;
  let status: StatusOnDay;
  if (c.endsOn !== null && day >= c.endsOn) status = 'TERMINATED';
  else if (c.activeFrom === null) status = 'PROPOSED';
  else status = day >= c.activeFrom ? 'ACTIVE' : 'NOT_YET_ACTIVE';
  return {
    id: c.id,
    day,
    status,
    name: terms?.name ?? null,
    legalForm: c.legalForm,
    legalDomains: terms?.legalDomains ?? [],
    agreementSha256: terms?.agreementSha256 ?? null,
    executingOrganisationId: c.executingOrganisationId,
    members: c.memberships.filter((m) => covers(m, day) && (c.endsOn === null || day < c.endsOn)).map((m) => m.municipalityId),
  };
}
