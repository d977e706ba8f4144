import { html } from './html';
import { lookupRows } from './lookups';

const org = (name: string) => ({ name, cbsCode: null, oin: '00000099000000000000' });

describe('the rows of "Wie bekeek mijn gegevens"', () => {
  it('shows newest first, in words, with the collaboration and the sources', () => {
    const rows = lookupRows([
      { at: '2026-11-16T09:00:00.000Z', actingFor: org('Haarlem'), collaboration: null, legalDomain: 'PARTICIPATIEWET', product: 'brp-persoon', sources: [{ supplier: 'BRP', outcome: 'ANSWERED' }], outcome: 'ANSWERED' },
      { at: '2026-11-17T13:05:00.000Z', actingFor: org('Zandvoort'), collaboration: { id: 'c', carriedOutBy: org('Haarlem') }, legalDomain: 'IOAW', product: 'uwv', sources: [{ supplier: 'UWV', outcome: 'NO_DATA' }], outcome: 'DENIED' },
    ]);
    expect(rows.map((r) => r.organisation)).toEqual(['Gemeente Zandvoort', 'Gemeente Haarlem']);
    expect(rows[0]).toEqual({
      when: '17 november 2026 om 14:05',
      whenIso: '2026-11-17T13:05:00.000Z',
      organisation: 'Gemeente Zandvoort',
      collaboration: 'In een samenwerkingsverband, uitgevoerd door gemeente Haarlem',
      legalDomain: 'IOAW',
      sources: ['UWV: geen gegevens bekend'],
      outcome: 'Geweigerd: geen gegevens ingezien',
    });
    expect(rows[1].sources).toEqual(['Basisregistratie Personen (RvIG): gegevens verstrekt']);
  });

  it('escapes what it shows', () => {
    expect(html`<td>${'<script>'}</td>`.toString()).toBe('<td>&lt;script&gt;</td>');
  });
});
