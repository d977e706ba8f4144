/**
 * How the data of a source are shown. A BRP person as a readable card; the other sources' records
 * (flat lists of fields) as a table whose headers are the field names in words. Amounts in euros,
 * dates as Dutch dates. Every value goes through `html`, so nothing a source sends becomes markup.
 */
import { formatDate } from '../domain/format';
import { html, SafeHtml } from '../domain/html';

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

const FIELD_NAMES: Record<string, string> = {
  werkgever: 'Werkgever',
  aanvang: 'Aanvang',
  einde: 'Einde',
  brutoloonPerMaand: 'Brutoloon per maand',
  regeling: 'Regeling',
  bedragPerMaand: 'Bedrag per maand',
  ingangsdatum: 'Ingangsdatum',
  soort: 'Soort',
  onderwijsinstelling: 'Onderwijsinstelling',
  kenteken: 'Kenteken',
  merk: 'Merk',
  bouwjaar: 'Bouwjaar',
  perceel: 'Perceel',
  adres: 'Adres',
  wozWaarde: 'WOZ-waarde',
  aandeel: 'Aandeel',
};

/** camelCase to words: "brutoloonPerMaand" -> "Brutoloon per maand". */
export function fieldName(key: string): string {
  if (FIELD_NAMES[key]) return FIELD_NAMES[key];
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const euro = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });

export function fieldValue(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'number' && /bedrag|loon|waarde/i.test(key)) return euro.format(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  if (isRecord(value)) return Object.entries(value).map(([k, v]) => `${fieldName(k)}: ${fieldValue(k, v)}`).join(', ');
  if (Array.isArray(value)) return value.map((v) => fieldValue(key, v)).join(', ');
  return String(value);
}

function str(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

/** A person in the Haal Centraal BRP shape. */
function brpPerson(p: Rec): SafeHtml {
  const naam = isRecord(p.naam) ? p.naam : {};
  const fullName = [str(naam.voornamen), str(naam.voorvoegsel), str(naam.geslachtsnaam)].filter(Boolean).join(' ');
  const geboorte = isRecord(p.geboorte) ? p.geboorte : {};
  const datum = isRecord(geboorte.datum) ? str(geboorte.datum.datum) : '';
  const plaats = isRecord(geboorte.plaats) ? str(geboorte.plaats.omschrijving) : '';
  const geslacht = isRecord(p.geslacht) ? str(p.geslacht.omschrijving) : '';
  const vp = isRecord(p.verblijfplaats) && isRecord(p.verblijfplaats.verblijfadres) ? p.verblijfplaats.verblijfadres : {};
  const adres = [`${str(vp.officieleStraatnaam)} ${str(vp.huisnummer)}`.trim(), `${str(vp.postcode)} ${str(vp.woonplaats)}`.trim()].filter(Boolean).join(', ');
  return html`<dl class="gegevens">
    <dt>Naam</dt><dd>${fullName || '–'}</dd>
    <dt>BSN</dt><dd>${str(p.burgerservicenummer) || '–'}</dd>
    <dt>Geslacht</dt><dd>${geslacht || '–'}</dd>
    <dt>Geboren</dt><dd>${datum ? formatDate(datum) : '–'}${plaats ? ` in ${plaats}` : ''}</dd>
    <dt>Adres</dt><dd>${adres || '–'}</dd>
  </dl>`;
}

function table(records: Rec[], caption: string): SafeHtml {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return html`<div class="tabel-schuif"><table class="tabel">
    <caption class="visueel-verborgen">${caption}</caption>
    <thead><tr>${keys.map((k) => html`<th scope="col">${fieldName(k)}</th>`)}</tr></thead>
    <tbody>${records.map((r) => html`<tr>${keys.map((k) => html`<td>${fieldValue(k, r[k])}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

/** The data one source returned. */
export function sourceData(supplier: string, data: unknown, caption: string): SafeHtml {
  const records = Array.isArray(data) ? data.filter(isRecord) : isRecord(data) ? [data] : [];
  if (records.length === 0) return html``;
  if (supplier === 'BRP') return html`${records.map(brpPerson)}`;
  return table(records, caption);
}
