/**
 * Signals of misuse (supplier reporting, ADR 0021): the security officer sees every signal, a
 * mandated person those of the own organisation. Each open signal can be closed as reviewed
 * (beoordeeld) or dismissed (onterecht) with a reason; a closed one shows who closed it and why.
 * Workers are shown by name (the registration's directory, for those allowed to see audit data);
 * citizens only by the start of their pseudonym.
 */
import type { DirectoryUser, Failure, MisuseSignal } from '../app/ports';
import { formatDateTime } from '../domain/format';
import { html, path, SafeHtml } from '../domain/html';
import { label } from '../domain/labels';
import { csrfField, notice, page, unavailable, ViewUser } from './layout';
import { refusal } from './decisions';

export const SIGNAL_KIND_LABELS: Record<string, string> = {
  BULK_QUERYING: 'Veel verschillende burgers in korte tijd',
  OUT_OF_HOURS_QUERYING: 'Bevragingen buiten kantoortijd',
  ESCAPE_RATE: 'Veel escapes',
  ESCAPE_REASON_BURST: 'Reeks escapes met dezelfde reden',
  SUBJECT_MANY_WORKERS: 'Eén burger door veel medewerkers bevraagd',
  SUBJECT_MANY_MUNICIPALITIES: 'Eén burger voor meerdere gemeenten bevraagd',
  WHITELIST_PROBING: 'Herhaald afgebroken zoekopdrachten (whitelist aftasten)',
  REFUSED_ATTEMPTS: 'Herhaald geweigerde bevragingen',
  LOGIN_UNUSUAL_TIME: 'Inloggen op een ongebruikelijk tijdstip',
  FAILED_LOGINS: 'Veel mislukte inlogpogingen',
};
const COUNTED_LABELS: Record<string, string> = {
  QUERIES: 'bevragingen', SUBJECTS: 'verschillende burgers', WORKERS: 'verschillende medewerkers', MUNICIPALITIES: 'verschillende gemeenten',
  ESCAPES: 'escapes', ABORTED_SEARCHES: 'afgebroken zoekopdrachten', REFUSALS: 'weigeringen', LOGINS: 'inlogs', FAILED_LOGINS: 'mislukte inlogpogingen',
};
const SEVERITY_LABELS: Record<string, string> = { HIGH: 'Hoog', MEDIUM: 'Middel', LOW: 'Laag' };
const STATUS_LABELS: Record<string, string> = { OPEN: 'Open', REVIEWED: 'Beoordeeld', DISMISSED: 'Onterecht' };

export const SIGNAL_MESSAGES: Record<string, string> = {
  beoordeeld: 'Het signaal is als beoordeeld gesloten; de beoordeling staat in het auditlog.',
  onterecht: 'Het signaal is als onterecht gesloten; de beoordeling staat in het auditlog.',
};

export interface SignalsView {
  user: ViewUser;
  status: 'OPEN' | 'REVIEWED' | 'DISMISSED';
  signals: MisuseSignal[] | Failure;
  names: (organisationId: string) => string;
  people: ReadonlyMap<string, DirectoryUser>;
  message?: string;
  failure?: Failure;
}

function evidence(s: MisuseSignal): string {
  const e = s.evidence;
  const base = `${e.count} ${label(COUNTED_LABELS, e.counted)} (drempel ${e.threshold})`;
  const extra = [
    e.escapeReason ? `reden ${e.escapeReason}` : '',
    e.workerBaseline != null ? `gewoonlijk ${e.workerBaseline} per uur` : '',
    e.organisationBaseline != null ? `organisatie ${e.organisationBaseline} per uur` : '',
  ].filter(Boolean);
  return extra.length ? `${base}; ${extra.join(', ')}` : base;
}

function reviewForms(user: ViewUser, s: MisuseSignal, what: string): SafeHtml {
  const action = path`/signalen/${s.signalId}/beoordeling`;
  return html`<form method="post" action="${action}" class="signaal-beoordeling">
      ${csrfField(user)}
      <div class="veld">
        <label for="reden-${s.signalId}">Reden bij ${what}</label>
        <textarea id="reden-${s.signalId}" name="reden" rows="2" required minlength="3" maxlength="500"></textarea>
      </div>
      <button type="submit" name="besluit" value="REVIEWED" class="knop">Beoordeeld</button>
      <button type="submit" name="besluit" value="DISMISSED" class="knop knop-licht">Onterecht</button>
    </form>`;
}

export function signalsPage(v: SignalsView): SafeHtml {
  const tabs = html`<nav aria-label="Status van signalen"><ul class="tabs">${(['OPEN', 'REVIEWED', 'DISMISSED'] as const).map(
    (st) => html`<li><a href="/signalen${st === 'OPEN' ? '' : `?status=${st}`}"${st === v.status ? html` aria-current="page"` : ''}>${STATUS_LABELS[st]}</a></li>`,
  )}</ul></nav>`;
  let body: SafeHtml;
  if (!Array.isArray(v.signals)) body = unavailable('De signalen', v.signals);
  else if (v.signals.length === 0) body = notice('info', v.status === 'OPEN' ? 'Er zijn geen open signalen.' : 'Er zijn geen signalen met deze status.');
  else {
    body = html`<ul class="signalen">${v.signals.map((s) => {
      const worker = s.workerUserId ? (v.people.get(s.workerUserId)?.displayName ?? s.workerUserId) : null;
      const who = worker ?? (s.subjectPseudonym ? `burger ${s.subjectPseudonym.slice(0, 12)}…` : 'inlognamen zonder account');
      const what = `${label(SIGNAL_KIND_LABELS, s.kind)}: ${who}`;
      return html`<li class="signaal signaal-${s.severity.toLowerCase()}" data-signaal="${s.signalId}" data-soort="${s.kind}">
        <h2>${label(SIGNAL_KIND_LABELS, s.kind)} <span class="status">${label(SEVERITY_LABELS, s.severity)}</span></h2>
        <dl class="kenmerken">
          <div><dt>Wie</dt><dd>${who}</dd></div>
          <div><dt>Organisatie</dt><dd>${s.organisationId ? v.names(s.organisationId) : 'meerdere organisaties'}</dd></div>
          <div><dt>Periode</dt><dd>${formatDateTime(s.windowStart)} – ${formatDateTime(s.windowEnd)}</dd></div>
          <div><dt>Gezien</dt><dd>${evidence(s)}</dd></div>
          ${s.status === 'OPEN' ? '' : html`<div><dt>${STATUS_LABELS[s.status]}</dt><dd>${s.reviewReason ?? ''} (${s.reviewedBy ? (v.people.get(s.reviewedBy)?.displayName ?? s.reviewedBy) : ''}${s.reviewedAt ? `, ${formatDateTime(s.reviewedAt)}` : ''})</dd></div>`}
        </dl>
        ${s.status === 'OPEN' ? reviewForms(v.user, s, what) : ''}
      </li>`;
    })}</ul>`;
  }
  const message = v.message && SIGNAL_MESSAGES[v.message] ? notice('succes', SIGNAL_MESSAGES[v.message]) : html``;
  return page({
    title: 'Signalen',
    user: v.user,
    active: '/signalen',
    wide: true,
    body: html`<h1>Signalen van mogelijk misbruik</h1>
      <p>Signalen ontstaan terwijl het gebeurt, uit de bevragingen en de inlogpogingen. Sluit een signaal als <strong>beoordeeld</strong> (uitgezocht) of <strong>onterecht</strong> (vals alarm), met een reden; dat staat daarna in het auditlog.</p>
      ${message}${refusal(v.failure)}${tabs}${body}`,
  });
}
