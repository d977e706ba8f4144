/**
 * Status (issue 24): the operators' view of the system for the security officer, from the
 * operations service's GET /status: each service with the checks it reports, the broker, the lag
 * of each consumer group, the dead letters per group and reason and the newest checkpoint per audit
 * chain. Every state is said in words (not only a colour). "Spoor openen" takes a trace id from
 * the audit page and links to that trace in the trace UI (when the portal has one).
 */
import type { Failure, PartState, SystemStatus } from '../app/ports';
import { formatDateTime } from '../domain/format';
import { html, SafeHtml } from '../domain/html';
import { fieldError, describedBy, notice, page, unavailable, ViewUser } from './layout';
import { traceUiHref } from './audit';

export const STATE_LABELS: Record<PartState, string> = { up: 'In orde', down: 'Verstoord', unknown: 'Onbekend' };
const STATE_CLASS: Record<PartState, string> = { up: 'status-active', down: 'status-terminated', unknown: 'status-submitted' };

export interface StatusView {
  user: ViewUser;
  status: SystemStatus | Failure;
  /** The trace UI's base address; unset: the form says there is none. */
  traceUiUrl?: string;
  /** The trace id asked for (query spoor), as typed. */
  traceId?: string;
}

const state = (s: PartState): SafeHtml => html`<span class="status ${STATE_CLASS[s] ?? 'status-submitted'}" data-staat="${s}">${STATE_LABELS[s] ?? s}</span>`;
const detail = (d: string | null): SafeHtml => (d ? html`<br><span class="toelichting">${d}</span>` : html``);

function ageText(seconds: number): string {
  if (seconds < 120) return `${seconds} seconden geleden`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)} minuten geleden`;
  return `${Math.floor(seconds / 3600)} uur geleden`;
}

function services(s: SystemStatus): SafeHtml {
  return html`<section aria-labelledby="kop-diensten"><h2 id="kop-diensten">Diensten</h2>
    <div class="tabel-schuif"><table class="tabel" data-testid="diensten">
      <caption class="visueel-verborgen">Gereedheid van elke dienst, met de controles die de dienst zelf meldt</caption>
      <thead><tr><th scope="col">Dienst</th><th scope="col">Staat</th><th scope="col">Controles</th></tr></thead>
      <tbody>${s.services.map(
        (x) => html`<tr data-dienst="${x.name}"><th scope="row">${x.name}</th><td>${state(x.state)}${detail(x.detail)}</td>
          <td>${x.checks.length ? html`<ul class="controles">${x.checks.map((c) => html`<li>${c.name}: ${STATE_LABELS[c.state]}${c.detail ? ` (${c.detail})` : ''}</li>`)}</ul>` : '–'}</td></tr>`,
      )}</tbody>
    </table></div></section>`;
}

function broker(s: SystemStatus): SafeHtml {
  const b = s.broker;
  return html`<section aria-labelledby="kop-broker"><h2 id="kop-broker">Kafka-broker</h2>
    <dl class="kenmerken" data-testid="broker">
      <div><dt>Staat</dt><dd>${state(b.state)}${detail(b.detail)}</dd></div>
      <div><dt>Brokers</dt><dd>${b.brokers.length ? b.brokers.map((x) => `${x.nodeId} (${x.address})`).join(', ') : 'geen bekend'}</dd></div>
      <div><dt>Controller</dt><dd>${b.controller ?? 'geen'}</dd></div>
    </dl></section>`;
}

function groups(s: SystemStatus): SafeHtml {
  return html`<section aria-labelledby="kop-groepen"><h2 id="kop-groepen">Achterstand per consumentengroep</h2>
    <p>Het aantal berichten dat een groep nog niet heeft verwerkt. Een groep zonder lopende consument met berichten die wachten, is gestopt.</p>
    <div class="tabel-schuif"><table class="tabel" data-testid="groepen">
      <thead><tr><th scope="col">Groep</th><th scope="col">Topic</th><th scope="col">Achterstand</th><th scope="col">Consumenten</th><th scope="col">Staat</th></tr></thead>
      <tbody>${s.consumerGroups.map(
        (g) => html`<tr data-groep="${g.group}" data-topic="${g.topic}"><th scope="row">${g.group}</th><td>${g.topic}</td><td class="getal">${g.lag ?? 'onbekend'}</td><td class="getal">${g.members ?? 'onbekend'}</td><td>${state(g.state)}${detail(g.detail)}</td></tr>`,
      )}</tbody>
    </table></div></section>`;
}

function deadLetters(s: SystemStatus): SafeHtml {
  const d = s.deadLetters;
  const table = d.byGroupAndReason.length
    ? html`<div class="tabel-schuif"><table class="tabel" data-testid="dode-berichten">
        <thead><tr><th scope="col">Groep</th><th scope="col">Reden</th><th scope="col">Geparkeerd</th><th scope="col">Nog niet opnieuw aangeboden</th></tr></thead>
        <tbody>${d.byGroupAndReason.map((r) => html`<tr><th scope="row">${r.group}</th><td>${r.reason}</td><td class="getal">${r.count}</td><td class="getal">${r.open}</td></tr>`)}</tbody>
      </table></div>`
    : html`<p>${d.state === 'unknown' ? 'De dode berichten konden niet worden geteld.' : 'Er zijn geen geparkeerde berichten.'}</p>`;
  return html`<section aria-labelledby="kop-dood"><h2 id="kop-dood">Geparkeerde berichten (dead letters)</h2>
    <p>${state(d.state)} ${d.total} geparkeerd, waarvan ${d.open} nog niet opnieuw aangeboden.${detail(d.detail)}</p>${table}</section>`;
}

function checkpoints(s: SystemStatus): SafeHtml {
  const c = s.checkpoints;
  const body = c.chains.length
    ? html`<div class="tabel-schuif"><table class="tabel" data-testid="checkpoints">
        <thead><tr><th scope="col">Keten</th><th scope="col">Laatste checkpoint</th><th scope="col">Volgnummer</th><th scope="col">Records</th></tr></thead>
        <tbody>${c.chains.map((x) => html`<tr data-keten="${x.chain}"><th scope="row">${x.chain}</th><td>${formatDateTime(x.createdAt)} (${ageText(x.ageSeconds)})</td><td class="getal">${x.headSequence}</td><td class="getal">${x.recordCount}</td></tr>`)}</tbody>
      </table></div>`
    : html`<p>${c.state === 'unknown' ? 'Het auditlog gaf geen checkpoints.' : 'Er is nog geen checkpoint.'}${detail(c.detail)}</p>`;
  return html`<section aria-labelledby="kop-checkpoints"><h2 id="kop-checkpoints">Checkpoints van het auditlog</h2>
    <p>Het auditlog ondertekent een checkpoint voor elke keten die groeide; een stille keten houdt haar laatste checkpoint.</p>
    <p>${state(c.state)}</p>${body}</section>`;
}

/** The form "Spoor openen": a trace id of the audit page, and the link to it in the trace UI. */
function traceForm(v: StatusView): SafeHtml {
  const typed = (v.traceId ?? '').trim().toLowerCase();
  const asked = v.traceId !== undefined && v.traceId.trim() !== '';
  const href = asked ? traceUiHref(v.traceUiUrl, typed) : null;
  const problem = asked && !/^[0-9a-f]{32}$/.test(typed) ? 'Een spoor-id bestaat uit 32 tekens 0-9 en a-f, zoals op de auditpagina.' : undefined;
  let outcome: SafeHtml = html``;
  if (!v.traceUiUrl) outcome = notice('info', 'Er is geen trace-UI ingesteld (TRACE_UI_URL); het spoor is wel te lezen via de auditpagina.');
  else if (href) outcome = html`<p class="spoor-link"><a href="${href}" class="trace-ui" data-testid="trace-ui" target="_blank" rel="noopener noreferrer">Spoor ${typed} openen in de trace-UI</a></p>`;
  return html`<section aria-labelledby="kop-spoor"><h2 id="kop-spoor">Spoor openen</h2>
    <form method="get" action="/status" class="spoor-form" novalidate>
      <div class="veld${problem ? ' veld-fout' : ''}">
        <label for="spoor">Spoor-id (trace id) van een bevraging of handeling</label>
        <p class="hint" id="spoor-hint">32 tekens, te vinden bij het record op de auditpagina.</p>
        ${fieldError('spoor', problem)}
        <input type="text" id="spoor" name="spoor" inputmode="latin" autocomplete="off" spellcheck="false" maxlength="100" value="${v.traceId ?? ''}"${describedBy('spoor-hint', problem && 'spoor-fout')}${problem ? html` aria-invalid="true"` : ''}>
      </div>
      <button type="submit" class="knop">Spoor openen</button>
    </form>${outcome}</section>`;
}

export function statusPage(v: StatusView): SafeHtml {
  let body: SafeHtml;
  if (!('services' in v.status)) body = unavailable('De status', v.status);
  else {
    const s = v.status;
    const overall = s.state === 'up' ? notice('succes', 'Alles is in orde.') : s.state === 'down' ? notice('waarschuwing', 'Een of meer onderdelen zijn verstoord.') : notice('waarschuwing', 'Van een of meer onderdelen is de staat onbekend: zij antwoordden niet op tijd.');
    body = html`${overall}<p>Gemeten op ${formatDateTime(s.checkedAt)}.${s.recorded ? '' : ' Deze inzage kon niet in het auditlog worden vastgelegd.'}</p>
      ${services(s)}${broker(s)}${groups(s)}${deadLetters(s)}${checkpoints(s)}`;
  }
  return page({
    title: 'Status',
    user: v.user,
    active: '/status',
    wide: true,
    body: html`<h1>Status van het systeem</h1>
      <p>De staat van elke dienst, de broker en de verwerking, zoals nu gemeten. Een onderdeel dat niet binnen enkele seconden antwoordt, staat op <strong>onbekend</strong>.</p>
      ${traceForm(v)}${body}`,
  });
}
