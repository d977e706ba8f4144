import { escapeHtml, niceMax } from '@inkijk/html';
import { csv, csvField, genericReportCsv, genericReportHtml, specificReportCsv, usageChartSvg } from './render';
import { genericReport, specificReport } from './reports';

const report = genericReport({
  organisationId: 'org-z',
  organisation: { id: 'org-z', oin: '00000099000000000473', name: 'Zandvoort <script>' },
  reportMonth: '2026-11',
  version: 1,
  queryUsage: [
    { month: '2026-10', collaborationId: 'c', product: '=HYPERLINK("x")', searchKeyType: 'BSN', outsideOfficeHours: false, whitelistOutcome: 'ESCAPE', escapeReason: 'SPOED, dringend', notOnCaseload: false, queries: 3, lastOccurredAt: 1 },
  ],
  supplierUsage: [],
  activityUsage: [{ month: '2026-09', action: 'USER_CREATED', outcome: 'SUCCEEDED', actorUserId: 'a-1', actions: 2, lastOccurredAt: 1 }],
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
    expect(lines).toContain('org-z,2026-11,1,2026-10,notOnCaseloadQueries,,0');
    expect(lines).toHaveLength(1 + 6 * 9 + 3);
  });
});

describe('specific report CSV', () => {
  it('has the same figures as the JSON: queries, logins, failures, lockouts and administrators per month', () => {
    const r = specificReport({
      organisationId: 'o',
      reportMonth: '2026-11',
      workerUsage: [{ month: '2026-10', userId: 'w-1', queries: 4 }],
      subjectUsage: [{ month: '2026-10', pseudonym: 'p1', queries: 4 }],
      activityUsage: [
        { month: '2026-10', action: 'LOGIN', outcome: 'SUCCEEDED', actorUserId: 'w-1', actions: 2, lastOccurredAt: 1 },
        { month: '2026-09', action: 'LOGIN', outcome: 'REFUSED', actorUserId: 'w-1', actions: 1, lastOccurredAt: 1 },
        { month: '2026-09', action: 'ACCOUNT_LOCKED', outcome: 'SUCCEEDED', actorUserId: 'w-1', actions: 1, lastOccurredAt: 1 },
        { month: '2026-10', action: 'LOGIN', outcome: 'REFUSED', actorUserId: '', actions: 3, lastOccurredAt: 1 },
        { month: '2026-10', action: 'USER_CHANGED', outcome: 'SUCCEEDED', actorUserId: 'a-1', actions: 5, lastOccurredAt: 1 },
      ],
      generatedAt: 1,
    });
    const lines = specificReportCsv(r).trimEnd().split('\r\n');
    expect(lines[0]).toBe('kind,id,month,count');
    expect(lines).toEqual(expect.arrayContaining(['worker,w-1,2026-10,4', 'subject,p1,,4', 'login,w-1,2026-10,2', 'login,w-1,2026-09,0', 'failed_login,w-1,2026-09,1', 'lockout,w-1,2026-09,1', 'failed_login_without_account,,2026-10,3', 'administrator,a-1,2026-10,5']));
    // Six months each: 1 worker, 1 subject, 3 login kinds of 1 person, failures without an account, 1 administrator.
    expect(lines).toHaveLength(1 + 6 + 1 + 18 + 6 + 6);
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
