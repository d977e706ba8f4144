/**
 * Deterministic fictional data per BSN: the same BSN always gives the same person, income,
 * benefits, study finance, vehicles and property, and they fit together (issue 26):
 * - the person lives in the municipality whose client they are (the demo world's caseloads,
 *   @inkijk/demo-world), at a street and postcode of one of its places;
 * - first names match the registered gender;
 * - income, benefits and study finance fit the age (no salary past the state pension age, the
 *   AOW from 67, study finance between 16 and 30, child benefit in the years of young children),
 *   salaries above the statutory minimum wage;
 * - vehicles carry Dutch licence plates (no vowels) and are no older than their owner's licence;
 * - a parcel lies at the person's own address, in its cadastral municipality, at a WOZ value of
 *   the municipality's range.
 * Nothing here describes a real person.
 */
import { isBsn } from '@inkijk/contracts';
import { homeOf, PLACES } from '@inkijk/demo-world';
import { createHash } from 'node:crypto';

/** A small deterministic generator seeded from a string. */
export function generatorFor(seed: string) {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0) || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}

/** The reference day of the fictional world (ages, years of vehicles and benefits). */
const REFERENCE_YEAR = 2026;
const STATE_PENSION_AGE = 67;
/** Statutory minimum wage per month, full time, 2026 (rounded). */
const MINIMUM_WAGE = 2_300;

export const VOORNAMEN_V: readonly string[] = ['Anna', 'Chantal', 'Eva', 'Fatima', 'Hanna', 'Kim', 'Lotte', 'Noor', 'Priya', 'Sanne', 'Yara', 'Maria', 'Sophie', 'Ayşe'];
export const VOORNAMEN_M: readonly string[] = ['Bram', 'Daan', 'Gerrit', 'Ibrahim', 'Jasper', 'Mohammed', 'Orlando', 'Rik', 'Tim', 'Sjef', 'Luuk', 'Mehmet', 'Pieter', 'Jan'];
const ACHTERNAMEN = [['', 'Jansen'], ['de', 'Vries'], ['van', 'Dijk'], ['', 'Bakker'], ['', 'Visser'], ['', 'Smit'], ['', 'Meijer'], ['de', 'Boer'], ['', 'Mulder'], ['de', 'Groot'], ['', 'Bos'], ['van den', 'Berg'], ['', 'Yılmaz'], ['', 'El Amrani'], ['', 'Janssen'], ['', 'Hermans'], ['', 'Kurvers']] as const;
const WERKGEVERS: Record<'noord' | 'zuid', readonly string[]> = {
  noord: ['Bakkerij De Korenschoof BV', 'Zorggroep Kennemerland', 'Gemeente Haarlem', 'Strandpaviljoen Noord', 'Spaarne Gasthuis', 'Uitzendbureau Flex BV'],
  zuid: ['Chemelot Services BV', 'Thuiszorg Westelijke Mijnstreek', 'Zuyderland Medisch Centrum', 'VDL Nedcar', 'Bakkerij Limburgia BV', 'Uitzendbureau Flex BV'],
};
const MERKEN = ['Volkswagen', 'Toyota', 'Opel', 'Renault', 'Kia', 'Peugeot', 'Ford', 'Škoda'];
/** Letters on Dutch licence plates: no vowels (and no C, Q). */
const PLATE_LETTERS = 'BDFGHJKLNPRSTVXZ';

export interface Person {
  burgerservicenummer: string;
  naam: { voornamen: string; voorvoegsel?: string; geslachtsnaam: string };
  geslacht: { code: 'M' | 'V' | 'O'; omschrijving: string };
  geboorte: { datum: { type: 'Datum'; datum: string }; plaats: { omschrijving: string } };
  verblijfplaats: { verblijfadres: { officieleStraatnaam: string; huisnummer: number; postcode: string; woonplaats: string } };
}

/** Where the person lives: a place of the municipality whose client they are. */
function residence(bsn: string) {
  const g = generatorFor(`home:${bsn}`);
  const home = homeOf(bsn, g.pick);
  const place = g.pick(PLACES[home].places);
  const letters = () => String.fromCharCode(65 + g.int(0, 25));
  return {
    home,
    place,
    address: {
      officieleStraatnaam: g.pick(place.streets),
      huisnummer: g.int(1, 199),
      postcode: `${g.int(place.postcodes[0], place.postcodes[1])}${letters()}${letters()}`,
      woonplaats: place.name,
    },
  };
}

function birthYear(bsn: string): number {
  return generatorFor(`born:${bsn}`).int(1945, 2006);
}

export function person(bsn: string): Person {
  const g = generatorFor(`person:${bsn}`);
  const [voorvoegsel, geslachtsnaam] = g.pick(ACHTERNAMEN);
  const code = g.pick(['M', 'V', 'V', 'M', 'M', 'V', 'V', 'M', 'M', 'O'] as const);
  const voornamen = g.pick(code === 'M' ? VOORNAMEN_M : code === 'V' ? VOORNAMEN_V : [...VOORNAMEN_M, ...VOORNAMEN_V]);
  const year = birthYear(bsn);
  const month = String(g.int(1, 12)).padStart(2, '0');
  const day = String(g.int(1, 28)).padStart(2, '0');
  const r = residence(bsn);
  // Most people were born in (a place of) their region; some elsewhere.
  const born = g.next() < 0.6 ? g.pick(PLACES[r.home].places).name : g.pick(['Amsterdam', 'Rotterdam', 'Maastricht', 'Utrecht', 'Heerlen', 'Istanbul', 'Casablanca', 'Paramaribo']);
  return {
    burgerservicenummer: bsn,
    naam: { voornamen, ...(voorvoegsel ? { voorvoegsel } : {}), geslachtsnaam },
    geslacht: { code, omschrijving: code === 'M' ? 'man' : code === 'V' ? 'vrouw' : 'onbekend' },
    geboorte: { datum: { type: 'Datum', datum: `${year}-${month}-${day}` }, plaats: { omschrijving: born } },
    verblijfplaats: { verblijfadres: r.address },
  };
}

const ageOf = (bsn: string) => REFERENCE_YEAR - birthYear(bsn);
const region = (bsn: string): 'noord' | 'zuid' => (['haarlem', 'zandvoort'].includes(residence(bsn).home) ? 'noord' : 'zuid');

/** UWV: employment from 18 until the state pension age, at or above the minimum wage. */
export function incomeRelations(bsn: string) {
  const g = generatorFor(`uwv:${bsn}`);
  const age = ageOf(bsn);
  if (age < 18 || age >= STATE_PENSION_AGE) return [];
  const firstYear = Math.max(REFERENCE_YEAR - age + 18, 2015);
  const n = g.int(0, 3);
  return Array.from({ length: n }, (_, i) => {
    const start = Math.min(firstYear + i * 2 + g.int(0, 1), REFERENCE_YEAR);
    return {
      werkgever: g.pick(WERKGEVERS[region(bsn)]),
      aanvang: `${start}-${String(g.int(1, 12)).padStart(2, '0')}-01`,
      einde: i < n - 1 ? `${Math.min(start + 1, REFERENCE_YEAR)}-${String(g.int(1, 12)).padStart(2, '0')}-01` : null,
      // Part-time jobs pay less per month; the hourly wage is never below the minimum.
      brutoloonPerMaand: Math.round((MINIMUM_WAGE + g.int(0, 2900)) * g.pick([1, 1, 1, 0.8, 0.6])),
    };
  });
}

/** SVB: AOW from the state pension age, child benefit in the years of young children, rarely ANW. */
export function benefits(bsn: string) {
  const g = generatorFor(`svb:${bsn}`);
  const age = ageOf(bsn);
  const born = birthYear(bsn);
  if (age >= STATE_PENSION_AGE) return [{ regeling: 'AOW' as const, bedragPerMaand: g.int(1_050, 1_550), ingangsdatum: `${born + STATE_PENSION_AGE}-${String(g.int(1, 12)).padStart(2, '0')}-01` }];
  if (age >= 25 && age <= 50 && g.next() < 0.5) return [{ regeling: 'Kinderbijslag' as const, bedragPerMaand: g.int(1, 3) * 100, ingangsdatum: `${Math.max(born + g.int(22, 40), 2010)}-01-01` }];
  if (age >= 30 && g.next() < 0.05) return [{ regeling: 'ANW' as const, bedragPerMaand: g.int(1_200, 1_500), ingangsdatum: `${g.int(2015, 2025)}-01-01` }];
  return [];
}

/** DUO: study finance between 16 and 30, at a school of the region. */
export function studyFinance(bsn: string) {
  const g = generatorFor(`duo:${bsn}`);
  const age = ageOf(bsn);
  if (age < 16 || age > 30 || g.next() < 0.4) return [];
  const schools = region(bsn) === 'noord' ? ['Hogeschool Inholland', 'Nova College', 'Universiteit van Amsterdam'] : ['Zuyd Hogeschool', 'VISTA college', 'Universiteit Maastricht'];
  return [{ soort: age < 18 ? ('Tegemoetkoming scholieren' as const) : ('Studiefinanciering' as const), onderwijsinstelling: g.pick(schools), bedragPerMaand: g.int(100, 1_100) }];
}

/** RDW: none before 18; a Dutch plate (sidecode XX-999-X, no vowels); built no earlier than 2005. */
export function vehicles(bsn: string) {
  const g = generatorFor(`rdw:${bsn}`);
  if (ageOf(bsn) < 18) return [];
  const letter = () => PLATE_LETTERS[g.int(0, PLATE_LETTERS.length - 1)];
  return Array.from({ length: g.int(0, 2) }, () => ({
    kenteken: `${letter()}${letter()}-${g.int(100, 999)}-${letter()}`,
    merk: g.pick(MERKEN),
    bouwjaar: g.int(Math.max(2005, birthYear(bsn) + 18), REFERENCE_YEAR),
  }));
}

/** Kadaster: half of the people own their home: the parcel at their address, in its cadastral municipality. */
export function property(bsn: string) {
  const g = generatorFor(`kadaster:${bsn}`);
  if (ageOf(bsn) < 21 || g.next() < 0.5) return [];
  const r = residence(bsn);
  const [low, high] = PLACES[r.home].woz;
  return [
    {
      perceel: `${r.place.cadastral} ${g.pick(['A', 'B', 'K', 'L'])} ${g.int(1000, 9999)}`,
      adres: `${r.address.officieleStraatnaam} ${r.address.huisnummer}, ${r.address.postcode} ${r.address.woonplaats}`,
      wozWaarde: g.int(low, high) * 1000,
      aandeel: g.pick(['1/1', '1/1', '1/2']),
    },
  ];
}

/** Belastingdienst: the income tax assessments of the last three years (box 1 income, box 3 assets). */
export function taxAssessments(bsn: string) {
  const g = generatorFor(`belastingdienst:${bsn}`);
  if (ageOf(bsn) < 18) return [];
  const salary = incomeRelations(bsn).filter((j) => j.einde === null).reduce((sum, j) => sum + j.brutoloonPerMaand * 12, 0);
  const pension = benefits(bsn).filter((b) => b.regeling === 'AOW').reduce((sum, b) => sum + b.bedragPerMaand * 12, 0);
  const assets = g.next() < 0.7 ? g.int(0, 30) * 1000 : g.int(30, 400) * 1000;
  return [REFERENCE_YEAR - 3, REFERENCE_YEAR - 2, REFERENCE_YEAR - 1].map((jaar, i) => ({
    belastingjaar: jaar,
    // Income of earlier years a little lower; never below zero.
    verzamelinkomenBox1: Math.max(0, Math.round((salary + pension) * (0.94 + 0.03 * i))),
    vermogenBox3: Math.round(assets * (0.9 + 0.05 * i)),
    status: i < 2 ? ('DEFINITIEF' as const) : g.pick(['VOORLOPIG', 'DEFINITIEF'] as const),
  }));
}

/** KvK: about one in seven adults runs a business (mostly a sole proprietorship) registered in their own place. */
export function businesses(bsn: string) {
  const g = generatorFor(`kvk:${bsn}`);
  const years = ageOf(bsn);
  if (years < 18 || g.next() > 0.15) return [];
  const r = residence(bsn);
  const [activity, name] = g.pick([
    ['Schilders- en afwerkingsbedrijf', 'Schildersbedrijf'],
    ['Kapsalon', 'Kapsalon'],
    ['Schoonmaakbedrijf', 'Schoonmaakservice'],
    ['Koeriersdienst', 'Koeriersdienst'],
    ['Grafisch ontwerp', 'Ontwerpstudio'],
    ['Thuiszorg', 'Zorg aan huis'],
  ] as const);
  return [
    {
      kvkNummer: String(g.int(10_000_000, 99_999_999)),
      handelsnaam: `${name} ${person(bsn).naam.geslachtsnaam}`,
      rechtsvorm: g.pick(['Eenmanszaak', 'Eenmanszaak', 'Vennootschap onder firma'] as const),
      sbiOmschrijving: activity,
      vestigingsplaats: r.address.woonplaats,
      startdatum: `${g.int(Math.max(REFERENCE_YEAR - years + 18, 2000), REFERENCE_YEAR)}-${String(g.int(1, 12)).padStart(2, '0')}-01`,
    },
  ];
}

/** A licence plate as people write it (with or without dashes, any case), in one form: no dashes, upper case. */
export const plateKey = (plate: string): string => plate.replace(/[-\s]/g, '').toUpperCase();
/** A parcel (kadastrale aanduiding, e.g. "HLM00 K 1234") in one form: single spaces, upper case. */
export const parcelKey = (parcel: string): string => parcel.trim().replace(/[-\s]+/g, ' ').toUpperCase();

/** Valid test BSNs the simulators know for searches by address, name, plate or parcel (999990000-999991999). */
export const SEARCHABLE_BSNS: readonly string[] = (() => {
  const out: string[] = [];
  for (let n = 999990000; n < 999992000; n++) if (isBsn(String(n))) out.push(String(n));
  return out;
})();
