/**
 * The authorization rules, as one table. A query is permitted when every rule holds, in order;
 * a deny names the FIRST rule that failed, with a sentence for the worker (Dutch) and one for
 * the administrator (English, with the facts; never a BSN).
 *
 * Letters: U the worker, H U's home municipality, M the municipality acted for, D the legal
 * domain, P the product/page, S the data subject, T the instant of the query; "the day" is
 * T's calendar day in Europe/Amsterdam. Periods are half-open (contracts/README.md).
 *
 * Rules 7-13 are about the route that allows acting for M: H itself (M = H: those rules hold
 * trivially), or a collaboration of which H and M are both members. When several
 * collaborations join H and M, each is a route: the query is permitted through the first
 * route (by collaboration id) that passes every rule; otherwise it is denied with the reason of
 * the route that got furthest through the table.
 */
import { ESCAPE_REASONS as CONTRACT_ESCAPE_REASONS } from '@inkijk/contracts';
import { ALL_DOMAINS, AccessEvaluationRequest, AccessEvaluationResponse, domainBit, domainsOf, LEGAL_DOMAINS, LegalDomain, OrganisationRef, WhitelistOutcome } from './access';
import { covers, Day, isoOf } from './dates';
import type { Collaboration, Organisation, ReadModel, User } from './read-model';

/** Changes whenever a rule, its order or the escape list changes; recorded with every decision. */
export const RULES_VERSION = 'authorization-rules/1';

/** The escape list (escapelijst): reasons a worker with the escape right may give to query past the whitelist. */
export const ESCAPE_REASONS: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(CONTRACT_ESCAPE_REASONS.map((r) => [r.code, r.label])));

/** Everything a rule reads: the question, and what the read model knows about it. */
export interface Facts {
  model: ReadModel;
  request: AccessEvaluationRequest;
  day: Day;
  /** U as registered. */
  user: User | undefined;
  /** M as registered. */
  municipality: Organisation | undefined;
  route: Route;
}

/** How H may act for M: as itself, through a collaboration, or not at all. */
export type Route = { kind: 'own' } | { kind: 'collaboration'; collaboration: Collaboration } | { kind: 'none' };

/** true: holds; false: the query is denied here; 'escape': holds through the escape right only. */
export type Verdict = boolean | 'escape';

export interface Rule {
  order: number;
  code: string;
  /** Permit only if this holds. */
  condition: string;
  holds: (f: Facts) => Verdict;
  /** For the worker (Dutch). */
  worker: string;
  /** For the administrator: {placeholders} are filled with the facts. */
  admin: string;
}

const home = (f: Facts) => f.request.subject.properties.homeMunicipalityId;
const actingFor = (f: Facts) => f.request.context.actingForMunicipalityId;
/** The collaboration rules hold trivially for the own municipality and fail without a route. */
const viaCollaboration = (f: Facts, check: (c: Collaboration) => boolean): boolean =>
  f.route.kind === 'own' || (f.route.kind === 'collaboration' && check(f.route.collaboration));

export const RULES: readonly Rule[] = [
  // ---- who: the worker U ----
  {
    order: 1, code: 'USER_UNKNOWN', condition: 'U is a registered user',
    holds: (f) => f.user !== undefined,
    worker: 'Uw account is niet bekend bij Inkijk. Neem contact op met uw gebruikersbeheerder.',
    admin: 'User {user} has no account in the read model.',
  },
  {
    order: 2, code: 'USER_DEACTIVATED', condition: 'U is active',
    holds: (f) => f.user!.active,
    worker: 'Uw account is gedeactiveerd. Neem contact op met uw gebruikersbeheerder.',
    admin: 'User {user} is deactivated.',
  },
  {
    order: 3, code: 'NOT_A_WORKER', condition: 'U has the role WORKER',
    holds: (f) => f.user!.roles.includes('WORKER'),
    worker: 'Uw account heeft niet de rol medewerker; daarmee kunt u geen gegevens inzien.',
    admin: 'User {user} has the roles [{roles}], not WORKER.',
  },
  {
    order: 4, code: 'HOME_MUNICIPALITY_MISMATCH', condition: "the request's home municipality is U's registered home municipality H",
    holds: (f) => f.user!.homeMunicipalityId === home(f),
    worker: 'Uw inloggegevens passen niet bij uw registratie. Log opnieuw in.',
    admin: 'The request names home municipality {claimedHome}; user {user} is registered at {home}.',
  },
  // ---- for whom: the municipality M, in legal domain D, on the day of T ----
  {
    order: 5, code: 'MUNICIPALITY_UNKNOWN', condition: 'M is a registered municipality, valid on the day',
    holds: (f) => f.municipality !== undefined && f.municipality.kind === 'MUNICIPALITY' && covers(f.municipality.validity, f.day),
    worker: 'De gekozen gemeente is niet (meer) bekend in Inkijk.',
    admin: '{municipality} is not a registered municipality valid on {day}.',
  },
  {
    order: 6, code: 'NOT_IN_COLLABORATION', condition: 'M is H, or H and M are members of a common collaboration',
    holds: (f) => f.route.kind !== 'none',
    worker: 'U kunt niet voor deze gemeente werken: uw gemeente en de gekozen gemeente vormen geen samenwerkingsverband.',
    admin: '{home} and {municipality} share no registered collaboration.',
  },
  {
    order: 7, code: 'COLLABORATION_NOT_ELIGIBLE', condition: "the collaboration's legal form allows one login (not a WGR public body)",
    holds: (f) => viaCollaboration(f, (c) => c.legalForm !== 'WGR_PUBLIC_BODY'),
    worker: 'Dit samenwerkingsverband komt niet in aanmerking voor één login.',
    admin: 'Collaboration {collaboration} has legal form {legalForm}, which is refused for one login.',
  },
  {
    order: 8, code: 'COLLABORATION_NOT_ACTIVE', condition: 'the collaboration is activated, effective on or before the day',
    holds: (f) => viaCollaboration(f, (c) => c.activatedFrom !== null && c.activatedFrom <= f.day),
    worker: 'Het samenwerkingsverband is op deze datum (nog) niet actief.',
    admin: 'Collaboration {collaboration} is not active on {day} (activated from {activatedFrom}).',
  },
  {
    order: 9, code: 'COLLABORATION_TERMINATED', condition: 'the collaboration is not terminated on the day',
    holds: (f) => viaCollaboration(f, (c) => f.day < c.terminatedFrom),
    worker: 'Het samenwerkingsverband is beëindigd.',
    admin: 'Collaboration {collaboration} is terminated from {terminatedFrom}; the query is on {day}.',
  },
  {
    order: 10, code: 'HOME_NOT_MEMBER', condition: "H's membership of the collaboration covers the day",
    holds: (f) => viaCollaboration(f, (c) => c.isMemberOn(home(f), f.day)),
    worker: 'Uw gemeente is op deze datum geen lid van het samenwerkingsverband.',
    admin: '{home} is not a member of collaboration {collaboration} on {day}.',
  },
  {
    order: 11, code: 'MUNICIPALITY_NOT_MEMBER', condition: "M's membership of the collaboration covers the day",
    holds: (f) => viaCollaboration(f, (c) => c.isMemberOn(actingFor(f), f.day)),
    worker: 'De gekozen gemeente is op deze datum geen lid van het samenwerkingsverband.',
    admin: '{municipality} is not a member of collaboration {collaboration} on {day}.',
  },
  {
    order: 12, code: 'APPLICATION_NOT_APPROVED', condition: 'the newest application decision of every member on the day is APPROVED',
    holds: (f) => viaCollaboration(f, (c) => c.unapprovedOn(f.day).length === 0),
    worker: 'Niet alle aanmeldingen voor het samenwerkingsverband zijn goedgekeurd.',
    admin: 'Collaboration {collaboration}: no approved application of {unapproved}.',
  },
  {
    order: 13, code: 'LEGAL_DOMAIN_NOT_COVERED', condition: "D is one of the collaboration's legal domains on the day (H itself: any of its domains)",
    holds: (f) => (domainsOn(f) & domainBit(f.request.context.legalDomain)) !== 0,
    worker: 'Het samenwerkingsverband omvat dit wettelijk domein niet.',
    admin: 'The route to {municipality} covers [{domains}] on {day}, not {domain}.',
  },
  // ---- what: the product P ----
  {
    order: 14, code: 'PRODUCT_NOT_PERMITTED', condition: "P is permitted by U's task (doelbinding)",
    holds: (f) => f.user!.permittedProducts.has(f.request.action.name),
    worker: 'Deze pagina hoort niet bij uw taak (doelbinding).',
    admin: 'Product {product} is not among the permitted products of user {user}.',
  },
  // ---- about whom: the data subject S ----
  {
    order: 15, code: 'NOT_ON_WHITELIST',
    condition: 'S is on the whitelist of the route on the day (a collaboration: the union of its members on the day); or U has the escape right and gave a reason from the escape list (escape)',
    holds: (f) => {
      const bsn = f.request.resource.id;
      if (!bsn) return true; // no person chosen yet: the whitelist is checked when one is
      if (f.model.onWhitelist(whitelistOwners(f), bsn, f.day)) return true;
      const reason = f.request.context.escapeReason;
      return f.user!.escapeRight && !!reason && reason in ESCAPE_REASONS ? 'escape' : false;
    },
    worker: 'Deze persoon staat niet op de whitelist; de zoekopdracht is afgebroken.',
    admin: 'The data subject is not on the whitelist of [{whitelistOwners}] on {day}; escape: {escapeNote}.',
  },
];

/** Legal domains of the route on the day, as bits. */
function domainsOn(f: Facts): number {
  if (f.route.kind === 'own') return ALL_DOMAINS;
  if (f.route.kind === 'none') return 0;
  return f.route.collaboration.termsOn(f.day)?.domains ?? 0;
}

/** Whose whitelists count: H's own, or every member of the collaboration on the day. */
function whitelistOwners(f: Facts): string[] {
  if (f.route.kind === 'collaboration') return f.route.collaboration.membersOn(f.day);
  return [home(f)];
}

// ---- the engine: walks the table ----

interface Outcome {
  route: Route;
  /** Index in RULES of the first rule that failed; RULES.length when all held. */
  failedAt: number;
  escape: boolean;
}

function routesFor(model: ReadModel, h: string, m: string): Route[] {
  if (h === m) return [{ kind: 'own' }];
  const shared = model.collaborationsOf(h).filter((c) => c.memberships.has(m));
  return shared.length ? shared.map((collaboration) => ({ kind: 'collaboration', collaboration })) : [{ kind: 'none' }];
}

function walk(facts: Facts, upTo = RULES.length): Outcome {
  let escape = false;
  for (let i = 0; i < upTo; i++) {
    const v = RULES[i].holds(facts);
    if (v === false) return { route: facts.route, failedAt: i, escape: false };
    if (v === 'escape') escape = true;
  }
  return { route: facts.route, failedAt: upTo, escape };
}

/** Decides one query on the day, by the table. */
export function decide(model: ReadModel, request: AccessEvaluationRequest, day: Day): AccessEvaluationResponse {
  const base = { model, request, day, user: model.user(request.subject.id), municipality: model.organisation(request.context.actingForMunicipalityId) };
  let best: Outcome | undefined;
  for (const route of routesFor(model, request.subject.properties.homeMunicipalityId, request.context.actingForMunicipalityId)) {
    const o = walk({ ...base, route });
    if (!best || better(o, best)) best = o;
    if (o.failedAt === RULES.length && !o.escape) break;
  }
  const outcome = best!;
  const facts: Facts = { ...base, route: outcome.route };
  const permitted = outcome.failedAt === RULES.length;
  const collaborationId = outcome.route.kind === 'collaboration' ? outcome.route.collaboration.id : null;
  const failed = permitted ? undefined : RULES[outcome.failedAt];
  return {
    decision: permitted,
    context: {
      reason_code: failed?.code ?? null,
      reason_user: failed?.worker ?? null,
      reason_admin: failed ? fill(failed.admin, facts) : null,
      escape: permitted && outcome.escape,
      collaborationId,
      rulesVersion: RULES_VERSION,
      whitelist: whitelistOutcome(request, permitted, outcome),
      actingFor: facts.municipality ? refOf(facts.municipality) : null,
    },
  };
}

/** A permit beats a permit through the escape right, which beats a deny further down the table. */
function better(a: Outcome, b: Outcome): boolean {
  const rank = (o: Outcome) => (o.failedAt === RULES.length ? (o.escape ? RULES.length : RULES.length + 1) : o.failedAt);
  return rank(a) > rank(b);
}

function whitelistOutcome(request: AccessEvaluationRequest, permitted: boolean, o: Outcome): WhitelistOutcome {
  if (!request.resource.id) return 'NOT_CHECKED';
  if (permitted) return o.escape ? 'ESCAPE' : 'ON_WHITELIST';
  return RULES[o.failedAt].code === 'NOT_ON_WHITELIST' ? 'ABORTED' : 'NOT_CHECKED';
}

const refOf = (o: Organisation): OrganisationRef => ({ id: o.id, name: o.name, cbsCode: o.cbsCode, oin: o.oin });

/** Fills {placeholders} of an administrator sentence with the facts (organisations by name and id). */
function fill(template: string, f: Facts): string {
  const c = f.route.kind === 'collaboration' ? f.route.collaboration : undefined;
  const named = (id: string) => {
    const o = f.model.organisation(id);
    return o ? `${o.name} (${o.cbsCode ?? id})` : id;
  };
  const values: Record<string, () => string> = {
    user: () => f.request.subject.id,
    roles: () => f.user?.roles.join(', ') ?? '',
    claimedHome: () => named(home(f)),
    home: () => named(f.user?.homeMunicipalityId ?? home(f)),
    municipality: () => named(actingFor(f)),
    day: () => isoOf(f.day),
    collaboration: () => (c ? `${c.termsOn(f.day)?.name ?? c.latestName} (${c.id})` : ''),
    legalForm: () => c?.legalForm ?? '',
    activatedFrom: () => (c?.activatedFrom != null ? isoOf(c.activatedFrom) : 'never'),
    terminatedFrom: () => (c ? isoOf(c.terminatedFrom) : ''),
    unapproved: () => c?.unapprovedOn(f.day).map(named).join(', ') ?? '',
    domains: () => domainsOf(domainsOn(f)).join(', '),
    domain: () => f.request.context.legalDomain,
    product: () => f.request.action.name,
    whitelistOwners: () => whitelistOwners(f).map(named).join(', '),
    escapeNote: () => {
      const reason = f.request.context.escapeReason;
      if (!f.user?.escapeRight) return 'the user has no escape right';
      if (!reason) return 'no reason given';
      return reason in ESCAPE_REASONS ? 'allowed' : `reason ${reason} is not on the escape list`;
    },
  };
  return template.replace(/\{(\w+)\}/g, (_, k: string) => values[k]?.() ?? `{${k}}`);
}

// ---- the keuzelijst: exactly the M for which the "who" and "for whom" rules hold ----

/** The last rule about who and for whom (everything before the product and the data subject). */
const FOR_WHOM_RULES = RULES.findIndex((r) => r.code === 'PRODUCT_NOT_PERMITTED');

export interface KeuzelijstEntry extends OrganisationRef {
  /** True for U's own (home) municipality. */
  own: boolean;
  /** The collaborations through which U may act for it, with their legal domains on the day. */
  via: Array<{ collaborationId: string; name: string; legalDomains: LegalDomain[] }>;
  /** Every legal domain U may act in for it. */
  legalDomains: LegalDomain[];
}

/** The municipalities U may act for on the day (the drop-down list), ordered by name. */
export function keuzelijst(model: ReadModel, userId: string, day: Day): KeuzelijstEntry[] {
  const user = model.user(userId);
  if (!user) return [];
  const h = user.homeMunicipalityId;
  const candidates = new Set<string>([h]);
  for (const c of model.collaborationsOf(h)) for (const m of c.memberships.keys()) candidates.add(m);
  const entries: KeuzelijstEntry[] = [];
  for (const m of candidates) {
    const municipality = model.organisation(m);
    const via: KeuzelijstEntry['via'] = [];
    let all = 0;
    for (const route of routesFor(model, h, m)) {
      let bits = 0;
      for (const d of LEGAL_DOMAINS) {
        const request: AccessEvaluationRequest = {
          subject: { type: 'user', id: userId, properties: { homeMunicipalityId: h } },
          action: { name: '' },
          resource: { type: 'person' },
          context: { actingForMunicipalityId: m, legalDomain: d },
        };
        if (walk({ model, request, day, user, municipality, route }, FOR_WHOM_RULES).failedAt === FOR_WHOM_RULES) bits |= domainBit(d);
      }
      all |= bits;
      if (bits && route.kind === 'collaboration') {
        const c = route.collaboration;
        via.push({ collaborationId: c.id, name: c.termsOn(day)?.name ?? c.latestName, legalDomains: domainsOf(bits) });
      }
    }
    if (all && municipality) entries.push({ ...refOf(municipality), own: m === h, via, legalDomains: domainsOf(all) });
  }
  return entries.sort((a, b) => Number(b.own) - Number(a.own) || a.name.localeCompare(b.name));
}

// ---- whose client: the caseload behind a permit through a collaboration ----

/**
 * Whose client the data subject is, for a query permitted through a collaboration (issue 26):
 * the merged whitelist lets a worker query a citizen for any member, but the query is logged and
 * reported under the municipality chosen. When that municipality's own caseload does not hold
 * the citizen on the day, `heldBy` names the members whose caseload does, so the worker can be
 * offered to repeat the query for the right one. Null when there is nothing to say: no person
 * yet, the home municipality itself (its own whitelist was checked), or no such collaboration.
 */
export interface CaseloadCheck {
  /** The chosen municipality's own caseload holds the citizen on the day. */
  actingForHolds: boolean;
  /** Otherwise: the other members on the day whose caseload holds the citizen (by name). */
  heldBy: OrganisationRef[];
}

export function caseloadCheck(model: ReadModel, q: { collaborationId: string | null; actingForMunicipalityId: string; bsn: string | null }, day: Day): CaseloadCheck | null {
  if (!q.bsn || !q.collaborationId) return null;
  const c = model.collaboration(q.collaborationId);
  if (!c) return null;
  if (model.onWhitelist([q.actingForMunicipalityId], q.bsn, day)) return { actingForHolds: true, heldBy: [] };
  const heldBy = c
    .membersOn(day)
    .filter((m) => m !== q.actingForMunicipalityId && model.onWhitelist([m], q.bsn!, day))
    .map((m) => model.organisation(m))
    .filter((o): o is Organisation => o !== undefined)
    .map(refOf)
    .sort((a, b) => a.name.localeCompare(b.name));
  return { actingForHolds: false, heldBy };
}
