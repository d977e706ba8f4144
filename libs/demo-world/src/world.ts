/**
 * The demo's fictional world, one source for every part that shows it: the municipalities with
 * their test OINs, whose clients the test BSNs are (the caseloads registration loads as
 * whitelists), and where each municipality's people live (places, postcodes, streets, cadastral
 * municipalities), so that the supplier simulators answer with people who live in the
 * municipality whose client they are. Fictional people; every BSN is a test BSN (11-proef), every
 * OIN has the test prefix 00000099. Plain data and pure functions.
 */

export interface DemoMunicipality {
  key: 'haarlem' | 'zandvoort' | 'sittard' | 'beek' | 'stein' | 'beekdaelen';
  id: string;
  cbsCode: string;
  oin: string;
  name: string;
}

export const MUNICIPALITIES = [
  { key: 'haarlem', id: '0a000000-0000-4000-8000-000000000392', cbsCode: 'GM0392', oin: '00000099000000000392', name: 'Haarlem' },
  { key: 'zandvoort', id: '0a000000-0000-4000-8000-000000000473', cbsCode: 'GM0473', oin: '00000099000000000473', name: 'Zandvoort' },
  { key: 'sittard', id: '0a000000-0000-4000-8000-000000001883', cbsCode: 'GM1883', oin: '00000099000000001883', name: 'Sittard-Geleen' },
  { key: 'beek', id: '0a000000-0000-4000-8000-000000000888', cbsCode: 'GM0888', oin: '00000099000000000888', name: 'Beek' },
  { key: 'stein', id: '0a000000-0000-4000-8000-000000000971', cbsCode: 'GM0971', oin: '00000099000000000971', name: 'Stein' },
  { key: 'beekdaelen', id: '0a000000-0000-4000-8000-000000001954', cbsCode: 'GM1954', oin: '00000099000000001954', name: 'Beekdaelen' },
] as const satisfies readonly DemoMunicipality[];
export type MunicipalityKey = (typeof MUNICIPALITIES)[number]['key'];
export const municipality = (k: MunicipalityKey) => MUNICIPALITIES.find((m) => m.key === k)!;

/** Whose clients the test BSNs are (each passes the 11-proef). */
export const CASELOADS: Record<MunicipalityKey, string[]> = {
  haarlem: ['999990019', '999990020', '999990032'],
  zandvoort: ['999990044', '999990056', '999990068'],
  sittard: ['999990081', '999990093'],
  beek: ['999990111', '999990123'],
  stein: ['999990135'],
  beekdaelen: ['999990147'],
};
/** A valid BSN on no caseload: the escape flow. */
export const BSN_NOT_ON_ANY_LIST = '999990159';

/** A place (woonplaats) of a municipality: its postcodes (4-digit numbers), streets and cadastral municipality. */
export interface Place {
  name: string;
  postcodes: readonly [from: number, to: number];
  streets: readonly string[];
  /** Kadastrale gemeente code, e.g. HLM00. */
  cadastral: string;
}

/** Where each municipality's people live, and what a house costs there (WOZ, thousands of euros). */
export const PLACES: Record<MunicipalityKey, { places: readonly Place[]; woz: readonly [number, number] }> = {
  haarlem: {
    woz: [240, 720],
    places: [{ name: 'Haarlem', postcodes: [2011, 2037], cadastral: 'HLM00', streets: ['Grote Houtstraat', 'Kleine Houtweg', 'Rijksstraatweg', 'Schoterweg', 'Zijlweg', 'Leidsevaart', 'Amsterdamstraat', 'Kennemerplein', 'Kamperstraat', 'Gedempte Oude Gracht'] }],
  },
  zandvoort: {
    woz: [300, 850],
    places: [
      { name: 'Zandvoort', postcodes: [2041, 2042], cadastral: 'ZVT00', streets: ['Haltestraat', 'Zeestraat', 'Kerkstraat', 'Thorbeckestraat', 'Burgemeester Engelbertsstraat', 'Brederodestraat', 'Celsiusstraat'] },
      { name: 'Bentveld', postcodes: [2116, 2116], cadastral: 'ZVT00', streets: ['Zandvoortselaan', 'Bentveldsweg', 'Duinweg'] },
    ],
  },
  sittard: {
    woz: [180, 420],
    places: [
      { name: 'Sittard', postcodes: [6131, 6137], cadastral: 'STD00', streets: ['Limbrichterstraat', 'Rijksweg Zuid', 'Markt', 'Kollenberg', 'Steenweg', 'Leyenbroekerweg'] },
      { name: 'Geleen', postcodes: [6161, 6167], cadastral: 'GLN00', streets: ['Markt', 'Rijksweg Centrum', 'Annastraat', 'Jacob Ruysdaelstraat', 'Geenstraat'] },
      { name: 'Born', postcodes: [6121, 6122], cadastral: 'BRN00', streets: ['Dorpsstraat', 'Markt', 'Rijksweg'] },
    ],
  },
  beek: {
    woz: [200, 440],
    places: [
      { name: 'Beek', postcodes: [6191, 6192], cadastral: 'BEK00', streets: ['Wolfeynde', 'Prins Mauritslaan', 'Raadhuisstraat', 'Burgemeester Janssenstraat', 'Oude Pastorie'] },
      { name: 'Spaubeek', postcodes: [6176, 6176], cadastral: 'BEK00', streets: ['Hoolstraat', 'Kerkstraat'] },
    ],
  },
  stein: {
    woz: [190, 430],
    places: [
      { name: 'Stein', postcodes: [6171, 6171], cadastral: 'STN00', streets: ['Heirstraat', 'Maasboulevard', 'Kerkstraat', 'Mauritsweg'] },
      { name: 'Elsloo', postcodes: [6181, 6181], cadastral: 'ELS00', streets: ['Op de Berg', 'Stationsstraat', 'Julianalaan'] },
    ],
  },
  beekdaelen: {
    woz: [210, 470],
    places: [
      { name: 'Nuth', postcodes: [6361, 6361], cadastral: 'NTH00', streets: ['Stationstraat', 'Pastorijstraat', 'Vaesrade', 'Tuinstraat'] },
      { name: 'Schinnen', postcodes: [6365, 6365], cadastral: 'SNN00', streets: ['Dorpsstraat', 'Wolfhagen', 'Heidenaal'] },
    ],
  },
};

const BY_BSN = new Map<string, MunicipalityKey>(Object.entries(CASELOADS).flatMap(([k, bsns]) => bsns.map((b) => [b, k as MunicipalityKey] as const)));
const KEYS = MUNICIPALITIES.map((m) => m.key);

/**
 * Whose client a person is: the municipality whose caseload holds the BSN; any other BSN is
 * given one of the demo municipalities, the same one every time (`pick` is the caller's seeded
 * generator, so the choice is deterministic per BSN).
 */
export function homeOf(bsn: string, pick: <T>(items: readonly T[]) => T): MunicipalityKey {
  return BY_BSN.get(bsn) ?? pick(KEYS);
}
