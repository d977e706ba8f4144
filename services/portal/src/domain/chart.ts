/**
 * The bar chart of the generic report: per month the source queries (bevragingen) and the
 * account-management actions, as inline SVG with a title and a description; the page shows the
 * same figures in a table beside it. Colours pass WCAG contrast against white (non-text 3:1).
 */
import { formatShortMonth } from './format';
import { html, SafeHtml } from './html';

export interface ChartMonth {
  month: string;
  sourceQueries: number;
  accountManagementActions: number;
}

/** A round upper bound for the axis: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

const SERIES = [
  { key: 'sourceQueries' as const, label: 'Bevragingen', fill: '#154273' },
  { key: 'accountManagementActions' as const, label: 'Accountbeheer', fill: '#b35900' },
];

export function usageChart(months: readonly ChartMonth[], id = 'gebruik'): SafeHtml {
  const width = 640;
  const height = 240;
  const left = 48;
  const right = 12;
  const top = 36;
  const bottom = 36;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...months.map((m) => Math.max(m.sourceQueries, m.accountManagementActions))));
  const slot = plotW / Math.max(1, months.length);
  const barW = Math.min(34, slot / 3);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const n = (v: number) => String(Math.round(v * 10) / 10);
  const first = months[0]?.month ?? '';
  const last = months[months.length - 1]?.month ?? '';
  const grid = [0, max / 2, max].map(
    (v) => html`<line x1="${n(left)}" y1="${n(y(v))}" x2="${n(width - right)}" y2="${n(y(v))}" stroke="#c8c8c8" stroke-width="1"/><text x="${n(left - 6)}" y="${n(y(v) + 4)}" text-anchor="end" font-size="12" fill="#333">${n(v)}</text>`,
  );
  const bars = months.map((m, i) => {
    const x0 = left + i * slot + (slot - 2 * barW) / 2;
    return html`<g>${SERIES.map((s, j) => {
      const v = m[s.key];
      const x = x0 + j * barW;
      return html`<rect x="${n(x)}" y="${n(y(v))}" width="${n(barW - 3)}" height="${n(top + plotH - y(v))}" fill="${s.fill}"><title>${formatShortMonth(m.month)}: ${v} ${s.label.toLowerCase()}</title></rect><text x="${n(x + (barW - 3) / 2)}" y="${n(y(v) - 5)}" text-anchor="middle" font-size="11" fill="#222">${v}</text>`;
    })}<text x="${n(left + i * slot + slot / 2)}" y="${n(height - bottom + 18)}" text-anchor="middle" font-size="12" fill="#222">${formatShortMonth(m.month)}</text></g>`;
  });
  const legend = SERIES.map((s, j) => html`<rect x="${n(left + j * 170)}" y="10" width="14" height="14" fill="${s.fill}"/><text x="${n(left + j * 170 + 20)}" y="22" font-size="13" fill="#222">${s.label}</text>`);
  return html`<svg class="grafiek" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-titel ${id}-omschrijving" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet"><title id="${id}-titel">Gebruik per maand</title><desc id="${id}-omschrijving">Staafdiagram van het aantal bevragingen en accountbeheerhandelingen per maand, ${formatShortMonth(first)} tot en met ${formatShortMonth(last)}. De tabel eronder geeft dezelfde cijfers.</desc>${grid}${bars}${legend}</svg>`;
}
