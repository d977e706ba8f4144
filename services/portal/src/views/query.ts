/**
 * Bevraging: the worker's query screen. Left the form (keuzelijst with the home municipality
 * preselected, product, legal domain, search key); right the result under a prominent banner
 * "Bevraging voor gemeente X", per source, with partial failures per source. A not-on-whitelist
 * answer offers the escape list when the worker holds the right, and says so clearly when not.
 */
import type { GatewayQueryAnswer } from '@inkijk/contracts';
import type { EscapeReason, Failure, KeuzelijstEntry, Product } from '../app/ports';
import { formatDateTime } from '../domain/format';
import { html, Interpolation, SafeHtml } from '../domain/html';
import { FAILED_SOURCE, label, LEGAL_DOMAIN_LABELS, LEGAL_DOMAINS, OUTCOME_LABELS, SEARCH_KEY_LABELS, SEARCH_KEYS, SOURCE_STATUS_LABELS, SUPPLIER_LABELS, WHITELIST_LABELS } from '../domain/labels';
import type { FormProblems, QueryFormValues } from '../domain/query-form';
import { csrfField, describedBy, errorSummary, fieldError, notice, page, unavailable, ViewUser } from './layout';
import { sourceData } from './records';

export type QueryOutcomeView =
  | { kind: 'answer'; answer: GatewayQueryAnswer; at: number; escapeReason?: string | null }
  | { kind: 'denied'; code: string; message: string; actingForName: string; escape: { allowed: boolean; reasons: EscapeReason[] } | null; queryId?: string; at: number }
  | { kind: 'failed'; failure: Failure; actingForName: string | null };

export interface QueryPageView {
  user: ViewUser;
  keuzelijst: KeuzelijstEntry[] | Failure;
  products: Product[] | Failure;
  escapeReasons: EscapeReason[];
  values: QueryFormValues;
  problems?: FormProblems;
  outcome?: QueryOutcomeView;
}

const isFailure = <T>(x: T[] | Failure): x is Failure => !Array.isArray(x);

function option(value: string, text: Interpolation, selected: boolean, extra: SafeHtml = html``): SafeHtml {
  return html`<option value="${value}"${selected ? html` selected` : ''}${extra}>${text}</option>`;
}

function municipalityOption(e: KeuzelijstEntry, selected: boolean): SafeHtml {
  return option(e.id, e.own ? `${e.name} (thuisgemeente)` : e.name, selected, html` data-domeinen="${e.legalDomains.join(' ')}"`);
}

/** The keuzelijst grouped: the home municipality, then per collaboration its other members. */
function keuzelijstOptions(entries: KeuzelijstEntry[], selected: string): SafeHtml {
  const own = entries.filter((e) => e.own);
  const groups = new Map<string, KeuzelijstEntry[]>();
  for (const e of entries.filter((x) => !x.own)) {
    const via = e.via[0]?.name ?? 'Overige gemeenten';
    groups.set(via, [...(groups.get(via) ?? []), e]);
  }
  return html`${own.map((e) => municipalityOption(e, e.id === selected))}${[...groups].map(
    ([via, list]) => html`<optgroup label="Via ${via}">${list.map((e) => municipalityOption(e, e.id === selected))}</optgroup>`,
  )}`;
}

function form(v: QueryPageView): SafeHtml {
  const p = v.problems ?? {};
  const keuzelijst = isFailure(v.keuzelijst) ? [] : v.keuzelijst;
  const products = isFailure(v.products) ? [] : v.products;
  const selectedMunicipality = v.values.gemeente || keuzelijst.find((e) => e.own)?.id || keuzelijst[0]?.id || '';
  const selectedProduct = v.values.product || products[0]?.id || '';
  const key = v.values.zoeksleutel || 'BSN';
  const fieldClass = (f: keyof QueryFormValues) => (p[f] ? 'veld veld-fout' : 'veld');
  const keyPanel = (type: string, content: SafeHtml) => html`<div class="sleutel" data-sleutel="${type}"${key === type ? '' : html` data-verborgen`}>${content}</div>`;
  return html`<section class="paneel formulier bevraging-formulier" aria-labelledby="formulier-kop">
    <h2 id="formulier-kop">Nieuwe bevraging</h2>
    ${errorSummary(p as Record<string, string | undefined>)}
    ${isFailure(v.keuzelijst) ? unavailable('De keuzelijst', v.keuzelijst) : keuzelijst.length === 0 ? notice('waarschuwing', 'U kunt nu voor geen enkele gemeente bevragen.', 'Uw account is (nog) niet gekoppeld aan een actief samenwerkingsverband of uw thuisgemeente. Neem contact op met uw gebruikersbeheerder.') : ''}
    ${isFailure(v.products) ? unavailable('De productenlijst', v.products) : ''}
    <form method="post" action="/bevraging" novalidate id="bevraging">
      ${csrfField(v.user)}
      <div class="${fieldClass('gemeente')} veld-gemeente">
        <label for="gemeente">Gemeente</label>
        <p class="hint" id="gemeente-hint">De bevraging wordt gedaan en gelogd onder deze gemeente.</p>
        ${fieldError('gemeente', p.gemeente)}
        <select id="gemeente" name="gemeente" required${describedBy('gemeente-hint', p.gemeente && 'gemeente-fout')}>
          ${keuzelijstOptions(keuzelijst, selectedMunicipality)}
        </select>
      </div>
      <div class="${fieldClass('product')}">
        <label for="product">Product</label>
        ${fieldError('product', p.product)}
        <select id="product" name="product" required${describedBy(p.product && 'product-fout')}>
          ${products.map((pr) => option(pr.id, pr.name, pr.id === selectedProduct, html` data-sleutels="${pr.searchKeys.join(' ')}"`))}
        </select>
      </div>
      <div class="${fieldClass('rechtsgebied')}">
        <label for="rechtsgebied">Wettelijk domein</label>
        ${fieldError('rechtsgebied', p.rechtsgebied)}
        <select id="rechtsgebied" name="rechtsgebied"${describedBy(p.rechtsgebied && 'rechtsgebied-fout')}>
          ${LEGAL_DOMAINS.map((d) => option(d, LEGAL_DOMAIN_LABELS[d], d === v.values.rechtsgebied))}
        </select>
      </div>
      <fieldset class="${fieldClass('zoeksleutel')}" id="zoeksleutel">
        <legend>Zoeken op</legend>
        ${fieldError('zoeksleutel', p.zoeksleutel)}
        <div class="keuzes">
          ${SEARCH_KEYS.map(
            (k) => html`<div class="keuze"><input type="radio" id="zoeksleutel-${k}" name="zoeksleutel" value="${k}"${k === key ? html` checked` : ''}><label for="zoeksleutel-${k}">${SEARCH_KEY_LABELS[k]}</label></div>`,
          )}
        </div>
      </fieldset>
      ${keyPanel(
        'BSN',
        html`<div class="${fieldClass('bsn')}">
          <label for="bsn">BSN</label>
          <p class="hint" id="bsn-hint">9 cijfers</p>
          ${fieldError('bsn', p.bsn)}
          <input id="bsn" name="bsn" type="text" inputmode="numeric" autocomplete="off" maxlength="11" class="invoer-kort" value="${v.values.bsn}"${describedBy('bsn-hint', p.bsn && 'bsn-fout')}>
        </div>`,
      )}
      ${keyPanel(
        'POSTCODE_HOUSENUMBER',
        html`<div class="rij">
          <div class="${fieldClass('postcode')}">
            <label for="postcode">Postcode</label>
            ${fieldError('postcode', p.postcode)}
            <input id="postcode" name="postcode" type="text" autocomplete="off" maxlength="7" class="invoer-kort" value="${v.values.postcode}"${describedBy(p.postcode && 'postcode-fout')}>
          </div>
          <div class="${fieldClass('huisnummer')}">
            <label for="huisnummer">Huisnummer</label>
            ${fieldError('huisnummer', p.huisnummer)}
            <input id="huisnummer" name="huisnummer" type="text" inputmode="numeric" autocomplete="off" maxlength="5" class="invoer-kort" value="${v.values.huisnummer}"${describedBy(p.huisnummer && 'huisnummer-fout')}>
          </div>
        </div>`,
      )}
      ${keyPanel(
        'NAME_BIRTHDATE',
        html`<div class="rij">
          <div class="${fieldClass('achternaam')}">
            <label for="achternaam">Achternaam</label>
            ${fieldError('achternaam', p.achternaam)}
            <input id="achternaam" name="achternaam" type="text" autocomplete="off" value="${v.values.achternaam}"${describedBy(p.achternaam && 'achternaam-fout')}>
          </div>
          <div class="${fieldClass('geboortedatum')}">
            <label for="geboortedatum">Geboortedatum</label>
            ${fieldError('geboortedatum', p.geboortedatum)}
            <input id="geboortedatum" name="geboortedatum" type="date" autocomplete="off" value="${v.values.geboortedatum}"${describedBy(p.geboortedatum && 'geboortedatum-fout')}>
          </div>
        </div>`,
      )}
      ${keyPanel(
        'LICENCE_PLATE',
        html`<div class="${fieldClass('kenteken')}">
          <label for="kenteken">Kenteken</label>
          <p class="hint" id="kenteken-hint">Met of zonder streepjes, bijvoorbeeld GB-123-T. De RDW zoekt de houder.</p>
          ${fieldError('kenteken', p.kenteken)}
          <input id="kenteken" name="kenteken" type="text" autocomplete="off" maxlength="10" class="invoer-kort" value="${v.values.kenteken}"${describedBy('kenteken-hint', p.kenteken && 'kenteken-fout')}>
        </div>`,
      )}
      ${keyPanel(
        'PARCEL',
        html`<div class="${fieldClass('perceel')}">
          <label for="perceel">Perceel (kadastrale aanduiding)</label>
          <p class="hint" id="perceel-hint">Gemeentecode, sectie en nummer, bijvoorbeeld HLM00 K 1234. Het Kadaster zoekt de eigenaar.</p>
          ${fieldError('perceel', p.perceel)}
          <input id="perceel" name="perceel" type="text" autocomplete="off" maxlength="40" value="${v.values.perceel}"${describedBy('perceel-hint', p.perceel && 'perceel-fout')}>
        </div>`,
      )}
      <button type="submit" class="knop">Bevragen</button>
    </form>
  </section>`;
}

/** The banner that says, next to every result, for whom it was fetched. */
function forMunicipality(name: string, details: Interpolation): SafeHtml {
  return html`<div class="voor-gemeente">
    <p class="voor-gemeente-label">Bevraging voor gemeente</p>
    <p class="voor-gemeente-naam" data-testid="voor-gemeente">${name}</p>
    ${details}
  </div>`;
}

function answerView(v: QueryPageView, o: Extract<QueryOutcomeView, { kind: 'answer' }>): SafeHtml {
  const a = o.answer;
  const products = isFailure(v.products) ? [] : v.products;
  const productName = products.find((p) => p.id === a.product)?.name ?? a.product;
  const reason = o.escapeReason ? v.escapeReasons.find((r) => r.code === o.escapeReason)?.label ?? o.escapeReason : null;
  const failed = a.results.filter((r) => FAILED_SOURCE.has(r.status));
  return html`${forMunicipality(
      a.actingFor.name,
      html`<dl class="kenmerken">
        <div><dt>Product</dt><dd>${productName}</dd></div>
        <div><dt>Wettelijk domein</dt><dd>${label(LEGAL_DOMAIN_LABELS, a.legalDomain)}</dd></div>
        <div><dt>Whitelist</dt><dd>${label(WHITELIST_LABELS, a.whitelist)}${reason ? html` – ${reason}` : ''}</dd></div>
        <div><dt>Tijdstip</dt><dd>${formatDateTime(o.at)}</dd></div>
        <div><dt>Uitkomst</dt><dd>${label(OUTCOME_LABELS, a.outcome)}</dd></div>
      </dl>`,
    )}
    ${a.caseloadHint ? caseloadHintView(v, a) : ''}
    ${a.escape ? notice('info', 'Bevraagd met een escape', html`<p>Deze persoon staat niet op de whitelist van het samenwerkingsverband. De escape en de reden zijn gelogd en worden gerapporteerd aan ${a.actingFor.name}.</p>`) : ''}
    ${failed.length > 0 && failed.length < a.results.length ? notice('waarschuwing', `Niet alle bronnen hebben geantwoord (${failed.length} van ${a.results.length}).`, html`<p>De gegevens hieronder zijn onvolledig voor: ${failed.map((f) => label(SUPPLIER_LABELS, f.supplier)).join(', ')}.</p>`) : ''}
    ${failed.length > 0 && failed.length === a.results.length ? notice('fout', 'Geen enkele bron heeft geantwoord.', html`<p>Probeer het over een moment opnieuw.</p>`) : ''}
    <h2 id="resultaat-kop">${productName}</h2>
    ${a.results.map((r) => {
      const fail = FAILED_SOURCE.has(r.status);
      const name = label(SUPPLIER_LABELS, r.supplier);
      return html`<section class="bron ${fail ? 'bron-fout' : r.status === 'NO_DATA' ? 'bron-leeg' : 'bron-ok'}" aria-labelledby="bron-${r.supplier}" data-bron="${r.supplier}">
        <h3 id="bron-${r.supplier}">${name}</h3>
        <p class="bron-status"><span class="status-stip" aria-hidden="true"></span>${label(SOURCE_STATUS_LABELS, r.status)}</p>
        ${sourceData(r.supplier, r.data, `Gegevens van ${name} voor gemeente ${a.actingFor.name}`)}
      </section>`;
    })}
    <p class="kenmerk">Kenmerk van deze bevraging: <code>${a.queryId}</code></p>`;
}

/**
 * The citizen is another member's client: say so, and offer to repeat the query for that
 * municipality in one click (the same query, hidden, with the chosen municipality replaced and
 * the query whose hint it follows), without logging in again.
 */
function caseloadHintView(v: QueryPageView, a: GatewayQueryAnswer): SafeHtml {
  const hint = a.caseloadHint!;
  return notice(
    'waarschuwing',
    'Cliënt van een andere gemeente',
    html`<p>${hint.message}</p>
      <div class="knoppen">${hint.heldBy.map(
        (m) => html`<form method="post" action="/bevraging" class="inline-form" data-testid="herhaal-voor">
          ${csrfField(v.user)}${repeatFields({ ...v.values, gemeente: m.id, escapereden: '', volgtOp: '' })}<input type="hidden" name="volgtOp" value="${a.queryId}">
          <button type="submit" class="knop">Herhaal voor ${m.name}</button></form>`,
      )}</div>`,
    { alert: true },
  );
}

/** The query fields again, hidden, so "Toch bevragen" repeats exactly this query with a reason. */
function repeatFields(values: QueryFormValues): SafeHtml {
  const keep: Array<keyof QueryFormValues> = ['gemeente', 'product', 'rechtsgebied', 'zoeksleutel', 'bsn', 'postcode', 'huisnummer', 'achternaam', 'geboortedatum', 'kenteken', 'perceel'];
  return html`${keep.filter((k) => values[k]).map((k) => html`<input type="hidden" name="${k}" value="${values[k]}">`)}`;
}

function deniedView(v: QueryPageView, o: Extract<QueryOutcomeView, { kind: 'denied' }>): SafeHtml {
  const banner = forMunicipality(o.actingForName, html`<p class="voor-gemeente-status">Geen gegevens getoond · ${formatDateTime(o.at)}</p>`);
  if (o.code !== 'NOT_ON_WHITELIST') {
    return html`${banner}${notice('fout', 'Deze bevraging is niet toegestaan', html`<p>${o.message}</p><p class="code">Code: ${o.code}</p>`, { alert: true })}`;
  }
  const intro = notice('waarschuwing', 'Niet op de whitelist van het samenwerkingsverband', html`<p>${o.message}</p>`, { alert: true });
  if (!o.escape?.allowed) {
    return html`${banner}${intro}
      <div class="paneel" id="geen-escape">
        <h2>Geen escape-recht</h2>
        <p>U heeft niet het recht om buiten de whitelist te bevragen. De zoekopdracht is als afgebroken geregistreerd. Is inzage toch nodig, vraag dan een collega met escape-recht of uw gebruikersbeheerder.</p>
      </div>`;
  }
  const problem = v.problems?.escapereden;
  return html`${banner}${intro}
    <form method="post" action="/bevraging" class="paneel formulier" id="escape" novalidate>
      ${csrfField(v.user)}
      ${repeatFields(v.values)}
      <fieldset class="veld${problem ? ' veld-fout' : ''}" id="escapereden">
        <legend>Reden om toch te bevragen (escapelijst)</legend>
        <p class="hint">De escape en de reden worden gelogd onder gemeente ${o.actingForName} en gerapporteerd.</p>
        ${fieldError('escapereden', problem)}
        <div class="keuzes keuzes-onder">
          ${o.escape.reasons.map((r, i) => html`<div class="keuze"><input type="radio" id="escapereden-${r.code}" name="escapereden" value="${r.code}"${i === 0 ? html` required` : ''}><label for="escapereden-${r.code}">${r.label}</label></div>`)}
        </div>
      </fieldset>
      <button type="submit" class="knop knop-waarschuwing">Toch bevragen</button>
    </form>`;
}

function failedView(o: Extract<QueryOutcomeView, { kind: 'failed' }>): SafeHtml {
  const f = o.failure;
  const title = f.code === 'LOG_UNAVAILABLE' ? 'De bevraging kon niet worden gelogd; er worden geen gegevens getoond' : f.status >= 500 ? 'De bevraging is niet gelukt' : 'De bevraging is niet uitgevoerd';
  return html`${o.actingForName ? forMunicipality(o.actingForName, html`<p class="voor-gemeente-status">Geen gegevens getoond</p>`) : ''}${notice('fout', title, html`<p>${f.message}</p><p class="code">Code: ${f.code}</p>`, { alert: true })}`;
}

export function queryPage(v: QueryPageView): SafeHtml {
  const o = v.outcome;
  const result = !o
    ? html`<div class="leeg-resultaat"><h2 id="resultaat-kop">Resultaat</h2><p>Kies links de gemeente waarvoor u werkt, het product en de zoeksleutel. Het resultaat verschijnt hier, met de gemeente waarvoor het is opgevraagd.</p></div>`
    : o.kind === 'answer'
      ? answerView(v, o)
      : o.kind === 'denied'
        ? deniedView(v, o)
        : failedView(o);
  return page({
    title: o?.kind === 'answer' ? `Bevraging voor ${o.answer.actingFor.name}` : 'Bevraging',
    user: v.user,
    active: '/bevraging',
    wide: true,
    body: html`<h1 class="visueel-verborgen">Bevraging</h1>
      <div class="bevraging">
        ${form(v)}
        <section class="resultaat" aria-labelledby="resultaat-kop" id="resultaat">${result}</section>
      </div>`,
  });
}
