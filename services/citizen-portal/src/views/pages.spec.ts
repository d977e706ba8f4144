import { lookupsPage, startPage } from './pages';

const EVIL = '<img src=x onerror=alert(1)>';

describe("the citizen's pages", () => {
  it('are Dutch, with a skip link, landmarks, no script and nothing from another origin', () => {
    for (const page of [startPage().toString(), lookupsPage([], true).toString()]) {
      expect(page).toMatch(/^<!doctype html>\s*<html lang="nl">/);
      expect(page).toContain('<a class="skiplink" href="#inhoud">');
      for (const landmark of ['<header', '<main id="inhoud"']) expect(page).toContain(landmark);
      expect(page).not.toMatch(/<script|https?:\/\//);
    }
  });

  it('shows a table with a caption and column headers, text escaped, and says when there is nothing', () => {
    const row = { when: '6 december 2026 om 09:35', whenIso: '2026-12-06T08:35:00.000Z', organisation: `Gemeente ${EVIL}`, collaboration: null, legalDomain: 'IOAW', sources: ['UWV: geen gegevens bekend'], outcome: 'Gegevens ingezien' };
    const page = lookupsPage([row], true).toString();
    expect(page).toContain('<caption>Opvragingen van uw gegevens (nieuwste eerst)</caption>');
    expect(page.match(/<th scope="col">/g)).toHaveLength(5);
    expect(page).not.toContain(EVIL);
    expect(page).toContain('&lt;img');
    expect(lookupsPage([], true).toString()).toContain('Er zijn geen opvragingen van uw gegevens via Suwinet-Inkijk bekend.');
    expect(lookupsPage([row], false).toString()).toContain('Alleen de oudste opvragingen');
  });

  it('offers a message at a new query, or to stop them, as a form button (no script)', () => {
    const off = lookupsPage([], true, false).toString();
    expect(off).toContain('<input type="hidden" name="berichten" value="aan"><button type="submit">Stuur mij een bericht</button>');
    const on = lookupsPage([], true, true).toString();
    expect(on).toContain('hoogstens één per gemeente per dag');
    expect(on).toContain('<input type="hidden" name="berichten" value="uit"><button type="submit">Geen berichten meer</button>');
    expect(lookupsPage([], true, null).toString()).not.toContain('name="berichten"');
  });
});
