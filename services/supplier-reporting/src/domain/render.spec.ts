import { csv, csvField, escapeHtml, genericReportCsv, genericReportHtml, niceMax, usageChartSvg } from './render';
import { genericReport } from './reports';

const report = genericReport({
  organisationId: 'org-z',
  organisation: { id: 'org-z', oin: '00000099000000000473', name: 'Zandvoort <script>' },
  reportMonth: '2026-11',
  version: 1,
  queryUsage: [
    { month: '2026-10', collaborationId: 'c', product: '=HYPERLINK("x")', searchKeyType: 'BSN', outsideOfficeHours: false, whitelistOutcome: 'ESCAPE', escapeReason: 'SPOED, dringend', queries: 3, lastOccurredAt: 1 },
  ],
  supplierUsage: [],
  accountActions: [{ month: '2026-09', action: 'UserCreated', actions: 2, lastOccurredAt: 1 }],
});

describe('CSV', () => {
  it('quotes separators and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('-3')).toBe("'-3");
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
    expect(csv(['a', 'b'], [[1, 'x']])).toBe('a,b\r\n1,x\r\n');
  });

  it('writes the generic report as one tidy table with every figure', () => {
    const lines = genericReportCsv(report).trimEnd().split('\r\n');
    expect(lines[0]).toBe('customer_organisation_id,report_month,version,month,measure,key,value');
    expect(lines).toContain('org-z,2026-11,1,2026-10,sourceQueries,,3');
    expect(lines).toContain('org-z,2026-11,1,2026-09,accountManagementActions,,2');
    expect(lines).toContain('org-z,2026-11,1,2026-10,escapes,"SPOED, dringend",3');
    expect(lines).toContain(`org-z,2026-11,1,2026-10,byProduct,"'=HYPERLINK(""x"")",3`);
    expect(lines).toHaveLength(1 + 6 * 7 + 3);
  });
});

describe('HTML', () => {
  const html = genericReportHtml(report);

  it('escapes what came from events', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('Zandvoort &lt;script&gt;');
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
  });

  it('has an accessible chart (title, description) and the same figures as a table', () => {
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<svg[^>]+role="img"[^>]+aria-labelledby="chart-title chart-desc"/);
    expect(html).toContain('<title id="chart-title">Use per month</title>');
    expect(html).toContain('<caption>Use per month</caption>');
    expect(html).toMatch(/<th scope="row">2026-10<\/th><td>3<\/td><td>0<\/td>/);
    expect(html).not.toMatch(/<script/i);
  });

  it('draws one bar per month and series, scaled to a round maximum', () => {
    const svg = usageChartSvg(report.months);
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(12);
    expect([niceMax(0), niceMax(3), niceMax(7), niceMax(12), niceMax(100)]).toEqual([1, 5, 10, 20, 100]);
  });

  it('is the same bytes for the same report', () => {
    expect(genericReportHtml(JSON.parse(JSON.stringify(report)))).toBe(html);
  });
});
