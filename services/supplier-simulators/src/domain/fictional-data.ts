/**
 * Deterministic fictional data per BSN: the same BSN always gives the same person, income,
 * benefits, study finance, vehicles and property. Nothing here describes a real person.
 */
import { isBsn } from '@inkijk/contracts';
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

const VOORNAMEN = ['Anna', 'Bram', 'Chantal', 'Daan', 'Eva', 'Fatima', 'Gerrit', 'Hanna', 'Ibrahim', 'Jasper', 'Kim', 'Lotte', 'Mohammed', 'Noor', 'Orlando', 'Priya', 'Rik', 'Sanne', 'Tim', 'Yara'];
const ACHTERNAMEN = [['', 'Jansen'], ['de', 'Vries'], ['van', 'Dijk'], ['', 'Bakker'], ['', 'Visser'], ['', 'Smit'], ['', 'Meijer'], ['de', 'Boer'], ['', 'Mulder'], ['de', 'Groot'], ['', 'Bos'], ['van der', 'Berg'], ['', 'Yilmaz'], ['', 'El Amrani']] as const;
const STRATEN = ['Grote Markt', 'Kruisstraat', 'Zeeweg', 'Kerkstraat', 'Stationsplein', 'Rijksweg', 'Molenweg', 'Dorpsstraat', 'Parklaan', 'Schoolstraat'];
const PLAATSEN = [['Haarlem', '20'], ['Zandvoort', '20'], ['Sittard', '61'], ['Geleen', '61'], ['Beek', '61'], ['Stein', '61'], ['Nuth', '63']] as const;
const WERKGEVERS = ['Bakkerij De Korenschoof BV', 'Zorggroep Kennemerland', 'Gemeente Haarlem', 'Chemelot Services BV', 'Strandpaviljoen Noord', 'Thuiszorg Westelijke Mijnstreek', 'Uitzendbureau Flex BV'];
const MERKEN = ['Volkswagen', 'Toyota', 'Opel', 'Renault', 'Kia', 'Peugeot', 'Ford'];

export interface Person {
  burgerservicenummer: string;
  naam: { voornamen: string; voorvoegsel?: string; geslachtsnaam: string };
  geslacht: { code: 'M' | 'V' | 'O'; omschrijving: string };
  geboorte: { datum: { type: 'Datum'; datum: string }; plaats: { omschrijving: string } };
  verblijfplaats: { verblijfadres: { officieleStraatnaam: string; huisnummer: number; postcode: string; woonplaats: string } };
}

export function person(bsn: string): Person {
  const g = generatorFor(`person:${bsn}`);
  const [voorvoegsel, geslachtsnaam] = g.pick(ACHTERNAMEN);
  const [woonplaats, pc] = g.pick(PLAATSEN);
  const code = g.pick(['M', 'V', 'V', 'M', 'O'] as const);
  const year = g.int(1945, 2006);
  const month = String(g.int(1, 12)).padStart(2, '0');
  const day = String(g.int(1, 28)).padStart(2, '0');
  return {
    burgerservicenummer: bsn,
    naam: { voornamen: g.pick(VOORNAMEN), ...(voorvoegsel ? { voorvoegsel } : {}), geslachtsnaam },
    geslacht: { code, omschrijving: code === 'M' ? 'man' : code === 'V' ? 'vrouw' : 'onbekend' },
    geboorte: { datum: { type: 'Datum', datum: `${year}-${month}-${day}` }, plaats: { omschrijving: g.pick(PLAATSEN)[0] } },
    verblijfplaats: {
      verblijfadres: { officieleStraatnaam: g.pick(STRATEN), huisnummer: g.int(1, 199), postcode: `${pc}${g.int(10, 99)}${String.fromCharCode(65 + g.int(0, 25))}${String.fromCharCode(65 + g.int(0, 25))}`, woonplaats },
    },
  };
}

export function incomeRelations(bsn: string) {
  const g = generatorFor(`uwv:${bsn}`);
  const n = g.int(0, 3);
  return Array.from({ length: n }, (_, i) => ({
    werkgever: g.pick(WERKGEVERS),
    aanvang: `${2018 + i * 2 + g.int(0, 1)}-${String(g.int(1, 12)).padStart(2, '0')}-01`,
    einde: i < n - 1 ? `${2019 + i * 2 + g.int(0, 1)}-${String(g.int(1, 12)).padStart(2, '0')}-01` : null,
    brutoloonPerMaand: g.int(900, 4200),
  }));
}

export function benefits(bsn: string) {
  const g = generatorFor(`svb:${bsn}`);
  return g.next() < 0.4 ? [] : [{ regeling: g.pick(['AOW', 'ANW', 'Kinderbijslag'] as const), bedragPerMaand: g.int(90, 1500), ingangsdatum: `${g.int(2010, 2025)}-01-01` }];
}

export function studyFinance(bsn: string) {
  const g = generatorFor(`duo:${bsn}`);
  return g.next() < 0.6 ? [] : [{ soort: g.pick(['Studiefinanciering', 'Tegemoetkoming scholieren'] as const), onderwijsinstelling: g.pick(['Hogeschool Inholland', 'Zuyd Hogeschool', 'ROC Nova College', 'Universiteit Maastricht']), bedragPerMaand: g.int(100, 1100) }];
}

export function vehicles(bsn: string) {
  const g = generatorFor(`rdw:${bsn}`);
  return Array.from({ length: g.int(0, 2) }, () => ({
    kenteken: `${String.fromCharCode(65 + g.int(0, 25))}${String.fromCharCode(65 + g.int(0, 25))}-${g.int(100, 999)}-${String.fromCharCode(65 + g.int(0, 25))}`,
    merk: g.pick(MERKEN),
    bouwjaar: g.int(2005, 2025),
  }));
}

export function property(bsn: string) {
  const g = generatorFor(`kadaster:${bsn}`);
  if (g.next() < 0.5) return [];
  const p = person(bsn).verblijfplaats.verblijfadres;
  return [{ perceel: `${p.woonplaats.slice(0, 3).toUpperCase()}00-${g.pick(['A', 'B', 'K', 'L'])}-${g.int(1000, 9999)}`, adres: `${p.officieleStraatnaam} ${p.huisnummer}, ${p.woonplaats}`, wozWaarde: g.int(180, 650) * 1000, aandeel: g.pick(['1/1', '1/2']) }];
}

/** Valid test BSNs the simulators know for searches by address or name (999990000-999991999). */
export const SEARCHABLE_BSNS: readonly string[] = (() => {
  const out: string[] = [];
  for (let n = 999990000; n < 999992000; n++) if (isBsn(String(n))) out.push(String(n));
  return out;
})();
