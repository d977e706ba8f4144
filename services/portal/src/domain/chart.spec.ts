import { niceMax } from './html';
import { usageChart } from './chart';

describe('the usage chart', () => {
  const months = [
    { month: '2026-05', sourceQueries: 0, accountManagementActions: 2 },
    { month: '2026-06', sourceQueries: 12, accountManagementActions: 0 },
    { month: '2026-07', sourceQueries: 7, accountManagementActions: 1 },
  ];

  it('draws two bars per month, labelled with their figures, under a title and a description', () => {
    const svg = usageChart(months).toString();
    expect(svg.match(/<rect [^>]*fill="#154273"><title>/g)).toHaveLength(3);
    expect(svg.match(/<rect [^>]*fill="#b35900"><title>/g)).toHaveLength(3);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="gebruik-titel">Gebruik per maand</title>');
    expect(svg).toContain('12 bevragingen');
    expect(svg).toMatch(/mei 26/);
  });

  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 12, 20, 51, 999].map(niceMax)).toEqual([1, 1, 5, 20, 20, 100, 1000]);
  });

  it('draws an empty period without dividing by zero', () => {
    expect(usageChart([]).toString()).not.toContain('NaN');
    expect(usageChart(months.map((m) => ({ ...m, sourceQueries: 0, accountManagementActions: 0 }))).toString()).not.toContain('NaN');
  });
});
