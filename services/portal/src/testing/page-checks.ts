/**
 * Checks every rendered page of the views' unit tests passes: Dutch, with landmarks and a skip
 * link, every form field labelled, text from services escaped (`EVIL` never appears as markup),
 * and nothing loaded from another origin. Test support only: nothing in the portal imports it.
 */

/** Markup a hostile name or message might carry; a page shows it only escaped. */
export const EVIL = '<img src=x onerror=alert(1)>';

/** Ids of fields (input except hidden, select, textarea) without a <label for>. */
export function unlabelled(page: string): string[] {
  const labelled = new Set([...page.matchAll(/<label[^>]*\sfor="([^"]+)"/g)].map((m) => m[1]));
  const fields = [...page.matchAll(/<(input|select|textarea)\b([^>]*)>/g)].filter((m) => !/type="hidden"/.test(m[2]));
  return fields.map((m) => /\sid="([^"]+)"/.exec(m[2])?.[1] ?? '(no id)').filter((id) => !labelled.has(id));
}

export function expectGoodPage(page: string): void {
  expect(page).toMatch(/^<!doctype html>\s*<html lang="nl">/);
  expect(page).toContain('<a class="skiplink" id="skiplink" href="#inhoud">');
  for (const landmark of ['<header', '<main id="inhoud"', '<footer']) expect(page).toContain(landmark);
  expect(unlabelled(page)).toEqual([]);
  expect(page).not.toContain(EVIL);
  expect(page).not.toMatch(/<img\b|<script>/);
  expect(page).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/); // no third-party origins
}
