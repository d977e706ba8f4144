/**
 * The audit log as users see it: a worker's own recent queries; for a security officer the
 * verification status of the hash chains and the queries per municipality; for a mandated
 * person the queries made under their own municipality's identity.
 */
import type { AuditRecord, Failure, Organisation, VerificationReport } from '../app/ports';
import { formatDateTime } from '../domain/format';
import { html, SafeHtml } from '../domain/html';
import { DENIAL_LABELS, label, LEGAL_DOMAIN_LABELS, OUTCOME_LABELS, SEARCH_KEY_LABELS, WHITELIST_LABELS } from '../domain/labels';
import { notice, page, unavailable, ViewUser } from './layout';

export type ProductNames = Record<string, string>;

function recordsTable(records: AuditRecord[], products: ProductNames, caption: string, opts: { showWorker: boolean; escapeLabels: Record<string, string> }): SafeHtml {
  if (records.length === 0) return notice('info', 'Geen bevragingen in deze periode.');
  return html`<div class="tabel-schuif"><table class="tabel" data-testid="auditregels">
    <caption>${caption}</caption>
    <thead><tr>
      <th scope="col">Tijdstip</th>
      <th scope="col">Voor gemeente</th>
      ${opts.showWorker ? html`<th scope="col">Medewerker</th><th scope="col">Thuisgemeente</th>` : ''}
      <th scope="col">Product</th>
      <th scope="col">Zoeksleutel</th>
      <th scope="col">Wettelijk domein</th>
      <th scope="col">Whitelist</th>
      <th scope="col">Uitkomst</th>
    </tr></thead>
    <tbody>${records.map(
      (r) => html`<tr data-gemeente="${r.audit.acting_for.name}" data-product="${r.audit.product}">
        <td>${formatDateTime(r.start_time)}</td>
        <td><strong>${r.audit.acting_for.name}</strong></td>
        ${opts.showWorker ? html`<td><code>${r.audit.worker.user_id}</code></td><td>${r.audit.worker.home_municipality.name}</td>` : ''}
        <td>${products[r.audit.product] ?? r.audit.product}</td>
        <td>${label(SEARCH_KEY_LABELS, r.audit.search_key_type)}</td>
        <td>${label(LEGAL_DOMAIN_LABELS, r.audit.legal_domain)}</td>
        <td>${label(WHITELIST_LABELS, r.audit.whitelist.outcome)}${r.audit.whitelist.escape_reason ? html`<br><span class="klein">${opts.escapeLabels[r.audit.whitelist.escape_reason] ?? r.audit.whitelist.escape_reason}</span>` : ''}</td>
        <td>${label(OUTCOME_LABELS, r.audit.outcome)}${r.audit.decision.reason_code && r.audit.outcome === 'DENIED' ? html`<br><span class="klein">${label(DENIAL_LABELS, r.audit.decision.reason_code)}</span>` : ''}</td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

/** Newest first, at most `n`. */
export const newest = (records: AuditRecord[], n: number) => [...records].sort((a, b) => (a.start_time < b.start_time ? 1 : a.start_time > b.start_time ? -1 : 0)).slice(0, n);

export function recentPage(v: { user: ViewUser; records: AuditRecord[] | Failure; products: ProductNames; escapeLabels: Record<string, string>; days: number }): SafeHtml {
  const body = Array.isArray(v.records)
    ? recordsTable(newest(v.records, 50), v.products, `Uw bevragingen van de afgelopen ${v.days} dagen, nieuwste eerst`, { showWorker: false, escapeLabels: v.escapeLabels })
    : unavailable('Het auditlog', v.records);
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
  records: AuditRecord[] | Failure;
  products: ProductNames;
  escapeLabels: Record<string, string>;
  /** Security officer: every municipality to filter on; mandated person: none (own only). */
  municipalities: Organisation[];
  selected: string;
  from: string;
  ownMunicipalityName: string;
}

export function auditPage(v: AuditPageView): SafeHtml {
  const officer = v.user.roles.includes('SECURITY_OFFICER');
  const filter = html`<form method="get" action="/auditlog" class="filter paneel">
    ${officer
      ? html`<div class="veld"><label for="gemeente">Gemeente</label><select id="gemeente" name="gemeente"><option value="">Alle gemeenten</option>${v.municipalities.map((m) => html`<option value="${m.id}"${m.id === v.selected ? html` selected` : ''}>${m.name}</option>`)}</select></div>`
      : html`<p class="filter-vast">Gemeente: <strong>${v.ownMunicipalityName}</strong></p>`}
    <div class="veld"><label for="vanaf">Vanaf</label><input id="vanaf" name="vanaf" type="date" value="${v.from}"></div>
    <button type="submit" class="knop knop-licht">Tonen</button>
  </form>`;
  const selectedName = v.municipalities.find((m) => m.id === v.selected)?.name ?? (officer ? 'alle gemeenten' : v.ownMunicipalityName);
  return page({
    title: 'Auditlog',
    user: v.user,
    active: '/auditlog',
    wide: true,
    body: html`<h1>Auditlog</h1>
      ${officer ? html`<section aria-labelledby="integriteit-kop" class="blok"><h2 id="integriteit-kop">Integriteit</h2>${v.verification ? verificationView(v.verification) : ''}</section>` : ''}
      <section aria-labelledby="bevragingen-kop" class="blok">
        <h2 id="bevragingen-kop">Bevragingen ${officer ? '' : `onder de identiteit van ${v.ownMunicipalityName}`}</h2>
        ${filter}
        ${Array.isArray(v.records) ? recordsTable(newest(v.records, 200), v.products, `Bevragingen voor ${selectedName} vanaf ${v.from}, nieuwste eerst (ten hoogste 200)`, { showWorker: true, escapeLabels: v.escapeLabels }) : unavailable('Het auditlog', v.records)}
      </section>`,
  });
}
