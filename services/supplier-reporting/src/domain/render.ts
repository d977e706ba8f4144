/**
 * Renderings of the reports for download: CSV (one tidy table per report) and a readable HTML
 * page of the generic report with a bar chart of use per month (inline SVG, no script, with a
 * title, a description and the same figures as a table). Deterministic: the same report gives
 * the same bytes.
 */
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

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const percent = (share: number) => `${(share * 100).toFixed(2)}%`;

/** A round upper bound for the axis: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Grouped bars per month: source queries and account-management actions. */
export function usageChartSvg(months: ReadonlyArray<{ month: Month; sourceQueries: number; accountManagementActions: number }>): string {
  const width = 640;
  const height = 300;
  const left = 56;
  const right = 16;
  const top = 36;
  const bottom = 44;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...months.map((m) => Math.max(m.sourceQueries, m.accountManagementActions))));
  const slot = plotW / Math.max(1, months.length);
  const barW = Math.min(36, slot / 3);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const fmt = (n: number) => (Math.round(n * 100) / 100).toString();
  const series = [
    { key: 'sourceQueries' as const, label: 'Source queries', fill: '#1f5fa8' },
    { key: 'accountManagementActions' as const, label: 'Account-management actions', fill: '#e07b00' },
  ];
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`);
  out.push('<title id="chart-title">Use per month</title>');
  out.push(
    `<desc id="chart-desc">Bar chart of source queries and account-management actions per month, ${escapeHtml(months[0]?.month ?? '')} to ${escapeHtml(
      months[months.length - 1]?.month ?? '',
    )}. The table below gives the same figures.</desc>`,
  );
  // Axis and grid: 0, half and the maximum.
  for (const v of [0, max / 2, max]) {
    out.push(`<line x1="${left}" y1="${fmt(y(v))}" x2="${width - right}" y2="${fmt(y(v))}" stroke="#ccc" stroke-width="1"/>`);
    out.push(`<text x="${left - 6}" y="${fmt(y(v) + 4)}" text-anchor="end" font-size="11">${fmt(v)}</text>`);
  }
  out.push(`<text x="14" y="${fmt(top + plotH / 2)}" transform="rotate(-90 14 ${fmt(top + plotH / 2)})" text-anchor="middle" font-size="11">Number</text>`);
  months.forEach((m, i) => {
    const x0 = left + i * slot + (slot - 2 * barW) / 2;
    series.forEach((s, j) => {
      const v = m[s.key];
      const x = x0 + j * barW;
      out.push(
        `<rect class="bar" x="${fmt(x)}" y="${fmt(y(v))}" width="${fmt(barW - 2)}" height="${fmt(top + plotH - y(v))}" fill="${s.fill}"><title>${escapeHtml(m.month)}: ${v} ${s.label.toLowerCase()}</title></rect>`,
      );
      out.push(`<text x="${fmt(x + (barW - 2) / 2)}" y="${fmt(y(v) - 4)}" text-anchor="middle" font-size="10">${v}</text>`);
    });
    out.push(`<text x="${fmt(left + i * slot + slot / 2)}" y="${height - bottom + 16}" text-anchor="middle" font-size="11">${escapeHtml(m.month)}</text>`);
  });
  series.forEach((s, j) => {
    const x = left + j * 220;
    out.push(`<rect x="${x}" y="10" width="12" height="12" fill="${s.fill}"/>`);
    out.push(`<text x="${x + 18}" y="20" font-size="12">${s.label}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
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
