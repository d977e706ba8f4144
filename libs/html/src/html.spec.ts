import { escapeHtml, html, join, path, SafeHtml, trustedMarkup } from './html';

describe('html: every interpolation is escaped', () => {
  const attack = `<script>alert("x")</script><img src=x onerror='y'>\`&`;

  it('escapes text in element content and in attribute values', () => {
    const page = html`<p title="${attack}">${attack}</p>`.toString();
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).not.toMatch(/title="[^"]*"[^>]*onerror/);
    expect(page).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;y&#39;&gt;&#96;&amp;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;y&#39;&gt;&#96;&amp;</p>',
    );
  });

  it('inserts nested html as markup, but escapes plain strings that look like markup', () => {
    const inner = html`<strong>${'a & b'}</strong>`;
    expect(html`<p>${inner}</p>`.toString()).toBe('<p><strong>a &amp; b</strong></p>');
    expect(html`<p>${'<strong>x</strong>'}</p>`.toString()).toBe('<p>&lt;strong&gt;x&lt;/strong&gt;</p>');
  });

  it('renders arrays item by item, numbers as text, and null, undefined and false as nothing', () => {
    const items = ['<a>', 'b'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>`.toString()).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>');
    expect(html`${0}|${null}|${undefined}|${false}|${true}|${['<', html`<br>`]}`.toString()).toBe('0||||true|&lt;<br>');
  });

  it('joins with an escaped separator', () => {
    expect(join(['a', html`<b>b</b>`], ' & ').toString()).toBe('a &amp; <b>b</b>');
  });

  it('cannot be fooled by an object that pretends to be safe', () => {
    const fake = { value: '<script>', toString: () => '<script>' } as unknown as SafeHtml;
    expect(html`${fake}`.toString()).toBe('&lt;script&gt;');
  });

  it('escapes the five characters that matter and the backtick', () => {
    expect(escapeHtml(`&<>"'\``)).toBe('&amp;&lt;&gt;&quot;&#39;&#96;');
  });

  it('encodes path segments, so an id cannot leave its segment', () => {
    expect(path`/samenwerkingsverbanden/${'../x?y=1#z'}/leden`).toBe('/samenwerkingsverbanden/..%2Fx%3Fy%3D1%23z/leden');
  });

  it('takes only constants as trusted markup', () => {
    expect(trustedMarkup('<svg></svg>').toString()).toBe('<svg></svg>');
    expect(() => trustedMarkup('${x}')).toThrow();
  });
});
