/**
 * The security officer's screens: applications waiting for review (with the signed agreement,
 * its SHA-256 and the form of every municipality), and the collaborations with their members
 * and effective dates, where changes and terminations are registered with a date.
 */
import type { CollaborationDetail, CollaborationOnDay, CollaborationSummary, Failure, Organisation, PendingApplication } from '../app/ports';
import { formatDate, formatDateTime } from '../domain/format';
import { html, path, SafeHtml } from '../domain/html';
import { APPLICATION_ROLE_LABELS, APPLICATION_STATUS_LABELS, CHANGE_LABELS, COLLABORATION_STATUS_LABELS, label, LEGAL_DOMAIN_LABELS, LEGAL_DOMAINS, LEGAL_FORM_LABELS } from '../domain/labels';
import { approveOrReject, refusal } from './decisions';
import { csrfField, notice, page, unavailable, ViewUser } from './layout';

export type Names = (id: string) => string;

/** The terms to show: those in force today, else (a collaboration that starts later) the newest. */
export function shownTerms(c: CollaborationDetail): { name: string; legalDomains: string[]; agreementSha256: string | null; effectiveFrom: string | null } {
  const latest = c.history.terms[c.history.terms.length - 1];
  return c.name
    ? { name: c.name, legalDomains: c.legalDomains, agreementSha256: c.agreementSha256, effectiveFrom: c.history.terms[0]?.effectiveFrom ?? null }
    : { name: latest?.name ?? 'Samenwerkingsverband', legalDomains: latest?.legalDomains ?? [], agreementSha256: latest?.agreementSha256 ?? null, effectiveFrom: c.history.terms[0]?.effectiveFrom ?? null };
}

/** Fixed messages after a change (the query string carries only the code). */
export const MESSAGES: Record<string, { kind: 'succes' | 'fout'; text: string }> = {
  goedgekeurd: { kind: 'succes', text: 'De aanmelding is goedgekeurd.' },
  afgewezen: { kind: 'succes', text: 'De aanmelding is afgewezen; de gemeente ziet de reden.' },
  geactiveerd: { kind: 'succes', text: 'Het samenwerkingsverband is geactiveerd.' },
  lid: { kind: 'succes', text: 'Het nieuwe lid is geregistreerd.' },
  vertrek: { kind: 'succes', text: 'Het vertrek is geregistreerd.' },
  wijziging: { kind: 'succes', text: 'De wijziging is geregistreerd.' },
  beeindigd: { kind: 'succes', text: 'De beëindiging is geregistreerd.' },
};

export function messageFor(code: string | undefined): SafeHtml {
  const m = code ? MESSAGES[code] : undefined;
  return m ? notice(m.kind, m.text) : html``;
}

function agreementLink(collaborationId: string, sha256: string | null): SafeHtml {
  if (!sha256) return html`–`;
  return html`<a href="${path`/samenwerkingsverbanden/${collaborationId}/overeenkomst/${sha256}`}">Overeenkomst downloaden (PDF)</a><br><span class="hash" aria-label="SHA-256-hash">SHA-256 <code>${sha256}</code></span>`;
}

export interface ApplicationGroup {
  collaborationId: string;
  collaboration: CollaborationDetail | Failure;
  pending: PendingApplication[];
}

function decisionForms(user: ViewUser, collaborationId: string, a: PendingApplication, who: string): SafeHtml {
  return approveOrReject(user, { action: path`/aanmeldingen/${collaborationId}/${a.id}/besluit`, id: a.id, approveLabel: `Aanmelding van ${who} goedkeuren`, reasonLabel: `Reden van afwijzing voor ${who} (de gemeente ziet deze)` });
}

/** Every municipality's form of one collaboration: the ones waiting with their decision buttons. */
function applicationList(user: ViewUser, g: ApplicationGroup, names: Names): SafeHtml {
  const c = 'ok' in g.collaboration ? null : (g.collaboration as CollaborationDetail);
  const all = c ? c.history.applications : g.pending.map((a) => ({ id: a.id, municipalityId: a.municipalityId, role: a.role, status: a.status, reason: a.decisionReason }));
  return html`<ul class="aanmeldingen">${all.map((a) => {
    const who = names(a.municipalityId);
    const waiting = g.pending.find((p) => p.id === a.id);
    return html`<li class="aanmelding aanmelding-${a.status.toLowerCase()}" data-gemeente="${who}">
      <div class="aanmelding-kop">
        <h4>${who} <span class="status status-${a.status.toLowerCase()}">${label(APPLICATION_STATUS_LABELS, a.status)}</span></h4>
        <p>${label(APPLICATION_ROLE_LABELS, a.role)}${waiting ? html` · ondertekend door ${waiting.signedBy} op ${formatDate(waiting.signedOn)} · ingediend ${formatDateTime(waiting.submittedAt)}` : ''}${a.reason ? html` · reden: ${a.reason}` : ''}</p>
      </div>
      ${waiting ? decisionForms(user, g.collaborationId, waiting, who) : ''}
    </li>`;
  })}</ul>`;
}

export function applicationsPage(v: { user: ViewUser; groups: ApplicationGroup[] | Failure; names: Names; message?: string; failure?: Failure }): SafeHtml {
  let body: SafeHtml;
  if (!Array.isArray(v.groups)) body = unavailable('De lijst met aanmeldingen', v.groups);
  else if (v.groups.length === 0) body = notice('info', 'Er wachten geen aanmeldingen op beoordeling.');
  else {
    body = html`${v.groups.map((g) => {
      const c = 'ok' in g.collaboration ? null : (g.collaboration as CollaborationDetail);
      const t = c ? shownTerms(c) : null;
      return html`<section class="paneel samenwerking" aria-labelledby="sv-${g.collaborationId}">
        <div class="rapport-kop">
          <h2 id="sv-${g.collaborationId}">${t?.name ?? 'Samenwerkingsverband'}</h2>
          <a href="${path`/samenwerkingsverbanden/${g.collaborationId}`}">Naar het samenwerkingsverband</a>
        </div>
        ${c && t
          ? html`<dl class="kenmerken kenmerken-raster">
              <div><dt>Rechtsvorm</dt><dd>${label(LEGAL_FORM_LABELS, c.legalForm)}</dd></div>
              <div><dt>Uitvoerende gemeente</dt><dd>${v.names(c.executingOrganisationId)}</dd></div>
              <div><dt>Wettelijke domeinen</dt><dd>${t.legalDomains.map((d) => label(LEGAL_DOMAIN_LABELS, d)).join(', ')}</dd></div>
              <div><dt>Leden vanaf</dt><dd>${c.history.memberships.map((m) => `${v.names(m.municipalityId)} (${formatDate(m.from)})`).join(', ')}</dd></div>
            </dl>
            <div class="overeenkomst"><p class="overeenkomst-titel">Ondertekende overeenkomst</p>${agreementLink(g.collaborationId, t.agreementSha256)}</div>`
          : unavailable('Dit samenwerkingsverband', g.collaboration as Failure)}
        <h3>Aanmeldformulieren per gemeente</h3>
        ${applicationList(v.user, g, v.names)}
      </section>`;
    })}`;
  }
  return page({
    title: 'Aanmeldingen',
    user: v.user,
    active: '/aanmeldingen',
    wide: true,
    body: html`<h1>Aanmeldingen</h1>
      <p class="intro">Controleer per samenwerkingsverband de ondertekende overeenkomst (vergelijk de SHA-256) en het formulier van elke gemeente; keur goed of wijs af met een reden.</p>
      ${messageFor(v.message)}${refusal(v.failure)}
      ${body}`,
  });
}

export function collaborationsPage(v: { user: ViewUser; list: CollaborationSummary[] | Failure; names: Names }): SafeHtml {
  const body = !Array.isArray(v.list)
    ? unavailable('De lijst met samenwerkingsverbanden', v.list)
    : v.list.length === 0
      ? notice('info', 'Er zijn geen samenwerkingsverbanden die u mag zien.')
      : html`<div class="tabel-schuif"><table class="tabel">
          <caption class="visueel-verborgen">Samenwerkingsverbanden</caption>
          <thead><tr><th scope="col">Naam</th><th scope="col">Status</th><th scope="col">Rechtsvorm</th><th scope="col">Leden (vandaag)</th><th scope="col">Wettelijke domeinen</th></tr></thead>
          <tbody>${v.list.map(
            (c) => html`<tr>
              <td><a href="${path`/samenwerkingsverbanden/${c.id}`}">${c.name ?? 'Samenwerkingsverband (nog niet actief)'}</a></td>
              <td><span class="status status-${c.status.toLowerCase()}">${label(COLLABORATION_STATUS_LABELS, c.status)}</span></td>
              <td>${label(LEGAL_FORM_LABELS, c.legalForm)}</td>
              <td>${c.members.map(v.names).join(', ')}</td>
              <td>${c.legalDomains.map((d) => label(LEGAL_DOMAIN_LABELS, d)).join(', ')}</td>
            </tr>`,
          )}</tbody></table></div>`;
  return page({ title: 'Samenwerkingsverbanden', user: v.user, active: '/samenwerkingsverbanden', wide: true, body: html`<h1>Samenwerkingsverbanden</h1>${body}` });
}

const today = () => new Date().toISOString().slice(0, 10);

function dateField(id: string, name: string, text: string, value: string | undefined = today(), required = true): SafeHtml {
  return html`<div class="veld"><label for="${id}">${text}</label><input id="${id}" name="${name}" type="date"${required ? html` required` : ''} value="${value ?? ''}"></div>`;
}

/** Looking back: a day as effective with everything known now, and (knownOn) as it was known at the end of a day. */
export interface LookBack {
  day: string;
  knownOn?: string;
  now: CollaborationOnDay | Failure;
  then?: CollaborationOnDay | Failure;
}

function lookBackView(c: CollaborationDetail, back: LookBack | undefined, names: Names): SafeHtml {
  const base = path`/samenwerkingsverbanden/${c.id}`;
  const form = html`<form method="get" action="${base}" class="paneel formulier" data-testid="terugkijken">
    <h3>Terugkijken</h3>
    <p class="hint">Hoe zag het samenwerkingsverband eruit op een dag: zoals nu bekend, en zoals bekend was op een eerdere dag (vóór latere meldingen, ook teruggedateerde).</p>
    ${dateField('peildatum', 'peildatum', 'Geldend op', back?.day)}
    ${dateField('bekend-op', 'bekendOp', 'Zoals bekend op (leeg: zoals nu bekend)', back?.knownOn ?? '', false)}
    <button type="submit" class="knop knop-licht">Bekijken</button></form>`;
  if (!back) return form;
  const state = (title: string, x: CollaborationOnDay | Failure, testid: string) =>
    'ok' in x
      ? html`<div class="paneel" data-testid="${testid}"><h4>${title}</h4>${refusal(x as Failure)}</div>`
      : html`<div class="paneel" data-testid="${testid}"><h4>${title}</h4><dl class="kenmerken">
          <div><dt>Status</dt><dd>${label(COLLABORATION_STATUS_LABELS, (x as CollaborationOnDay).status)}</dd></div>
          <div><dt>Leden</dt><dd>${(x as CollaborationOnDay).members.map(names).join(', ') || 'geen'}</dd></div>
          <div><dt>Wettelijke domeinen</dt><dd>${(x as CollaborationOnDay).legalDomains.map((d) => label(LEGAL_DOMAIN_LABELS, d)).join(', ')}</dd></div>
        </dl></div>`;
  return html`${form}<div class="formulieren">
    ${state(`Op ${formatDate(back.day)}, zoals nu bekend`, back.now, 'zoals-nu-bekend')}
    ${back.then && back.knownOn ? state(`Op ${formatDate(back.day)}, zoals bekend op ${formatDate(back.knownOn)}`, back.then, 'zoals-toen-bekend') : ''}
  </div>`;
}

export function collaborationPage(v: { user: ViewUser; c: CollaborationDetail | Failure; names: Names; municipalities: Organisation[]; message?: string; failure?: Failure; lookBack?: LookBack }): SafeHtml {
  if ('ok' in v.c) {
    return page({ title: 'Samenwerkingsverband', user: v.user, active: '/samenwerkingsverbanden', body: html`<h1>Samenwerkingsverband</h1>${unavailable('Dit samenwerkingsverband', v.c as Failure)}` });
  }
  const c = v.c as CollaborationDetail;
  const h = c.history;
  const t = shownTerms(c);
  const officer = v.user.roles.includes('SECURITY_OFFICER');
  const base = path`/samenwerkingsverbanden/${c.id}`;
  const open = h.status !== 'TERMINATED';
  const current = new Set(h.memberships.filter((m) => m.to === null).map((m) => m.municipalityId));
  const members = html`<table class="tabel" data-testid="leden">
    <caption>Leden en ingangsdata</caption>
    <thead><tr><th scope="col">Gemeente</th><th scope="col">Lid vanaf</th><th scope="col">Lid tot</th>${officer && open ? html`<th scope="col">Vertrek registreren</th>` : ''}</tr></thead>
    <tbody>${h.memberships.map(
      (m, i) => html`<tr>
        <td>${v.names(m.municipalityId)}${m.municipalityId === h.executingOrganisationId ? html` <span class="klein">(uitvoerend)</span>` : ''}</td>
        <td>${formatDate(m.from)}</td>
        <td>${m.to ? formatDate(m.to) : 'heden'}</td>
        ${officer && open
          ? html`<td>${m.to === null
              ? html`<form method="post" action="${base}/leden/${encodeURIComponent(m.municipalityId)}/vertrek" class="inline-form">${csrfField(v.user)}<label for="vertrek-${i}" class="visueel-verborgen">Datum van vertrek van ${v.names(m.municipalityId)}</label><input id="vertrek-${i}" name="datum" type="date" required value="${today()}"><button type="submit" class="knop knop-licht" aria-label="Vertrek van ${v.names(m.municipalityId)} registreren">Vertrek</button></form>`
              : ''}</td>`
          : ''}
      </tr>`,
    )}</tbody></table>`;
  const terms = html`<table class="tabel">
    <caption>Voorwaarden en overeenkomst door de tijd</caption>
    <thead><tr><th scope="col">Ingangsdatum</th><th scope="col">Naam</th><th scope="col">Wettelijke domeinen</th><th scope="col">Overeenkomst</th></tr></thead>
    <tbody>${h.terms.map((t) => html`<tr><td>${formatDate(t.effectiveFrom)}</td><td>${t.name}</td><td>${t.legalDomains.map((d) => label(LEGAL_DOMAIN_LABELS, d)).join(', ')}</td><td>${agreementLink(c.id, t.agreementSha256)}</td></tr>`)}</tbody></table>`;
  // Every change with the day it takes effect and the moment it was reported: a backdated one
  // (effective before it was reported) is marked, since queries in between relied on the old state.
  const recorded = c.recorded?.length
    ? html`<table class="tabel compact" data-testid="meldingen">
    <caption>Wijzigingen met hun ingangsdatum en meldingsmoment</caption>
    <thead><tr><th scope="col">Wijziging</th><th scope="col">Ingangsdatum</th><th scope="col">Gemeld op</th><th scope="col">Gemeld door</th><th scope="col">Terugwerkend</th></tr></thead>
    <tbody>${c.recorded.map(
      (l) => html`<tr${l.backdated ? html` class="teruggedateerd"` : ''}><td>${label(CHANGE_LABELS, l.type)}</td><td>${l.effectiveOn ? formatDate(l.effectiveOn) : '–'}</td><td>${formatDateTime(l.recordedAt)}</td><td>${l.recordedBy}</td><td>${l.backdated ? html`<strong>teruggedateerd</strong>` : 'nee'}</td></tr>`,
    )}</tbody></table>`
    : '';
  const candidates = v.municipalities.filter((m) => !current.has(m.id));
  const forms = officer && open
    ? html`<section class="blok" aria-labelledby="wijzigen-kop"><h2 id="wijzigen-kop">Wijziging of beëindiging registreren</h2>
      <p class="intro">Elke wijziging krijgt een ingangsdatum; de geschiedenis blijft bewaard. Voortgaan na een niet-gemelde wijziging is onrechtmatig gebruik.</p>
      <div class="formulieren">
        ${h.status === 'PROPOSED'
          ? html`<form method="post" action="${base}/activering" class="paneel formulier">${csrfField(v.user)}<h3>Activeren</h3><p class="hint">Kan pas als elke deelnemende gemeente een goedgekeurde aanmelding heeft.</p>${dateField('activering-datum', 'datum', 'Actief vanaf')}<button type="submit" class="knop">Activeren</button></form>`
          : ''}
        <form method="post" action="${base}/leden" class="paneel formulier">${csrfField(v.user)}<h3>Lid toevoegen</h3>
          <div class="veld"><label for="nieuw-lid">Gemeente</label><select id="nieuw-lid" name="gemeente" required>${candidates.map((m) => html`<option value="${m.id}">${m.name}</option>`)}</select></div>
          ${dateField('nieuw-lid-datum', 'datum', 'Lid vanaf')}
          <button type="submit" class="knop">Lid toevoegen</button></form>
        <form method="post" action="${base}/wijziging" class="paneel formulier">${csrfField(v.user)}<h3>Voorwaarden wijzigen</h3>
          ${dateField('wijziging-datum', 'datum', 'Ingangsdatum')}
          <div class="veld"><label for="wijziging-naam">Nieuwe naam (leeg laten: ongewijzigd)</label><input id="wijziging-naam" name="naam" type="text" maxlength="200"></div>
          <fieldset class="veld"><legend>Wettelijke domeinen (niets aangevinkt: ongewijzigd)</legend><div class="keuzes">${LEGAL_DOMAINS.map((d) => html`<div class="keuze"><input type="checkbox" id="wijziging-${d}" name="domein" value="${d}"><label for="wijziging-${d}">${LEGAL_DOMAIN_LABELS[d]}</label></div>`)}</div></fieldset>
          <button type="submit" class="knop">Wijziging registreren</button></form>
        <form method="post" action="${base}/beeindiging" class="paneel formulier">${csrfField(v.user)}<h3>Beëindigen</h3>
          ${dateField('beeindiging-datum', 'datum', 'Einddatum (eerste dag zonder samenwerking)')}
          <div class="veld"><label for="beeindiging-reden">Reden</label><textarea id="beeindiging-reden" name="reden" rows="3" required maxlength="2000"></textarea></div>
          <button type="submit" class="knop knop-gevaar">Beëindiging registreren</button></form>
      </div></section>`
    : '';
  return page({
    title: t.name,
    user: v.user,
    active: '/samenwerkingsverbanden',
    wide: true,
    body: html`<p class="kruimel"><a href="/samenwerkingsverbanden">Samenwerkingsverbanden</a></p>
      <h1>${t.name}</h1>
      ${messageFor(v.message)}${refusal(v.failure)}
      <dl class="kenmerken kenmerken-raster">
        <div><dt>Status vandaag</dt><dd>${label(COLLABORATION_STATUS_LABELS, c.status)}</dd></div>
        <div><dt>Rechtsvorm</dt><dd>${label(LEGAL_FORM_LABELS, c.legalForm)}</dd></div>
        <div><dt>Uitvoerende gemeente</dt><dd>${v.names(c.executingOrganisationId)}</dd></div>
        <div><dt>Actief vanaf</dt><dd>${h.activeFrom ? formatDate(h.activeFrom) : 'nog niet geactiveerd'}</dd></div>
        ${h.endsOn ? html`<div><dt>Beëindigd per</dt><dd>${formatDate(h.endsOn)}${h.terminationReason ? ` – ${h.terminationReason}` : ''}</dd></div>` : ''}
      </dl>
      <div class="blok">${members}</div>
      <div class="blok">${terms}</div>
      ${recorded ? html`<div class="blok">${recorded}</div>` : ''}
      <section class="blok" aria-label="Terugkijken">${lookBackView(c, v.lookBack, v.names)}</section>
      <div class="blok"><table class="tabel compact"><caption>Aanmeldingen</caption><thead><tr><th scope="col">Gemeente</th><th scope="col">Rol</th><th scope="col">Status</th><th scope="col">Reden</th></tr></thead>
        <tbody>${h.applications.map((a) => html`<tr><td>${v.names(a.municipalityId)}</td><td>${label(APPLICATION_ROLE_LABELS, a.role)}</td><td>${label(APPLICATION_STATUS_LABELS, a.status)}</td><td>${a.reason ?? ''}</td></tr>`)}</tbody></table></div>
      ${forms}`,
  });
}
