/**
 * A grouped bar chart as inline SVG (no script): per group (e.g. a month) one bar per series,
 * each labelled with its figure and with a tooltip, under a title and a description for screen
 * readers, with a legend. The words, colours and labels are the page's; the drawing is shared by
 * every page that shows one (the portal's report page, the report download). Deterministic: the
 * same groups give the same markup.
 */
import { html, SafeHtml } from './html';

/** One series of bars: its name in the legend and tooltips, its colour, and its figure per group. */
export interface BarSeries<G> {
  label: string;
  fill: string;
  value: (group: G) => number;
}

export interface BarChart<G> {
  /** The ids of the title and the description (unique on the page). */
  ids: { title: string; description: string };
  title: string;
  /** The description, given the labels of the first and the last group. */
  describe: (first: string, last: string) => string;
  series: readonly BarSeries<G>[];
  /** The label of a group on the axis and in the tooltips. */
  groupLabel: (group: G) => string;
  /** A label along the vertical axis (none: no label). */
  axisLabel?: string;
  /** A class for the page's styling of the SVG element. */
  className?: string;
}

/** A round upper bound for the axis: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

const WIDTH = 640;
const HEIGHT = 280;
const LEFT = 56;
const RIGHT = 16;
const TOP = 40;
const BOTTOM = 40;
const MAX_BAR = 36;
const GAP = 3;

/** Coordinates with at most one decimal. */
const n = (v: number) => String(Math.round(v * 10) / 10);

export function barChart<G>(groups: readonly G[], chart: BarChart<G>): SafeHtml {
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const max = niceMax(Math.max(0, ...groups.flatMap((g) => chart.series.map((s) => s.value(g)))));
  const slot = plotW / Math.max(1, groups.length);
  const barW = Math.min(MAX_BAR, slot / (chart.series.length + 1));
  const y = (v: number) => TOP + plotH - (v / max) * plotH;
  const first = groups.length ? chart.groupLabel(groups[0]) : '';
  const last = groups.length ? chart.groupLabel(groups[groups.length - 1]) : '';

  const grid = [0, max / 2, max].map(
    (v) =>
      html`<line x1="${n(LEFT)}" y1="${n(y(v))}" x2="${n(WIDTH - RIGHT)}" y2="${n(y(v))}" stroke="#c8c8c8" stroke-width="1"/><text x="${n(LEFT - 6)}" y="${n(y(v) + 4)}" text-anchor="end" font-size="12" fill="#333">${n(v)}</text>`,
  );
  const middle = n(TOP + plotH / 2);
  const axis = chart.axisLabel ? html`<text x="14" y="${middle}" transform="rotate(-90 14 ${middle})" text-anchor="middle" font-size="12" fill="#333">${chart.axisLabel}</text>` : '';
  const bars = groups.map((g, i) => {
    const label = chart.groupLabel(g);
    const x0 = LEFT + i * slot + (slot - chart.series.length * barW) / 2;
    return html`<g>${chart.series.map((s, j) => {
      const v = s.value(g);
      const x = x0 + j * barW;
      return html`<rect class="bar" x="${n(x)}" y="${n(y(v))}" width="${n(barW - GAP)}" height="${n(TOP + plotH - y(v))}" fill="${s.fill}"><title>${label}: ${v} ${s.label.toLowerCase()}</title></rect><text x="${n(x + (barW - GAP) / 2)}" y="${n(y(v) - 5)}" text-anchor="middle" font-size="11" fill="#222">${v}</text>`;
    })}<text x="${n(LEFT + i * slot + slot / 2)}" y="${n(HEIGHT - BOTTOM + 18)}" text-anchor="middle" font-size="12" fill="#222">${label}</text></g>`;
  });
  let legendX = LEFT;
  const legend = chart.series.map((s) => {
    const x = legendX;
    // About 7 units per character at font size 13, and room before the next entry.
    legendX += 20 + s.label.length * 7 + 24;
    return html`<rect x="${n(x)}" y="10" width="14" height="14" fill="${s.fill}"/><text x="${n(x + 20)}" y="22" font-size="13" fill="#222">${s.label}</text>`;
  });
  return html`<svg${chart.className ? html` class="${chart.className}"` : ''} xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${chart.ids.title} ${chart.ids.description}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" preserveAspectRatio="xMinYMin meet"><title id="${chart.ids.title}">${chart.title}</title><desc id="${chart.ids.description}">${chart.describe(first, last)}</desc>${grid}${axis}${bars}${legend}</svg>`;
}
