/**
 * The page frame every screen shares: lang="nl", a skip link, the header with who is logged in
 * (name, roles, home municipality) and the log-out button, the main menu for the user's roles,
 * landmarks (header, nav, main, footer), and one small CSS and one small script file from the
 * portal itself (the script only enhances; every page works without it).
 */
import { html, Interpolation, SafeHtml } from '../domain/html';
import { label, ROLE_LABELS } from '../domain/labels';

export interface ViewUser {
  displayName: string;
  roles: readonly string[];
  homeMunicipalityName: string;
  /** The session's CSRF token, for every form. */
  csrf: string;
}

export interface PageOptions {
  title: string;
  user?: ViewUser;
  /** The path of the menu item to mark as current. */
  active?: string;
  body: Interpolation;
  /** Wider content (tables, two columns). */
  wide?: boolean;
}

interface MenuItem {
  href: string;
  text: string;
  roles: readonly string[];
}

export const MENU: readonly MenuItem[] = [
  { href: '/bevraging', text: 'Bevraging', roles: ['WORKER'] },
  { href: '/bevragingen', text: 'Mijn recente bevragingen', roles: ['WORKER'] },
  { href: '/aanmeldingen', text: 'Aanmeldingen', roles: ['SECURITY_OFFICER'] },
  { href: '/samenwerkingsverbanden', text: 'Samenwerkingsverbanden', roles: ['SECURITY_OFFICER', 'USER_ADMINISTRATOR'] },
  { href: '/goedkeuringen', text: 'Rechten goedkeuren', roles: ['SECURITY_OFFICER', 'USER_ADMINISTRATOR'] },
  { href: '/auditlog', text: 'Auditlog', roles: ['SECURITY_OFFICER', 'MANDATED_PERSON'] },
  { href: '/rapportages', text: 'Rapportages', roles: ['MANDATED_PERSON', 'SECURITY_OFFICER'] },
  { href: '/signalen', text: 'Signalen', roles: ['SECURITY_OFFICER', 'MANDATED_PERSON'] },
  { href: '/status', text: 'Status', roles: ['SECURITY_OFFICER'] },
  { href: '/tweede-factor', text: 'Inlogbeveiliging', roles: ['WORKER', 'SECURITY_OFFICER', 'USER_ADMINISTRATOR', 'MANDATED_PERSON'] },
];

export function menuFor(roles: readonly string[]): MenuItem[] {
  return MENU.filter((m) => m.roles.some((r) => roles.includes(r)));
}

/** The hidden CSRF field every form of a session carries. */
export const csrfField = (user: ViewUser): SafeHtml => html`<input type="hidden" name="_csrf" value="${user.csrf}">`;

function header(user: ViewUser | undefined, active: string | undefined): SafeHtml {
  const who = user
    ? html`<div class="wie">
        <p class="wie-naam"><span class="visueel-verborgen">Ingelogd als </span>${user.displayName}</p>
        <p class="wie-rol">${user.roles.map((r) => label(ROLE_LABELS, r)).join(', ')} · ${user.roles.includes('SECURITY_OFFICER') ? 'organisatie' : 'thuisgemeente'} <strong>${user.homeMunicipalityName}</strong></p>
        <form method="post" action="/uitloggen" class="uitloggen">${csrfField(user)}<button type="submit" class="knop knop-licht">Uitloggen</button></form>
      </div>`
    : '';
  const menu = user
    ? html`<nav class="menu" aria-label="Hoofdmenu"><ul>${menuFor(user.roles).map(
        (m) => html`<li><a href="${m.href}"${active === m.href ? html` aria-current="page"` : ''}>${m.text}</a></li>`,
      )}</ul></nav>`
    : '';
  return html`<header class="kop">
    <div class="kop-binnen">
      <a class="merk" href="/"><span class="merk-naam">Suwinet-Inkijk</span> <span class="merk-sub">één login voor samenwerkingsverbanden</span></a>
      ${who}
    </div>
    ${menu}
  </header>`;
}

export function page(o: PageOptions): SafeHtml {
  return html`<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${o.title} – Suwinet-Inkijk</title>
<link rel="stylesheet" href="/static/portal.css">
<script src="/static/portal.js" defer></script>
</head>
<body>
<a class="skiplink" id="skiplink" href="#inhoud">Direct naar de inhoud</a>
${header(o.user, o.active)}
<main id="inhoud" tabindex="-1" class="${o.wide ? 'inhoud breed' : 'inhoud'}">
${o.body}
</main>
<footer class="voet">
  <p>Elke bevraging wordt gelogd onder de identiteit van de gekozen gemeente en van u als medewerker. Gegevens worden niet in uw browser bewaard.</p>
</footer>
</body>
</html>`;
}

/** A list of problems at the top of a form, each linking to its field (and announced). */
export function errorSummary(problems: Record<string, string | undefined>, title = 'Controleer het formulier'): SafeHtml {
  const entries = Object.entries(problems).filter((e): e is [string, string] => typeof e[1] === 'string');
  if (entries.length === 0) return html``;
  return html`<div class="foutoverzicht" role="alert" tabindex="-1" id="foutoverzicht">
    <h2>${title}</h2>
    <ul>${entries.map(([field, message]) => html`<li><a href="#${field}">${message}</a></li>`)}</ul>
  </div>`;
}

/** A field's error text (referenced by aria-describedby). */
export const fieldError = (id: string, message: string | undefined): SafeHtml => (message ? html`<p class="veldfout" id="${id}-fout"><span class="visueel-verborgen">Fout: </span>${message}</p>` : html``);

export const describedBy = (...ids: Array<string | false | undefined>): SafeHtml => {
  const list = ids.filter((x): x is string => typeof x === 'string' && x.length > 0);
  return list.length ? html` aria-describedby="${list.join(' ')}"` : html``;
};

/** A notice: info, success, warning or error. */
export function notice(kind: 'info' | 'succes' | 'waarschuwing' | 'fout', title: Interpolation, body?: Interpolation, opts: { alert?: boolean } = {}): SafeHtml {
  const role = opts.alert ? html` role="alert"` : kind === 'succes' || kind === 'info' ? html` role="status"` : html``;
  return html`<div class="melding melding-${kind}"${role}><p class="melding-titel">${title}</p>${body ? html`<div class="melding-tekst">${body}</div>` : ''}</div>`;
}

/** A service could not answer: a clear "not available" state instead of a broken page. */
export function unavailable(what: string, failure: { code: string; message: string }): SafeHtml {
  return notice('waarschuwing', `${what} is nu niet beschikbaar`, html`<p>${failure.message || 'De dienst gaf geen antwoord.'}</p><p class="code">Code: ${failure.code}</p>`);
}
