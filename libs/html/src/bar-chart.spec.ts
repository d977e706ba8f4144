import { barChart, BarChart, niceMax } from './bar-chart';

interface Month {
  month: string;
  a: number;
  b: number;
}

const chart: BarChart<Month> = {
  ids: { title: 't', description: 'd' },
  title: 'Use <per> month',
  describe: (first, last) => `From ${first} to ${last}.`,
  series: [
    { label: 'Queries', fill: '#154273', value: (m) => m.a },
    { label: 'Actions', fill: '#b35900', value: (m) => m.b },
  ],
  groupLabel: (m) => m.month,
};
const months: Month[] = [
  { month: '2026-05', a: 0, b: 2 },
  { month: '2026-06', a: 12, b: 0 },
  { month: '2026-07', a: 7, b: 1 },
];

describe('the bar chart', () => {
  it('draws one bar per group and series, each with its figure and a tooltip', () => {
    const svg = barChart(months, chart).toString();
    expect(svg.match(/<rect class="bar" [^>]*fill="#154273"><title>/g)).toHaveLength(3);
    expect(svg.match(/<rect class="bar" [^>]*fill="#b35900"><title>/g)).toHaveLength(3);
    expect(svg).toContain('<title>2026-06: 12 queries</title>');
    expect(svg).toMatch(/font-size="11" fill="#222">12<\/text>/);
  });

  it('is an image with an escaped title and a description of the period, for screen readers', () => {
    const svg = barChart(months, chart).toString();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" role="img" aria-labelledby="t d"/);
    expect(svg).toContain('<title id="t">Use &lt;per&gt; month</title>');
    expect(svg).toContain('<desc id="d">From 2026-05 to 2026-07.</desc>');
  });

  it('takes a class and an axis label when the page asks for them', () => {
    expect(barChart(months, chart).toString()).not.toContain('rotate(');
    const svg = barChart(months, { ...chart, className: 'grafiek', axisLabel: 'Number' }).toString();
    expect(svg).toMatch(/^<svg class="grafiek" /);
    expect(svg).toMatch(/transform="rotate\(-90 [^"]+\)"[^>]*>Number<\/text>/);
  });

  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 12, 20, 51, 100, 999].map(niceMax)).toEqual([1, 1, 5, 10, 20, 20, 100, 100, 1000]);
    expect(barChart(months, chart).toString()).toMatch(/text-anchor="end" font-size="12" fill="#333">20<\/text>/);
  });

  it('draws an empty period, and a period without use, without dividing by zero', () => {
    expect(barChart([], chart).toString()).not.toContain('NaN');
    expect(barChart(months.map((m) => ({ ...m, a: 0, b: 0 })), chart).toString()).not.toContain('NaN');
  });

  it('gives the same markup for the same groups', () => {
    expect(barChart(JSON.parse(JSON.stringify(months)) as Month[], chart).toString()).toBe(barChart(months, chart).toString());
  });
});
