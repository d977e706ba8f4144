/**
 * Four eyes (registration's ADR 0016): the escape right, the role of gemandateerde or of security
 * officer is granted only when a second person approves. This page shows the user administrator
 * and the security officer the grants waiting for them (with what changes), and their own
 * requests, which wait for someone else.
 */
import type { Failure, PendingGrant } from '../app/ports';
import { formatDateTime } from '../domain/format';
import { html, path, SafeHtml } from '../domain/html';
import { label, ROLE_LABELS } from '../domain/labels';
import { approveOrReject, refusal } from './decisions';
import { csrfField, notice, page, unavailable, ViewUser } from './layout';

export const SENSITIVE_RIGHT_LABELS: Record<string, string> = {
  ESCAPE_RIGHT: 'Escaperecht (doorzoeken buiten de whitelist)',
  SECURITY_OFFICER: 'Rol security officer',
  MANDATED_PERSON: 'Rol gemandateerde',
};

export const GRANT_MESSAGES: Record<string, { kind: 'succes'; text: string }> = {
  goedgekeurd: { kind: 'succes', text: 'Goedgekeurd: de wijziging is nu van kracht.' },
  afgewezen: { kind: 'succes', text: 'Afgewezen: er is niets gewijzigd.' },
  ingetrokken: { kind: 'succes', text: 'Uw verzoek is ingetrokken: er is niets gewijzigd.' },
};

type Tasks = PendingGrant['requested'];

function tasksText(t: Tasks | null, productName: (id: string) => string): string {
  if (!t) return 'nieuw account';
  const roles = t.roles.map((r) => label(ROLE_LABELS, r)).join(', ');
  const products = t.permittedProducts.length ? `; producten: ${t.permittedProducts.map(productName).join(', ')}` : '';
  return `${roles}${products}; escaperecht: ${t.escapeRight ? 'ja' : 'nee'}`;
}

function decisionForms(user: ViewUser, g: PendingGrant, who: string): SafeHtml {
  const action = path`/goedkeuringen/${g.userId}/${g.id}/besluit`;
  if (!g.mayApprove) {
    return html`<form method="post" action="${action}" class="aanmelding-acties">
        ${csrfField(user)}<input type="hidden" name="besluit" value="WITHDRAWN">
        <p>U vroeg dit zelf aan: een tweede persoon keurt het goed.</p>
        <button type="submit" class="knop" aria-label="Verzoek voor ${who} intrekken">Intrekken</button>
      </form>`;
  }
  return approveOrReject(user, { action, id: g.id, approveLabel: `Rechten van ${who} goedkeuren`, reasonLabel: `Reden van afwijzing voor ${who}` });
}

export function grantsPage(v: { user: ViewUser; grants: PendingGrant[] | Failure; names: (id: string) => string; productName: (id: string) => string; message?: string; failure?: Failure }): SafeHtml {
  let body: SafeHtml;
  if (!Array.isArray(v.grants)) body = unavailable('De lijst met rechten ter goedkeuring', v.grants);
  else if (v.grants.length === 0) body = notice('info', 'Er wachten geen rechten op uw goedkeuring.');
  else {
    body = html`<ul class="aanmeldingen">${v.grants.map((g) => {
      const who = g.displayName ?? g.username ?? g.userId;
      return html`<li class="aanmelding aanmelding-submitted" data-gebruiker="${g.username ?? ''}">
        <div class="aanmelding-kop">
          <h2>${who} <span class="status status-submitted">${g.mayApprove ? 'Wacht op uw goedkeuring' : 'Wacht op een tweede persoon'}</span></h2>
          <p>${g.username ?? ''} · ${v.names(g.homeMunicipalityId)} · ${g.account === 'NEW' ? 'nieuw account' : 'wijziging van taken'} · aangevraagd ${formatDateTime(g.requestedAt)}</p>
        </div>
        <dl class="kenmerken">
          <div><dt>Vraagt om</dt><dd>${g.sensitiveRights.map((r) => label(SENSITIVE_RIGHT_LABELS, r)).join(', ')}</dd></div>
          <div><dt>Nu</dt><dd>${tasksText(g.current, v.productName)}</dd></div>
          <div><dt>Na goedkeuring</dt><dd>${tasksText(g.requested, v.productName)}</dd></div>
        </dl>
        ${decisionForms(v.user, g, who)}
      </li>`;
    })}</ul>`;
  }
  const m = v.message ? GRANT_MESSAGES[v.message] : undefined;
  return page({
    title: 'Rechten goedkeuren',
    user: v.user,
    active: '/goedkeuringen',
    body: html`<h1>Rechten goedkeuren</h1>
      <p class="intro">Het escaperecht en de rollen gemandateerde en security officer gaan pas in als een tweede persoon ze goedkeurt (vier ogen). U keurt nooit uw eigen aanvraag of uw eigen rechten goed.</p>
      ${m ? notice(m.kind, m.text) : ''}
      ${refusal(v.failure)}
      ${body}`,
  });
}
