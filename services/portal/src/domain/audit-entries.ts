/**
 * The audit log's records as the pages show them. The audit log answers three kinds (ADR 0018):
 * QUERY (an attributed query), ACTION (a login, an account change, a download, ...) and DECISION
 * (authorization's decision record). `readEntry` reads any of them, with fields in snake_case or
 * camelCase, in the audit part or beside it, into one shape; a record without a kind is a QUERY
 * (the layout before ADR 0018). The filter on type of action maps the portal's Dutch choices to the audit log's
 * `kind` and `category` query parameters.
 */
import { ACTIVITY_CATEGORIES } from '@inkijk/contracts';

export type EntryKind = 'QUERY' | 'ACTION' | 'DECISION';

/** A person as a record names them: an account id, and the roles and home the record carries. */
export interface PersonRef {
  userId: string | null;
  /** The roles the record carries (an action's: when acting); null when it has none. */
  roles: string[] | null;
  homeId: string | null;
  homeName: string | null;
}

interface Common {
  traceId: string;
  /** ISO instant. */
  at: string;
  actingForId: string | null;
  actingForName: string | null;
}

export interface QueryEntry extends Common {
  kind: 'QUERY';
  worker: PersonRef;
  product: string;
  searchKeyType: string;
  legalDomain: string;
  whitelist: { outcome: string; escapeReason: string | null };
  decision: { decisionId: string | null; result: string; reasonCode: string | null; rulesVersion: string | null };
  outcome: string;
}

export interface ActionEntry extends Common {
  kind: 'ACTION';
  actor: PersonRef;
  action: string;
  category: string;
  object: { type: string; id: string | null };
  outcome: string;
  reasonCode: string | null;
  details: Record<string, string>;
}

export interface DecisionEntry extends Common {
  kind: 'DECISION';
  worker: PersonRef;
  product: string | null;
  decision: { decisionId: string; result: string; reasonCode: string | null; rulesVersion: string | null; escape: boolean };
}

export type AuditEntry = QueryEntry | ActionEntry | DecisionEntry;

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The first of `keys` (each tried as given and in snake_case) that `o` holds. */
function get(o: unknown, ...keys: string[]): unknown {
  if (!isRec(o)) return undefined;
  for (const k of keys) {
    if (o[k] !== undefined && o[k] !== null) return o[k];
    const s = snake(k);
    if (o[s] !== undefined && o[s] !== null) return o[s];
  }
  return undefined;
}
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const strings = (v: unknown): string[] | null => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null);
const instant = (v: unknown): string | null => (typeof v === 'number' && Number.isFinite(v) ? new Date(v).toISOString() : str(v));

function person(p: unknown, fallbackHome?: unknown): PersonRef {
  const home = get(p, 'homeMunicipality', 'homeOrganisation') ?? fallbackHome;
  return {
    userId: str(get(p, 'userId', 'id')),
    roles: strings(get(p, 'roles')),
    homeId: str(get(p, 'homeOrganisationId', 'homeMunicipalityId')) ?? str(get(home, 'id')),
    homeName: str(get(home, 'name')),
  };
}

function actingFor(top: Rec, a: Rec): { actingForId: string | null; actingForName: string | null } {
  const org = get(a, 'actingFor') ?? get(top, 'actingFor');
  const id = str(get(org, 'id')) ?? str(get(a, 'actingForId', 'actingForMunicipalityId', 'municipalityId')) ?? str(get(top, 'actingForId')) ?? str(get(get(a, 'context'), 'actingForMunicipalityId')) ?? str(get(a, 'chain'));
  return { actingForId: id, actingForName: str(get(org, 'name')) };
}

/** One record of the audit log's answer, or null when it is not one (never thrown). */
export function readEntry(raw: unknown): AuditEntry | null {
  if (!isRec(raw)) return null;
  // A query's fields sit in its audit part; an action's and a decision's beside it (their audit
  // part is only the place in the chain): one view of both, the top level first.
  const a: Rec = { ...(isRec(raw.audit) ? raw.audit : {}), ...raw };
  const kind = String(get(raw, 'kind') ?? get(a, 'kind') ?? 'QUERY').toUpperCase();
  const traceId = str(get(raw, 'traceId')) ?? str(get(a, 'traceId')) ?? '';
  const at = instant(get(raw, 'startTime')) ?? instant(get(a, 'occurredAt', 'decidedAt', 'startTime', 'recordedAt')) ?? '';
  const common = { traceId, at, ...actingFor(raw, a) };
  if (kind === 'ACTION') {
    const action = str(get(a, 'action')) ?? 'OTHER';
    const details = get(a, 'details');
    return {
      kind: 'ACTION',
      ...common,
      actor: person(get(a, 'actor')),
      action,
      category: str(get(a, 'category')) ?? (ACTIVITY_CATEGORIES as Record<string, string>)[action] ?? 'OTHER',
      object: { type: str(get(get(a, 'object'), 'type')) ?? '', id: str(get(get(a, 'object'), 'id')) },
      outcome: str(get(a, 'outcome')) ?? '',
      reasonCode: str(get(a, 'reasonCode')),
      details: isRec(details) ? Object.fromEntries(Object.entries(details).filter((e): e is [string, string] => typeof e[1] === 'string')) : {},
    };
  }
  if (kind === 'DECISION') {
    const d = get(a, 'decision');
    const flat = isRec(d) ? d : a;
    return {
      kind: 'DECISION',
      ...common,
      worker: person(get(a, 'worker', 'subject') ?? { userId: get(a, 'workerUserId', 'userId') }),
      product: str(get(a, 'product')) ?? (typeof get(a, 'action') === 'string' ? str(get(a, 'action')) : null),
      decision: {
        decisionId: str(get(flat, 'decisionId')) ?? str(get(a, 'decisionId')) ?? '',
        result: (typeof d === 'string' ? d : str(get(flat, 'result', 'decision'))) ?? '',
        reasonCode: str(get(flat, 'reasonCode')) ?? str(get(a, 'reasonCode')),
        rulesVersion: str(get(flat, 'rulesVersion')) ?? str(get(a, 'rulesVersion')),
        escape: get(flat, 'escape') === true || get(a, 'escape') === true,
      },
    };
  }
  if (kind !== 'QUERY') return null;
  const w = get(a, 'whitelist');
  const d = get(a, 'decision');
  return {
    kind: 'QUERY',
    ...common,
    worker: person(get(a, 'worker')),
    product: str(get(a, 'product')) ?? '',
    searchKeyType: str(get(a, 'searchKeyType')) ?? '',
    legalDomain: str(get(a, 'legalDomain')) ?? '',
    whitelist: { outcome: str(get(w, 'outcome')) ?? '', escapeReason: str(get(w, 'escapeReason')) },
    decision: { decisionId: str(get(d, 'decisionId')), result: str(get(d, 'result')) ?? '', reasonCode: str(get(d, 'reasonCode')), rulesVersion: str(get(d, 'rulesVersion')) },
    outcome: str(get(a, 'outcome')) ?? '',
  };
}

/** The records of an answer that could be read, newest first, at most `n`. */
export function readEntries(raw: unknown, n = Infinity): AuditEntry[] {
  const list = Array.isArray(raw) ? raw.map(readEntry).filter((e): e is AuditEntry => e !== null) : [];
  return list.sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0)).slice(0, n);
}

/** The accounts a page of entries names (workers, actors, accounts acted on): one directory call. */
export function personIds(entries: readonly AuditEntry[]): string[] {
  const ids = new Set<string>();
  for (const e of entries) {
    const p = e.kind === 'ACTION' ? e.actor : e.worker;
    if (p.userId) ids.add(p.userId);
    if (e.kind === 'ACTION' && e.object.type === 'USER' && e.object.id) ids.add(e.object.id);
  }
  return [...ids];
}

/** The choices of the filter on type of action (URL parameter `soort`), and what each asks of the audit log. */
export interface AuditFilterChoice {
  value: string;
  label: string;
  kind?: EntryKind;
  category?: string;
}

export const AUDIT_FILTERS: readonly AuditFilterChoice[] = [
  { value: '', label: 'Alles' },
  { value: 'bevragingen', label: 'Bevragingen', kind: 'QUERY' },
  { value: 'beslissingen', label: 'Beslissingen', kind: 'DECISION' },
  { value: 'inloggen', label: 'Inloggen', kind: 'ACTION', category: 'LOGIN' },
  { value: 'accountbeheer', label: 'Accountbeheer', kind: 'ACTION', category: 'ACCOUNT_MANAGEMENT' },
  { value: 'samenwerkingen', label: 'Samenwerkingen', kind: 'ACTION', category: 'COLLABORATION' },
  { value: 'whitelist', label: 'Whitelist', kind: 'ACTION', category: 'WHITELIST' },
  { value: 'rapportages', label: 'Rapportages', kind: 'ACTION', category: 'REPORT' },
  { value: 'auditlog', label: 'Auditlog', kind: 'ACTION', category: 'AUDIT' },
];

/** The choice for a `soort` value; undefined for one the portal does not offer. */
export const auditFilter = (value: string | undefined): AuditFilterChoice | undefined => AUDIT_FILTERS.find((f) => f.value === (value ?? ''));

/** Whether an entry belongs to a choice (the page filters too, whatever the audit log answered). */
export const matchesFilter = (e: AuditEntry, f: AuditFilterChoice): boolean => (!f.kind || e.kind === f.kind) && (!f.category || (e.kind === 'ACTION' && e.category === f.category));

/** A trace id as the audit log gives them out: 32 lowercase hex digits. */
export const TRACE_ID = /^[0-9a-f]{32}$/;
