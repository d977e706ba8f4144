/**
 * The query form (bevraging) as the browser submits it, checked before anything is asked of the
 * gateway: which municipality (from the worker's keuzelijst), which product, which legal domain,
 * which search key with its fields. Problems are sentences in Dutch, per field, so the page can
 * show them next to the field and in a summary at the top.
 */
import { type GatewayQueryRequest, type GatewaySearchKey, isBsn } from '@inkijk/contracts';
import { LEGAL_DOMAINS, LegalDomain, SEARCH_KEYS, SEARCH_KEY_LABELS, SearchKeyType } from './labels';

/** What the form fields hold, as typed (kept to refill the form). */
export interface QueryFormValues {
  gemeente: string;
  product: string;
  rechtsgebied: string;
  zoeksleutel: string;
  bsn: string;
  postcode: string;
  huisnummer: string;
  achternaam: string;
  geboortedatum: string;
  kenteken: string;
  perceel: string;
  escapereden: string;
  /** The queryId whose hint ("this citizen is a client of ...") this query follows. */
  volgtOp: string;
}

export const EMPTY_FORM: QueryFormValues = { gemeente: '', product: '', rechtsgebied: 'PARTICIPATIEWET', zoeksleutel: 'BSN', bsn: '', postcode: '', huisnummer: '', achternaam: '', geboortedatum: '', kenteken: '', perceel: '', escapereden: '', volgtOp: '' };

export interface ProductOption {
  id: string;
  name: string;
  searchKeys: readonly string[];
}

export interface FormContext {
  /** Ids of the municipalities in the worker's keuzelijst. */
  municipalities: readonly string[];
  products: readonly ProductOption[];
  /** Codes of the escape list (only checked when a reason is given). */
  escapeReasons: readonly string[];
}

export type FormProblems = Partial<Record<keyof QueryFormValues, string>>;
export type ParsedQueryForm = { ok: true; query: GatewayQueryRequest; values: QueryFormValues } | { ok: false; problems: FormProblems; values: QueryFormValues };

const text = (v: unknown, max = 200): string => (typeof v === 'string' ? v.trim().slice(0, max) : Array.isArray(v) ? text(v[0], max) : '');


/** The submitted fields, trimmed and bounded; unknown fields are ignored. */
export function formValues(body: Record<string, unknown>): QueryFormValues {
  return {
    gemeente: text(body.gemeente, 100),
    product: text(body.product, 100),
    rechtsgebied: text(body.rechtsgebied, 40) || 'PARTICIPATIEWET',
    zoeksleutel: text(body.zoeksleutel, 40) || 'BSN',
    bsn: text(body.bsn, 20).replace(/[\s.]/g, ''),
    postcode: text(body.postcode, 10).replace(/\s/g, '').toUpperCase(),
    huisnummer: text(body.huisnummer, 10),
    achternaam: text(body.achternaam, 200),
    geboortedatum: text(body.geboortedatum, 10),
    kenteken: text(body.kenteken, 12).replace(/[-\s]/g, '').toUpperCase(),
    perceel: text(body.perceel, 40).replace(/[-\s]+/g, ' ').toUpperCase(),
    escapereden: text(body.escapereden, 100),
    volgtOp: text(body.volgtOp, 36).toLowerCase(),
  };
}

export function parseQueryForm(body: Record<string, unknown>, ctx: FormContext): ParsedQueryForm {
  const values = formValues(body);
  const problems: FormProblems = {};
  if (!values.gemeente) problems.gemeente = 'Kies de gemeente waarvoor u deze bevraging doet.';
  else if (!ctx.municipalities.includes(values.gemeente)) problems.gemeente = 'U kunt niet voor deze gemeente werken; kies een gemeente uit de keuzelijst.';
  const product = ctx.products.find((p) => p.id === values.product);
  if (!product) problems.product = 'Kies een product (pagina).';
  if (!(LEGAL_DOMAINS as readonly string[]).includes(values.rechtsgebied)) problems.rechtsgebied = 'Kies het wettelijk domein: Participatiewet, IOAW of IOAZ.';
  const keyType = values.zoeksleutel as SearchKeyType;
  if (!(SEARCH_KEYS as readonly string[]).includes(keyType)) {
    problems.zoeksleutel = 'Kies waarop u zoekt: BSN, postcode en huisnummer, achternaam en geboortedatum, kenteken of perceel.';
  } else if (product && !product.searchKeys.includes(keyType)) {
    const supported = product.searchKeys.filter((k) => (SEARCH_KEYS as readonly string[]).includes(k)).map((k) => SEARCH_KEY_LABELS[k].toLowerCase());
    problems.zoeksleutel = `${product.name} kunt u alleen bevragen op ${supported.join(' of ')}.`;
  }
  let searchKey: GatewaySearchKey | undefined;
  if (keyType === 'BSN') {
    if (!values.bsn) problems.bsn = 'Vul het BSN in (9 cijfers).';
    else if (!isBsn(values.bsn)) problems.bsn = 'Dit is geen geldig BSN: 9 cijfers die voldoen aan de elfproef.';
    else searchKey = { type: 'BSN', bsn: values.bsn };
  } else if (keyType === 'POSTCODE_HOUSENUMBER') {
    const n = Number(values.huisnummer);
    if (!/^\d{4}[A-Z]{2}$/.test(values.postcode)) problems.postcode = 'Vul een postcode in als 1234AB.';
    if (!/^\d{1,5}$/.test(values.huisnummer) || n < 1) problems.huisnummer = 'Vul het huisnummer in (alleen cijfers).';
    if (!problems.postcode && !problems.huisnummer) searchKey = { type: 'POSTCODE_HOUSENUMBER', postcode: values.postcode, houseNumber: n };
  } else if (keyType === 'NAME_BIRTHDATE') {
    if (!values.achternaam) problems.achternaam = 'Vul de achternaam in.';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.geboortedatum) || Number.isNaN(Date.parse(`${values.geboortedatum}T00:00:00Z`))) problems.geboortedatum = 'Vul de geboortedatum in als jjjj-mm-dd.';
    if (!problems.achternaam && !problems.geboortedatum) searchKey = { type: 'NAME_BIRTHDATE', surname: values.achternaam, birthDate: values.geboortedatum };
  } else if (keyType === 'LICENCE_PLATE') {
    if (!/^[A-Z0-9]{6}$/.test(values.kenteken)) problems.kenteken = 'Vul een Nederlands kenteken in, met of zonder streepjes (bijvoorbeeld GB-123-T).';
    else searchKey = { type: 'LICENCE_PLATE', plate: values.kenteken };
  } else if (keyType === 'PARCEL') {
    if (!/^[A-Z]{3}\d{2} [A-Z]{1,2} \d{1,5}$/.test(values.perceel)) problems.perceel = 'Vul de kadastrale aanduiding in: gemeentecode, sectie en perceelnummer (bijvoorbeeld HLM00 K 1234).';
    else searchKey = { type: 'PARCEL', parcel: values.perceel };
  }
  if (values.escapereden && !ctx.escapeReasons.includes(values.escapereden)) problems.escapereden = 'Kies een reden uit de escapelijst.';
  if (Object.keys(problems).length > 0 || !searchKey || !product) return { ok: false, problems, values };
  return {
    ok: true,
    values,
    query: {
      actingForMunicipalityId: values.gemeente,
      product: product.id,
      legalDomain: values.rechtsgebied as LegalDomain,
      searchKey,
      ...(values.escapereden ? { escapeReason: values.escapereden } : {}),
      // Only a well-formed query id; anything else is not a followed hint.
      ...(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(values.volgtOp) ? { followsHintOf: values.volgtOp } : {}),
    },
  };
}
