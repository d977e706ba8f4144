/**
 * The audit log as users see it: a worker's own recent queries; for a security officer the
 * verification status of the hash chains and everything the log holds per municipality; for a
 * mandated person what was done under their own municipality's identity. Queries, actions and
 * decision records share one table, filtered by type; people are shown by name and roles (from
 * registration's directory, the id when the name is unknown); each row links to its trace: the
 * query with its decision record and the actions of the same request, and, when the trace UI is
 * configured (TRACE_UI_URL, ADR 0023), to the spans of that request in the trace UI.
 */
import type { DirectoryUser, Failure, Organisation, VerificationReport } from '../app/ports';
import { ActionEntry, AUDIT_FILTERS, AuditEntry, AuditFilterChoice, DecisionEntry, PersonRef, QueryEntry, TRACE_ID } from '../domain/audit-entries';
import { formatDateTime } from '../domain/format';
import { html, path, SafeHtml } from '../domain/html';
import {
  ACTION_LABELS,
  ACTIVITY_CATEGORY_LABELS,
  ACTIVITY_OUTCOME_LABELS,
  DECISION_RESULT_LABELS,
  DENIAL_LABELS,
  ENTRY_KIND_LABELS,
  label,
  LEGAL_DOMAIN_LABELS,
  OBJECT_TYPE_LABELS,
  OUTCOME_LABELS,
  ROLE_LABELS,
  SEARCH_KEY_LABELS,
  WHITELIST_LABELS,
} from '../domain/labels';
import { notice, page, unavailable, ViewUser } from './layout';

export type ProductNames = Record<string, string>;
/** The accounts of a page by id, from registration's directory (may be empty). */
export type People = ReadonlyMap<string, DirectoryUser>;

/** What every table of entries needs to turn ids and codes into words. */
export interface EntryNames {
  products: ProductNames;
  escapeLabels: Record<string, string>;
  people: People;
  /** Organisation id -> name (the id when unknown). */
  orgName: (id: string) => string;
  /** Base address of the trace UI (Zipkin); unset: no links to it. */
  traceUiUrl?: string;
}

export const traceHref = (traceId: string): string => path`/auditlog/spoor/${traceId}`;

/** A trace in the trace UI (Zipkin's page of one trace); null without a trace UI or a valid trace id. */
export function traceUiHref(base: string | undefined, traceId: string): string | null {
  if (!base || !TRACE_ID.test(traceId)) return null;
  return `${base.replace(/\/+$/, '')}${path`/zipkin/traces/${traceId}`}`;
}

/** The link to a request's spans in the trace UI, opened beside the portal; empty without one. */
function traceUiLink(base: string | undefined, traceId: string): SafeHtml {
  const href = traceUiHref(base, traceId);
  return href ? html`<a href="${href}" class="trace-ui" data-testid="trace-ui" target="_blank" rel="noopener noreferrer">Technisch spoor</a>` : html``;
}

const rolesText = (roles: readonly string[]): string => roles.map((r) => label(ROLE_LABELS, r)).join(', ');

/** A person by name with roles and home; the account id when the directory does not know it. */
export function person(p: PersonRef, n: Pick<EntryNames, 'people' | 'orgName'>): SafeHtml {
  const u = p.userId ? n.people.get(p.userId) : undefined;
  const roles = p.roles && p.roles.length > 0 ? p.roles : (u?.roles ?? []);
  const home = p.homeName ?? u?.homeOrganisationName ?? (p.homeId ? n.orgName(p.homeId) : '');
  const name = u ? html`<strong class="persoon-naam">${u.displayName}</strong>` : p.userId ? html`<code class="persoon-id">${p.userId}</code>` : html`<em>Onbekend account</em>`;
  const extra = [rolesText(roles), home].filter(Boolean).join(' · ');
  return html`${name}${extra ? html`<br><span class="klein">${extra}</span>` : ''}`;
}

const actingForName = (e: AuditEntry, n: EntryNames): string => e.actingForName ?? (e.actingForId ? n.orgName(e.actingForId) : '');

/** A reason code as words where the portal knows it, always with the code itself. */
function reason(code: string | null): SafeHtml {
  if (!code) return html``;
  const words = DENIAL_LABELS[code];
  return html`<br><span class="klein">${words ? `${words} (${code})` : `Code: ${code}`}</span>`;
}

function objectOf(e: ActionEntry, n: EntryNames): SafeHtml {
  if (!e.object.type) return html``;
  const what = label(OBJECT_TYPE_LABELS, e.object.type);
  if (!e.object.id) return html`<br><span class="klein">${what}</span>`;
  const u = e.object.type === 'USER' ? n.people.get(e.object.id) : undefined;
  return html`<br><span class="klein">${what}: ${u ? u.displayName : html`<code>${e.object.id}</code>`}</span>`;
}

const detailsOf = (d: Record<string, string>): SafeHtml => {
  const entries = Object.entries(d);
  return entries.length ? html`<br><span class="klein">${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}</span>` : html``;
};

function queryWhat(e: QueryEntry, n: EntryNames): SafeHtml {
  return html`<strong>${n.products[e.product] ?? e.product}</strong>
    <br><span class="klein">${label(SEARCH_KEY_LABELS, e.searchKeyType)} · ${label(LEGAL_DOMAIN_LABELS, e.legalDomain)} · ${label(WHITELIST_LABELS, e.whitelist.outcome)}${e.whitelist.escapeReason ? ` (${n.escapeLabels[e.whitelist.escapeReason] ?? e.whitelist.escapeReason})` : ''}</span>`;
}

function queryOutcome(e: QueryEntry): SafeHtml {
  return html`${label(OUTCOME_LABELS, e.outcome)}${e.outcome === 'DENIED' ? reason(e.decision.reasonCode) : ''}`;
}

function decisionOutcome(e: DecisionEntry): SafeHtml {
  return html`${label(DECISION_RESULT_LABELS, e.decision.result)}${e.decision.escape ? ' (escape)' : ''}${reason(e.decision.reasonCode)}`;
}

function entryRow(e: AuditEntry, n: EntryNames): SafeHtml {
  const gemeente = actingForName(e, n);
  const ui = traceUiLink(n.traceUiUrl, e.traceId);
  const link = e.traceId ? html`<a href="${traceHref(e.traceId)}">${e.kind === 'QUERY' ? 'Beslissing en spoor' : 'Spoor'}</a>${ui.toString() ? html`<br>${ui}` : ''}` : '';
  if (e.kind === 'QUERY') {
    return html`<tr data-soort="QUERY" data-gemeente="${gemeente}" data-product="${e.product}" data-trace="${e.traceId}">
      <td>${formatDateTime(e.at)}</td><td>${ENTRY_KIND_LABELS.QUERY}</td><td><strong>${gemeente}</strong></td>
      <td class="wie-cel">${person(e.worker, n)}</td><td>${queryWhat(e, n)}</td><td>${queryOutcome(e)}</td><td>${link}</td>
    </tr>`;
  }
  if (e.kind === 'DECISION') {
    return html`<tr data-soort="DECISION" data-gemeente="${gemeente}" data-trace="${e.traceId}">
      <td>${formatDateTime(e.at)}</td><td>${ENTRY_KIND_LABELS.DECISION}</td><td><strong>${gemeente}</strong></td>
      <td class="wie-cel">${person(e.worker, n)}</td><td>${e.product ? html`<strong>${n.products[e.product] ?? e.product}</strong>` : 'Bevraging'}${e.decision.rulesVersion ? html`<br><span class="klein">Regels ${e.decision.rulesVersion}</span>` : ''}</td>
      <td>${decisionOutcome(e)}</td><td>${link}</td>
    </tr>`;
  }
  return html`<tr data-soort="ACTION" data-gemeente="${gemeente}" data-actie="${e.action}" data-trace="${e.traceId}">
    <td>${formatDateTime(e.at)}</td><td>${label(ACTIVITY_CATEGORY_LABELS, e.category)}</td><td><strong>${gemeente}</strong></td>
    <td class="wie-cel">${person(e.actor, n)}</td><td><strong>${label(ACTION_LABELS, e.action)}</strong>${objectOf(e, n)}${detailsOf(e.details)}</td>
    <td>${label(ACTIVITY_OUTCOME_LABELS, e.outcome)}${reason(e.reasonCode)}</td><td>${link}</td>
  </tr>`;
}

/** Queries, actions and decision records in one table: when, what kind, for whom, who, what, outcome, trace. */
export function entriesTable(entries: readonly AuditEntry[], n: EntryNames, caption: string, empty = 'Geen vermeldingen van deze soort in deze periode.'): SafeHtml {
  if (entries.length === 0) return notice('info', empty);
  return html`<div class="tabel-schuif"><table class="tabel" data-testid="auditregels">
    <caption>${caption}</caption>
    <thead><tr>
      <th scope="col">Tijdstip</th>
      <th scope="col">Soort</th>
      <th scope="col">Voor gemeente</th>
      <th scope="col">Wie</th>
      <th scope="col">Wat</th>
      <th scope="col">Uitkomst</th>
      <th scope="col">Spoor</th>
    </tr></thead>
    <tbody>${entries.map((e) => entryRow(e, n))}</tbody>
  </table></div>`;
}

/** The worker's own queries (the worker is the viewer: no person column). */
function ownQueriesTable(records: readonly QueryEntry[], products: ProductNames, caption: string, escapeLabels: Record<string, string>): SafeHtml {
  if (records.length === 0) return notice('info', 'Geen bevragingen in deze periode.');
  return html`<div class="tabel-schuif"><table class="tabel" data-testid="auditregels">
    <caption>${caption}</caption>
    <thead><tr>
      <th scope="col">Tijdstip</th>
      <th scope="col">Voor gemeente</th>
      <th scope="col">Product</th>
      <th scope="col">Zoeksleutel</th>
      <th scope="col">Wettelijk domein</th>
      <th scope="col">Whitelist</th>
      <th scope="col">Uitkomst</th>
    </tr></thead>
    <tbody>${records.map(
      (r) => html`<tr data-gemeente="${r.actingForName ?? r.actingForId ?? ''}" data-product="${r.product}">
        <td>${formatDateTime(r.at)}</td>
        <td><strong>${r.actingForName ?? r.actingForId ?? ''}</strong></td>
        <td>${products[r.product] ?? r.product}</td>
        <td>${label(SEARCH_KEY_LABELS, r.searchKeyType)}</td>
        <td>${label(LEGAL_DOMAIN_LABELS, r.legalDomain)}</td>
        <td>${label(WHITELIST_LABELS, r.whitelist.outcome)}${r.whitelist.escapeReason ? html`<br><span class="klein">${escapeLabels[r.whitelist.escapeReason] ?? r.whitelist.escapeReason}</span>` : ''}</td>
        <td>${queryOutcome(r)}</td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

/** `entries`: read and sorted newest first (domain/audit-entries.ts); only the queries are shown. */
export function recentPage(v: { user: ViewUser; records: readonly AuditEntry[] | Failure; products: ProductNames; escapeLabels: Record<string, string>; days: number }): SafeHtml {
  const body = Array.isArray(v.records)
    ? ownQueriesTable(
        (v.records as readonly AuditEntry[]).filter((e): e is QueryEntry => e.kind === 'QUERY').slice(0, 50),
        v.products,
        `Uw bevragingen van de afgelopen ${v.days} dagen, nieuwste eerst`,
        v.escapeLabels,
      )
    : unavailable('Het auditlog', v.records as Failure);
  return page({
    title: 'Mijn recente bevragingen',
    user: v.user,
    active: '/bevragingen',
    wide: true,
    body: html`<h1>Mijn recente bevragingen</h1>
      <p class="intro">Zo staan uw bevragingen in het auditlog: per bevraging de gemeente waarvoor u werkte. Burgerservicenummers staan er niet in; het auditlog bewaart alleen een pseudoniem.</p>
      ${body}`,
  });
}

function verificationView(v: VerificationReport | Failure): SafeHtml {
  if ('ok' in v && v.ok === false && 'code' in v) return unavailable('De controle van het auditlog', v);
  const r = v as VerificationReport;
  if (r.ok) {
    return notice('succes', 'Het auditlog is intact', html`<p>Alle hashketens kloppen: <strong>${r.checkedRecords}</strong> records in <strong>${r.chains}</strong> ketens gecontroleerd, <strong>${r.checkpointsChecked}</strong> ondertekende checkpoints vergeleken.</p>`);
  }
  return notice('fout', 'Het auditlog is NIET intact', html`<p>De eerste breuk zit in keten <code>${r.firstBroken?.chain ?? '?'}</code> bij volgnummer ${r.firstBroken?.sequence ?? '?'}${r.firstBroken?.reason ? ` (${r.firstBroken.reason})` : ''}. Meld dit direct als beveiligingsincident.</p>`, { alert: true });
}

export interface AuditPageView {
  user: ViewUser;
  /** Only for the security officer. */
  verification?: VerificationReport | Failure;
  /** Read, filtered and sorted newest first. */
  records: readonly AuditEntry[] | Failure;
  products: ProductNames;
  escapeLabels: Record<string, string>;
  people: People;
  orgName: (id: string) => string;
  /** Security officer: every municipality to filter on; mandated person: none (own only). */
  municipalities: Organisation[];
  selected: string;
  from: string;
  ownMunicipalityName: string;
  /** The chosen type of action (AUDIT_FILTERS). */
  filter: AuditFilterChoice;
  /** Base address of the trace UI (TRACE_UI_URL); unset: no links to it. */
  traceUiUrl?: string;
}

/** The audit page's address with these filters (empty ones left out). */
export function auditHref(q: { gemeente?: string; vanaf?: string; soort?: string }): string {
  const p = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  return p.size ? `/auditlog?${p}` : '/auditlog';
}

/** One link per type of action, the current one marked; each keeps the municipality and date. */
function typeLinks(v: AuditPageView): SafeHtml {
  return html`<nav class="soorten" aria-label="Soort vermelding"><ul>${AUDIT_FILTERS.map(
    (f) => html`<li><a href="${auditHref({ gemeente: v.selected, vanaf: v.from, soort: f.value })}"${f.value === v.filter.value ? html` aria-current="page"` : ''} data-soort="${f.value || 'alles'}">${f.label}</a></li>`,
  )}</ul></nav>`;
}

export function auditPage(v: AuditPageView): SafeHtml {
  const officer = v.user.roles.includes('SECURITY_OFFICER');
  const filter = html`<form method="get" action="/auditlog" class="filter paneel">
    ${officer
      ? html`<div class="veld"><label for="gemeente">Gemeente</label><select id="gemeente" name="gemeente"><option value="">Alle gemeenten</option>${v.municipalities.map((m) => html`<option value="${m.id}"${m.id === v.selected ? html` selected` : ''}>${m.name}</option>`)}</select></div>`
      : html`<p class="filter-vast">Gemeente: <strong>${v.ownMunicipalityName}</strong></p>`}
    <div class="veld"><label for="vanaf">Vanaf</label><input id="vanaf" name="vanaf" type="date" value="${v.from}"></div>
    ${v.filter.value ? html`<input type="hidden" name="soort" value="${v.filter.value}">` : ''}
    <button type="submit" class="knop knop-licht">Tonen</button>
  </form>`;
  const selectedName = v.municipalities.find((m) => m.id === v.selected)?.name ?? (officer ? 'alle gemeenten' : v.ownMunicipalityName);
  const names: EntryNames = { products: v.products, escapeLabels: v.escapeLabels, people: v.people, orgName: v.orgName, traceUiUrl: v.traceUiUrl };
  const what = v.filter.value ? v.filter.label : 'Alles';
  return page({
    title: 'Auditlog',
    user: v.user,
    active: '/auditlog',
    wide: true,
    body: html`<h1>Auditlog</h1>
      ${officer ? html`<section aria-labelledby="integriteit-kop" class="blok"><h2 id="integriteit-kop">Integriteit</h2>${v.verification ? verificationView(v.verification) : ''}</section>` : ''}
      <section aria-labelledby="bevragingen-kop" class="blok">
        <h2 id="bevragingen-kop">Bevragingen en handelingen${officer ? '' : ` onder de identiteit van ${v.ownMunicipalityName}`}</h2>
        ${filter}
        ${typeLinks(v)}
        ${Array.isArray(v.records) ? entriesTable(v.records as readonly AuditEntry[], names, `${what} voor ${selectedName} vanaf ${v.from}, nieuwste eerst (ten hoogste 200)`) : unavailable('Het auditlog', v.records as Failure)}
      </section>`,
  });
}

function decisionRecord(e: DecisionEntry, n: EntryNames): SafeHtml {
  return html`<dl class="gegevens" data-testid="beslissing" data-beslissing="${e.decision.decisionId}" data-uitkomst="${e.decision.result}">
    <dt>Beslissing</dt><dd><strong>${label(DECISION_RESULT_LABELS, e.decision.result)}</strong></dd>
    <dt>Reden</dt><dd>${e.decision.reasonCode ? `${DENIAL_LABELS[e.decision.reasonCode] ?? e.decision.reasonCode} (${e.decision.reasonCode})` : 'Alle regels voldaan'}</dd>
    <dt>Via escape</dt><dd>${e.decision.escape ? 'Ja' : 'Nee'}</dd>
    <dt>Medewerker</dt><dd>${person(e.worker, n)}</dd>
    <dt>Voor gemeente</dt><dd>${actingForName(e, n) || '–'}</dd>
    <dt>Tijdstip</dt><dd>${formatDateTime(e.at)}</dd>
    <dt>Regelversie</dt><dd>${e.decision.rulesVersion ?? '–'}</dd>
    <dt>Beslissingsnummer</dt><dd><code>${e.decision.decisionId}</code></dd>
  </dl>`;
}

function queryRecord(e: QueryEntry, n: EntryNames): SafeHtml {
  return html`<dl class="gegevens" data-testid="bevraging" data-gemeente="${actingForName(e, n)}">
    <dt>Tijdstip</dt><dd>${formatDateTime(e.at)}</dd>
    <dt>Voor gemeente</dt><dd><strong>${actingForName(e, n)}</strong></dd>
    <dt>Medewerker</dt><dd>${person(e.worker, n)}</dd>
    <dt>Product</dt><dd>${queryWhat(e, n)}</dd>
    <dt>Uitkomst</dt><dd>${queryOutcome(e)}</dd>
    <dt>Beslissing volgens de bevraging</dt><dd>${label(DECISION_RESULT_LABELS, e.decision.result)}${e.decision.decisionId ? html` <span class="klein">(nummer <code>${e.decision.decisionId}</code>)</span>` : ''}</dd>
  </dl>`;
}

export interface TracePageView {
  user: ViewUser;
  traceId: string;
  /** Every record of the trace, read and sorted. */
  records: readonly AuditEntry[] | Failure;
  products: ProductNames;
  escapeLabels: Record<string, string>;
  people: People;
  orgName: (id: string) => string;
  /** Base address of the trace UI (TRACE_UI_URL); unset: no link to it. */
  traceUiUrl?: string;
}

/** One trace: the query, its decision record, and the actions of the same request. */
export function tracePage(v: TracePageView): SafeHtml {
  const n: EntryNames = { products: v.products, escapeLabels: v.escapeLabels, people: v.people, orgName: v.orgName, traceUiUrl: v.traceUiUrl };
  const ui = traceUiLink(v.traceUiUrl, v.traceId);
  let body: SafeHtml;
  if (!Array.isArray(v.records)) {
    const f = v.records as Failure;
    body = f.status === 404 ? notice('info', 'Bij dit spoor staat niets in het auditlog dat u mag zien.') : unavailable('Het auditlog', f);
  } else {
    const entries = v.records as readonly AuditEntry[];
    const queries = entries.filter((e): e is QueryEntry => e.kind === 'QUERY');
    const decisions = entries.filter((e): e is DecisionEntry => e.kind === 'DECISION');
    const actions = entries.filter((e): e is ActionEntry => e.kind === 'ACTION');
    body = html`<section aria-labelledby="bevraging-kop" class="blok"><h2 id="bevraging-kop">Bevraging</h2>
        ${queries.length ? queries.map((q) => queryRecord(q, n)) : notice('info', 'Bij dit spoor hoort geen uitgevoerde bevraging.')}
      </section>
      <section aria-labelledby="beslissing-kop" class="blok"><h2 id="beslissing-kop">Beslissingsrecord</h2>
        ${decisions.length ? decisions.map((d) => decisionRecord(d, n)) : notice('info', 'Het beslissingsrecord van dit spoor staat (nog) niet in het auditlog.')}
      </section>
      <section aria-labelledby="handelingen-kop" class="blok"><h2 id="handelingen-kop">Handelingen</h2>
        ${entriesTable(actions, n, 'Handelingen bij dit spoor', 'Geen andere handelingen bij dit spoor.')}
      </section>`;
  }
  return page({
    title: 'Spoor in het auditlog',
    user: v.user,
    active: '/auditlog',
    wide: true,
    body: html`<h1>Spoor in het auditlog</h1>
      <p class="intro">Alles wat het auditlog bij één verzoek bewaart: de bevraging, het beslissingsrecord van de autorisatie en de handelingen. Spoor <code>${v.traceId}</code>.</p>
      ${ui.toString() ? html`<p>De verwerking van dit verzoek door de diensten (spans): ${ui}</p>` : ''}
      ${body}
      <p><a href="/auditlog">Terug naar het auditlog</a></p>`,
  });
}
