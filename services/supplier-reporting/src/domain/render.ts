/**
 * Renderings of the reports for download: CSV (one tidy table per report) and a readable HTML
 * page of the generic report with a bar chart of use per month (inline SVG, no script, with a
 * title, a description and the same figures as a table; the escaping and the chart are the
 * shared ones of libs/html). Deterministic: the same report gives the same bytes.
 */
import { barChart, escapeHtml } from '@inkijk/html';
import { Month } from './month';
import { GenericReport, MonthUsage, ProtocolReport, SpecificReport, SupplierFeed } from './reports';

// ---- CSV ------------------------------------------------------------------------------------

/**
 * One CSV field: quoted when it holds a comma, quote or line break; a leading = + - @ (or tab /
 * carriage return) is defused with an apostrophe so a spreadsheet never runs it as a formula.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const MAP_MEASURES = ['escapes', 'byProduct', 'byCollaboration', 'bySupplier'] as const;
const COUNT_MEASURES = [
  'sourceQueries',
  'accountManagementActions',
  'abortedSearches',
  'nonBsnSearchKeyQueries',
  'nonBsnSearchKeyShare',
  'outsideOfficeHoursQueries',
  'outsideOfficeHoursShare',
  'notOnCaseloadQueries',
  'notOnCaseloadShare',
] as const;

/** The generic report as one tidy table: month, measure, key (for breakdowns), value. */
export function genericReportCsv(r: GenericReport): string {
  const rows: Array<Array<string | number | null>> = [];
  for (const m of r.months) {
    for (const measure of COUNT_MEASURES) rows.push([r.customerOrganisationId, r.month, r.version, m.month, measure, '', m[measure]]);
    for (const measure of MAP_MEASURES) for (const [k, v] of Object.entries(m[measure])) rows.push([r.customerOrganisationId, r.month, r.version, m.month, measure, k, v]);
  }
  return csv(['customer_organisation_id', 'report_month', 'version', 'month', 'measure', 'key', 'value'], rows);
}

export function supplierFeedCsv(f: SupplierFeed): string {
  return csv(
    ['supplier', 'month', 'version', 'customer_organisation_id', 'customer_oin', 'customer_name', 'queries', 'person_lists_provided'],
    f.lines.map((l) => [f.supplier, f.month, f.version, l.customerOrganisationId, l.customerOin, l.customerName, l.queries, l.personListsProvided]),
  );
}

export function protocolCsv(p: ProtocolReport): string {
  return csv(
    ['date', 'customer_oin', 'product', 'subject_pseudonym', 'person_lists_provided'],
    p.lines.map((l) => [l.date, l.customerOin, l.product, l.subjectPseudonym, l.personListsProvided]),
  );
}

/**
 * The specific report as one tidy table: kind, id, month, count. Kinds: worker (queries per
 * month), subject (queries in the period), login, failed_login and lockout (per person and
 * month), failed_login_without_account (per month, no id), administrator (account-management
 * actions per person and month). Every month of the period is listed, zeros included.
 */
export function specificReportCsv(s: SpecificReport): string {
  const rows: Array<Array<string | number>> = [];
  for (const w of s.workers) for (const month of s.months) rows.push(['worker', w.userId, month, w.byMonth[month] ?? 0]);
  for (const t of s.topSubjects) rows.push(['subject', t.pseudonym, '', t.queries]);
  for (const l of s.logins) {
    for (const month of s.months) rows.push(['login', l.userId, month, l.byMonth[month]?.logins ?? 0]);
    for (const month of s.months) rows.push(['failed_login', l.userId, month, l.byMonth[month]?.failedLogins ?? 0]);
    for (const month of s.months) rows.push(['lockout', l.userId, month, l.byMonth[month]?.lockouts ?? 0]);
  }
  for (const month of s.months) rows.push(['failed_login_without_account', '', month, s.failedLoginsWithoutAccount.byMonth[month] ?? 0]);
  for (const a of s.topAdministrators) for (const month of s.months) rows.push(['administrator', a.userId, month, a.byMonth[month] ?? 0]);
  return csv(['kind', 'id', 'month', 'count'], rows);
}

// ---- HTML -----------------------------------------------------------------------------------

const percent = (share: number) => `${(share * 100).toFixed(2)}%`;

/** Grouped bars per month: source queries and account-management actions (the shared bar chart, in English). */
export function usageChartSvg(months: ReadonlyArray<{ month: Month; sourceQueries: number; accountManagementActions: number }>): string {
  return barChart(months, {
    ids: { title: 'chart-title', description: 'chart-desc' },
    title: 'Use per month',
    describe: (first, last) => `Bar chart of source queries and account-management actions per month, ${first} to ${last}. The table below gives the same figures.`,
    series: [
      { label: 'Source queries', fill: '#1f5fa8', value: (m) => m.sourceQueries },
      { label: 'Account-management actions', fill: '#e07b00', value: (m) => m.accountManagementActions },
    ],
    groupLabel: (m) => m.month,
    axisLabel: 'Number',
  }).toString();
}

function breakdownTable(caption: string, keyHeader: string, months: readonly MonthUsage[], measure: (typeof MAP_MEASURES)[number]): string {
  const keys = [...new Set(months.flatMap((m) => Object.keys(m[measure])))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const head = `<tr><th scope="col">${escapeHtml(keyHeader)}</th>${months.map((m) => `<th scope="col">${escapeHtml(m.month)}</th>`).join('')}</tr>`;
  const body = keys.length
    ? keys.map((k) => `<tr><th scope="row">${escapeHtml(k)}</th>${months.map((m) => `<td>${m[measure][k] ?? 0}</td>`).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${months.length + 1}">None in this period.</td></tr>`;
  return `<table>\n<caption>${escapeHtml(caption)}</caption>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** The generic report as a readable page (Dutch terms in brackets where they help). */
export function genericReportHtml(r: GenericReport): string {
  const who = r.customerName ? `${r.customerName}${r.customerOin ? ` (OIN ${r.customerOin})` : ''}` : r.customerOrganisationId;
  const rows = r.months
    .map(
      (m) =>
        `<tr><th scope="row">${escapeHtml(m.month)}</th><td>${m.sourceQueries}</td><td>${m.accountManagementActions}</td><td>${m.abortedSearches}</td>` +
        `<td>${m.nonBsnSearchKeyQueries} (${percent(m.nonBsnSearchKeyShare)})</td><td>${m.outsideOfficeHoursQueries} (${percent(m.outsideOfficeHoursShare)})</td><td>${m.notOnCaseloadQueries} (${percent(m.notOnCaseloadShare)})</td>` +
        `<td>${Object.values(m.escapes).reduce((a, b) => a + b, 0)}</td></tr>`,
    )
    .join('\n');
  const period = r.months.length ? `${r.months[0].month} to ${r.months[r.months.length - 1].month}` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Generic usage report ${escapeHtml(r.month)}, ${escapeHtml(who)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1a1a1a; max-width: 60rem; }
table { border-collapse: collapse; margin: 1rem 0 2rem; }
caption { text-align: left; font-weight: 600; padding-bottom: .4rem; }
th, td { border: 1px solid #999; padding: .3rem .6rem; text-align: right; }
th[scope="row"], thead th:first-child { text-align: left; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
dt { font-weight: 600; }
</style>
</head>
<body>
<main>
<h1>Generic usage report (generieke gebruiksrapportage) ${escapeHtml(r.month)}</h1>
<dl>
<dt>Customer organisation (afnemer)</dt><dd>${escapeHtml(who)}</dd>
<dt>Period</dt><dd>${escapeHtml(period)} (Europe/Amsterdam)</dd>
<dt>Version</dt><dd>${r.version}</dd>
<dt>Data as of</dt><dd>${escapeHtml(new Date(r.generatedAt).toISOString())}</dd>
</dl>
<p>Nothing in this report is traceable to a worker or a citizen. Outside office hours: 19:00 to 06:00 local time, and Saturdays and Sundays. Citizen on another member's caseload: queries made for this organisation through a collaboration about a citizen whom its own caseload did not hold that day, but another member's did (perhaps logged under the wrong municipality).</p>
<h2>Use per month</h2>
<figure>
${usageChartSvg(r.months)}
<figcaption>Source queries and account-management actions per month; the figures are in the table below.</figcaption>
</figure>
<table>
<caption>Use per month</caption>
<thead><tr><th scope="col">Month</th><th scope="col">Source queries</th><th scope="col">Account-management actions</th><th scope="col">Aborted searches (afgebroken zoekopdrachten)</th><th scope="col">Search key other than BSN (share)</th><th scope="col">Outside office hours (share)</th><th scope="col">Citizen on another member's caseload, not own (share)</th><th scope="col">Whitelist escapes</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${breakdownTable('Queries per page or product', 'Page / product', r.months, 'byProduct')}
${breakdownTable('Whitelist escapes by reason (escapelijst)', 'Reason', r.months, 'escapes')}
${breakdownTable('Queries per collaboration (samenwerkingsverband); "none": without a collaboration', 'Collaboration', r.months, 'byCollaboration')}
${breakdownTable('Queries per source (gegevensleverancier)', 'Source', r.months, 'bySupplier')}
</main>
</body>
</html>
`;
}
