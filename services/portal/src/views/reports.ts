/**
 * Rapportages: the monthly generic report of a customer organisation (gemeente) with its chart
 * and a table of the same figures, downloadable as CSV; the specific report for the
 * organisation's own mandated persons (gemandateerden).
 */
import type { Failure, GenericReport, Organisation, SpecificReport } from '../app/ports';
import { usageChart } from '../domain/chart';
import { formatDateTime, formatMonth, formatShare, formatShortMonth } from '../domain/format';
import { html, path, SafeHtml } from '../domain/html';
import { notice, page, unavailable, ViewUser } from './layout';
import type { ProductNames } from './audit';

export interface ReportsPageView {
  user: ViewUser;
  month: string;
  organisationId: string;
  organisationName: string;
  /** Security officer: the organisations to choose from. */
  organisations: Organisation[];
  generic: GenericReport | Failure;
  /** Only for mandated persons of the organisation. */
  specific?: SpecificReport | Failure;
  products: ProductNames;
  escapeLabels: Record<string, string>;
}

const isFailure = (x: unknown): x is Failure => typeof x === 'object' && x !== null && (x as Failure).ok === false;

function reportFailure(what: string, f: Failure): SafeHtml {
  if (f.code === 'MONTH_NOT_CLOSED') return notice('info', `De ${what} van deze maand is er nog niet.`, html`<p>${f.message}</p>`);
  if (f.status === 403) return notice('waarschuwing', `U mag de ${what} van deze organisatie niet inzien.`, html`<p class="code">Code: ${f.code}</p>`);
  return unavailable(`De ${what}`, f);
}

function breakdown(caption: string, months: GenericReport['months'], pick: (m: GenericReport['months'][number]) => Record<string, number>, names: Record<string, string>): SafeHtml {
  const keys = [...new Set(months.flatMap((m) => Object.keys(pick(m))))].sort();
  if (keys.length === 0) return html``;
  return html`<div class="tabel-schuif"><table class="tabel compact getallen">
    <caption>${caption}</caption>
    <thead><tr><th scope="col"></th>${months.map((m) => html`<th scope="col">${formatShortMonth(m.month)}</th>`)}</tr></thead>
    <tbody>${keys.map((k) => html`<tr><th scope="row">${names[k] ?? k}</th>${months.map((m) => html`<td>${pick(m)[k] ?? 0}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

/** The six months together: the figures a reader looks for first. */
function keyFigures(r: GenericReport): SafeHtml {
  const sum = (f: (m: GenericReport['months'][number]) => number) => r.months.reduce((a, m) => a + f(m), 0);
  const total = sum((m) => m.sourceQueries);
  const share = (n: number) => (total ? ` (${formatShare(n / total)})` : '');
  const escapes = sum((m) => Object.values(m.escapes).reduce((a, b) => a + b, 0));
  const rows: Array<[string, string]> = [
    ['Bevragingen', String(total)],
    ['Afgebroken zoekopdrachten', `${sum((m) => m.abortedSearches)}${share(sum((m) => m.abortedSearches))}`],
    ['Escapes', `${escapes}${share(escapes)}`],
    ['Andere zoeksleutel dan BSN', `${sum((m) => m.nonBsnSearchKeyQueries)}${share(sum((m) => m.nonBsnSearchKeyQueries))}`],
    ['Buiten kantoortijd', `${sum((m) => m.outsideOfficeHoursQueries)}${share(sum((m) => m.outsideOfficeHoursQueries))}`],
    ['Cliënt van een andere gemeente', `${sum((m) => m.notOnCaseloadQueries ?? 0)}${share(sum((m) => m.notOnCaseloadQueries ?? 0))}`],
    ['Accountbeheerhandelingen', String(sum((m) => m.accountManagementActions))],
  ];
  return html`<div class="kerncijfers"><h3>Zes maanden samen</h3><dl>${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl></div>`;
}

function genericView(v: ReportsPageView, r: GenericReport): SafeHtml {
  const rows: Array<[string, (m: GenericReport['months'][number]) => string | number]> = [
    ['Bevragingen (bronbevragingen)', (m) => m.sourceQueries],
    ['Accountbeheerhandelingen', (m) => m.accountManagementActions],
    ['Afgebroken zoekopdrachten', (m) => m.abortedSearches],
    ['Bevragingen op andere zoeksleutel dan BSN', (m) => `${m.nonBsnSearchKeyQueries} (${formatShare(m.nonBsnSearchKeyShare)})`],
    ['Buiten kantoortijd (19–6 uur en weekend)', (m) => `${m.outsideOfficeHoursQueries} (${formatShare(m.outsideOfficeHoursShare)})`],
    ['Cliënt van een andere gemeente in het samenwerkingsverband, niet van deze', (m) => `${m.notOnCaseloadQueries ?? 0} (${formatShare(m.notOnCaseloadShare ?? 0)})`],
    ['Escapes', (m) => Object.values(m.escapes).reduce((a, b) => a + b, 0)],
  ];
  const csv = path`/rapportages/${r.customerOrganisationId}/${r.month}/generiek.csv`;
  const first = r.months[0]?.month;
  const last = r.months[r.months.length - 1]?.month;
  return html`<section class="paneel rapport" aria-labelledby="generiek-kop">
    <div class="rapport-kop">
      <div>
        <h2 id="generiek-kop">Generieke gebruiksrapportage ${formatMonth(r.month)}</h2>
        <p class="hint">${r.customerName ?? v.organisationName} · ${first ? `${formatMonth(first)} tot en met ${formatMonth(last!)}` : ''} · versie ${r.version} · bijgewerkt tot ${formatDateTime(r.generatedAt)}. Niet herleidbaar tot medewerkers of burgers.</p>
      </div>
      <a class="knop knop-licht" href="${csv}" download>Download als CSV</a>
    </div>
    <div class="rapport-boven">
      <figure class="grafiek-vak">${usageChart(r.months)}<figcaption class="visueel-verborgen">Gebruik per maand; de cijfers staan in de tabel hieronder.</figcaption></figure>
      ${keyFigures(r)}
    </div>
    <div class="tabel-schuif"><table class="tabel compact getallen" data-testid="generiek">
      <caption>Gebruik per maand</caption>
      <thead><tr><th scope="col">Maat</th>${r.months.map((m) => html`<th scope="col">${formatShortMonth(m.month)}</th>`)}</tr></thead>
      <tbody>${rows.map(([name, value]) => html`<tr><th scope="row">${name}</th>${r.months.map((m) => html`<td>${value(m)}</td>`)}</tr>`)}</tbody>
    </table></div>
    ${breakdown('Bevragingen per product (pagina)', r.months, (m) => m.byProduct, v.products)}
    ${breakdown('Escapes per reden', r.months, (m) => m.escapes, v.escapeLabels)}
  </section>`;
}

function specificView(v: ReportsPageView, s: SpecificReport): SafeHtml {
  const csv = path`/rapportages/${s.customerOrganisationId}/${s.month}/specifiek.csv`;
  return html`<section class="paneel rapport" aria-labelledby="specifiek-kop">
    <div class="rapport-kop">
      <div>
        <h2 id="specifiek-kop">Specifieke rapportage ${formatMonth(s.month)}</h2>
        <p class="hint">Herleidbaar tot personen: alleen voor gemandateerden van ${v.organisationName}. Burgers staan er als pseudoniem in, nooit met hun BSN.</p>
      </div>
      <a class="knop knop-licht" href="${csv}" download>Download als CSV</a>
    </div>
    <div class="twee-kolommen">
      <table class="tabel compact getallen"><caption>Bevragingen per medewerker</caption>
        <thead><tr><th scope="col">Medewerker (gebruikers-id)</th><th scope="col">Bevragingen</th></tr></thead>
        <tbody>${s.workers.length ? s.workers.map((w) => html`<tr><th scope="row"><code>${w.userId}</code></th><td>${w.queries}</td></tr>`) : html`<tr><td colspan="2">Geen bevragingen in deze periode.</td></tr>`}</tbody></table>
      <table class="tabel compact getallen"><caption>Meest bevraagde personen</caption>
        <thead><tr><th scope="col">Pseudoniem</th><th scope="col">Bevragingen</th></tr></thead>
        <tbody>${s.topSubjects.length ? s.topSubjects.map((t) => html`<tr><th scope="row"><code>${t.pseudonym.slice(0, 16)}…</code></th><td>${t.queries}</td></tr>`) : html`<tr><td colspan="2">Geen bevragingen in deze periode.</td></tr>`}</tbody></table>
    </div>
  </section>`;
}

export function reportsPage(v: ReportsPageView): SafeHtml {
  const officer = v.user.roles.includes('SECURITY_OFFICER');
  const filter = html`<form method="get" action="/rapportages" class="filter paneel">
    ${officer
      ? html`<div class="veld"><label for="organisatie">Organisatie (afnemer)</label><select id="organisatie" name="organisatie">${v.organisations.map((o) => html`<option value="${o.id}"${o.id === v.organisationId ? html` selected` : ''}>${o.name}</option>`)}</select></div>`
      : html`<p class="filter-vast">Organisatie: <strong>${v.organisationName}</strong></p>`}
    <div class="veld"><label for="maand">Rapportagemaand</label><p class="hint" id="maand-hint">Beschrijft de zes maanden ervoor.</p><input id="maand" name="maand" type="month" value="${v.month}" pattern="\\d{4}-\\d{2}" placeholder="jjjj-mm" aria-describedby="maand-hint"></div>
    <button type="submit" class="knop knop-licht">Tonen</button>
  </form>`;
  return page({
    title: 'Rapportages',
    user: v.user,
    active: '/rapportages',
    wide: true,
    body: html`<h1>Rapportages</h1>
      ${filter}
      ${isFailure(v.generic) ? reportFailure('generieke rapportage', v.generic) : genericView(v, v.generic)}
      ${v.specific ? (isFailure(v.specific) ? reportFailure('specifieke rapportage', v.specific) : specificView(v, v.specific)) : ''}`,
  });
}
