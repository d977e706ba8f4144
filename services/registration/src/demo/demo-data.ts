/**
 * Demo data: the public example collaborations from DOMAIN.md with test OINs (prefix 00000099)
 * and valid test BSNs (11-proef). Fictional people; nothing here is real personal data.
 */
export const DEMO_PASSWORD = 'inkijk-demo-2026';

/**
 * The demo's second factors (TOTP, base32), published like the demo password: the seed enrols
 * the security officer, the user administrators and the mandated persons with these, so a demo
 * login takes the current code (`npm run totp -- <username>`, or any authenticator app with the
 * secret). Workers have none; they may enrol on the portal's page /tweede-factor.
 */
export const DEMO_TOTP_SECRETS: Record<string, string> = {
  'security.officer': 'UIIEW2OGRRZ3QB3CU3BGAQMPUWUF7ETI',
  'beheer.haarlem': 'K4AUN7CF6E4QR7CE6SS7MHGNBQK76A7W',
  'beheer.zandvoort': 'FZEIMVDCTZRCGX64DMH2JWM25CKOUXDI',
  'beheer.sittard': '6PEG6KFCQSMO237YTTYLM4XKDDWKOFGJ',
  'gemandateerde.zandvoort': 'LDHUMFKV6E5MCS6NQQIPIZF5Z3BDKJD7',
  'gemandateerde.haarlem': '57AHLNYQHEKYMKPIZKMZOZINKI32LJI5',
};

// The municipalities and whose clients the test BSNs are: one world with the supplier simulators.
import { municipality, MunicipalityKey } from '@inkijk/demo-world';
export { BSN_NOT_ON_ANY_LIST, CASELOADS, municipality, MUNICIPALITIES } from '@inkijk/demo-world';
export type { MunicipalityKey } from '@inkijk/demo-world';

/** The operator (beheerorganisatie) that runs Inkijk and homes the security officers (test OIN). */
export const OPERATOR = { key: 'bkwi', id: '0b000000-0000-4000-8000-000000000001', oin: '00000099000000000001', name: 'BKWI' } as const;
/** Where an account is homed: a municipality, or the operator for security officers. */
export type HomeKey = MunicipalityKey | typeof OPERATOR.key;
export const homeId = (k: HomeKey): string => (k === OPERATOR.key ? OPERATOR.id : municipality(k).id);

export const COLLABORATIONS = [
  {
    name: 'Haarlem en Zandvoort: sociaal domein',
    legalForm: 'SERVICE_AGREEMENT' as const,
    executing: 'haarlem' as const,
    legalDomains: ['PARTICIPATIEWET', 'IOAW', 'IOAZ'] as const,
    effectiveFrom: '2015-01-01',
    members: [
      { key: 'haarlem' as const, from: '2015-01-01' },
      { key: 'zandvoort' as const, from: '2015-01-01' },
    ],
  },
  {
    name: 'Westelijke Mijnstreek: Participatiewet',
    legalForm: 'WGR_WITHOUT_PUBLIC_BODY' as const,
    executing: 'sittard' as const,
    legalDomains: ['PARTICIPATIEWET', 'IOAW', 'IOAZ'] as const,
    effectiveFrom: '2016-01-01',
    members: [
      { key: 'sittard' as const, from: '2016-01-01' },
      { key: 'beek' as const, from: '2016-01-01' },
      { key: 'stein' as const, from: '2019-01-01' },
      { key: 'beekdaelen' as const, from: '2020-01-01' },
    ],
  },
];

export const USERS = [
  { username: 'security.officer', displayName: 'Sam Veiligheid (security officer, BKWI)', home: 'bkwi' as HomeKey, roles: ['SECURITY_OFFICER'], permittedProducts: [], escapeRight: false },
  { username: 'beheer.haarlem', displayName: 'Bea Beheer (gebruikersbeheerder Haarlem)', home: 'haarlem' as const, roles: ['USER_ADMINISTRATOR'], permittedProducts: [], escapeRight: false },
  { username: 'beheer.zandvoort', displayName: 'Ben Beheer (gebruikersbeheerder Zandvoort)', home: 'zandvoort' as const, roles: ['USER_ADMINISTRATOR'], permittedProducts: [], escapeRight: false },
  { username: 'beheer.sittard', displayName: 'Bram Beheer (gebruikersbeheerder Sittard-Geleen)', home: 'sittard' as const, roles: ['USER_ADMINISTRATOR'], permittedProducts: [], escapeRight: false },
  { username: 'medewerker.haarlem', displayName: 'Mira Medewerker (inkomensconsulent)', home: 'haarlem' as const, roles: ['WORKER'], permittedProducts: ['brp-persoon', 'uwv-inkomen', 'svb-uitkeringen', 'overzicht-inkomen', 'rdw-voertuigen', 'kadaster-eigendom', 'belastingdienst-aanslagen', 'kvk-inschrijvingen', 'overzicht-vermogen'], escapeRight: true },
  { username: 'klantmanager.haarlem', displayName: 'Karel Klantmanager (alleen BRP)', home: 'haarlem' as const, roles: ['WORKER'], permittedProducts: ['brp-persoon'], escapeRight: false },
  { username: 'medewerker.sittard', displayName: 'Sanne Medewerker (Westelijke Mijnstreek)', home: 'sittard' as const, roles: ['WORKER'], permittedProducts: ['brp-persoon', 'uwv-inkomen', 'duo-studiefinanciering', 'overzicht-inkomen'], escapeRight: false },
  { username: 'gemandateerde.zandvoort', displayName: 'Greet Gemandateerde (Zandvoort)', home: 'zandvoort' as const, roles: ['MANDATED_PERSON'], permittedProducts: [], escapeRight: false },
  { username: 'gemandateerde.haarlem', displayName: 'Gijs Gemandateerde (Haarlem)', home: 'haarlem' as const, roles: ['MANDATED_PERSON'], permittedProducts: [], escapeRight: false },
];

/** A tiny but valid PDF standing in for a signed agreement. */
export const DEMO_AGREEMENT_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
