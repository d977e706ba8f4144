/**
 * Tweede factor en inlogbeveiliging: setting up the second factor (TOTP) in an authenticator
 * app, and the holder's own failed login attempts and lockouts. Reached from the menu, or
 * straight after a password login when the role requires a second factor not set up yet.
 */
import type { Enrolment, Failure, LoginSecurity } from '../app/ports';
import { formatDateTime } from '../domain/format';
import { html, SafeHtml } from '../domain/html';
import { describedBy, errorSummary, fieldError, notice, page, unavailable, ViewUser } from './layout';

export const LOGIN_EVENT_LABELS: Record<string, string> = {
  FAILED_PASSWORD: 'Onjuist wachtwoord',
  FAILED_CODE: 'Onjuiste code',
  CODE_REUSED: 'Code voor de tweede keer gebruikt',
  LOCKED: 'Account geblokkeerd',
  LIFTED_BY_HOLDER: 'Blokkade opgeheven door uzelf (wachtwoord en code)',
  LIFTED_BY_ADMINISTRATOR: 'Blokkade opgeheven door gebruikersbeheer',
  SECOND_FACTOR_ENROLLED: 'Tweede factor ingesteld',
  SECOND_FACTOR_RESET: 'Tweede factor teruggezet door gebruikersbeheer',
};

export interface SecondFactorView {
  /** The logged-in user; absent while a password login waits for its second factor. */
  user?: ViewUser;
  /** The CSRF token of the form. */
  csrf: string;
  /** The role requires a second factor and the login waits for it. */
  required?: boolean;
  /** A secret waiting for its first code. */
  enrolment?: Enrolment | Failure;
  /** The holder's own view (logged-in users). */
  security?: LoginSecurity | Failure;
  codeError?: string;
  /** Just set up. */
  done?: boolean;
}

const grouped = (secret: string) => secret.match(/.{1,4}/g)!.join(' ');

function enrolmentForm(v: SecondFactorView, e: Enrolment): SafeHtml {
  return html`<section class="blok" aria-labelledby="instellen-kop">
    <h2 id="instellen-kop">In drie stappen</h2>
    <ol class="stappen">
      <li>Open een authenticator-app op uw telefoon (elke app voor codes op basis van tijd, TOTP).</li>
      <li>Voeg een account toe met deze sleutel (“sleutel invoeren”, op tijd gebaseerd):
        <p class="geheim"><code data-testid="geheim">${grouped(e.secret)}</code></p>
        <p class="hint">Account: ${e.issuer} (${e.account}) · ${e.digits} cijfers · elke ${e.period} seconden een nieuwe code. Op uw telefoon kunt u ook <a href="${e.otpauthUri}">deze koppeling</a> openen. Deel de sleutel met niemand; hij geldt tot ${formatDateTime(e.expiresAt)}.</p>
      </li>
      <li>Vul de code in die de app nu toont.</li>
    </ol>
    <form method="post" action="/tweede-factor" class="paneel formulier" novalidate>
      <input type="hidden" name="_csrf" value="${v.csrf}">
      <div class="veld${v.codeError ? ' veld-fout' : ''}">
        <label for="code">Code uit de app</label>
        <p class="hint" id="code-hint">Zes cijfers.</p>
        ${fieldError('code', v.codeError)}
        <input id="code" name="code" type="text" class="invoer-kort" inputmode="numeric" autocomplete="one-time-code" maxlength="7" spellcheck="false" required${describedBy('code-hint', v.codeError && 'code-fout')}>
      </div>
      <button type="submit" class="knop">Bevestigen</button>
    </form>
  </section>`;
}

function overview(s: LoginSecurity): SafeHtml {
  return html`<section class="blok" aria-labelledby="beveiliging-kop">
    <h2 id="beveiliging-kop">Mislukte inlogpogingen en blokkades</h2>
    ${s.lockout.locked
      ? notice('waarschuwing', 'Uw account is geblokkeerd', html`<p>Sinds ${formatDateTime(s.lockout.lockedAt ?? '')}, na ${s.lockout.failuresInARow} mislukte pogingen op rij.</p>`)
      : html`<p data-testid="blokkade">Uw account is niet geblokkeerd.${s.lockout.failuresInARow > 0 ? ` Mislukte pogingen op rij sinds de laatste geslaagde: ${s.lockout.failuresInARow}.` : ''}</p>`}
    ${s.events.length === 0
      ? html`<p>Er zijn geen mislukte pogingen of blokkades.</p>`
      : html`<div class="tabel-schuif"><table class="tabel compact" data-testid="inlog-gebeurtenissen">
          <caption>De laatste ${s.events.length} gebeurtenissen, nieuwste eerst</caption>
          <thead><tr><th scope="col">Wanneer</th><th scope="col">Wat</th><th scope="col">Vanaf adres</th></tr></thead>
          <tbody>${s.events.map((e) => html`<tr data-soort="${e.kind}"><td>${formatDateTime(e.occurredAt)}</td><td>${LOGIN_EVENT_LABELS[e.kind] ?? e.kind}</td><td>${e.sourceAddress ?? '–'}</td></tr>`)}</tbody>
        </table></div>`}
    <p class="hint">Herkent u een poging niet? Meld het bij uw gebruikersbeheerder of de security officer.</p>
  </section>`;
}

export function secondFactorPage(v: SecondFactorView): SafeHtml {
  const security = v.security && 'ok' in v.security ? (v.security as Failure) : (v.security as LoginSecurity | undefined);
  const enrolment = v.enrolment && 'ok' in v.enrolment ? (v.enrolment as Failure) : (v.enrolment as Enrolment | undefined);
  const enrolled = security && !('ok' in security) ? security.secondFactor : undefined;
  return page({
    title: 'Tweede factor',
    user: v.user,
    active: '/tweede-factor',
    body: html`<h1>${v.user ? 'Tweede factor en inlogbeveiliging' : 'Tweede factor instellen'}</h1>
      ${v.required ? notice('info', 'Uw rol vraagt om een tweede factor', html`<p>Uw wachtwoord is juist. Stel nu de tweede factor in; daarna bent u ingelogd en logt u voortaan in met wachtwoord en de code uit de app.</p>`) : ''}
      ${v.done ? notice('succes', 'Uw tweede factor is ingesteld', html`<p>Voortaan logt u in met uw wachtwoord en de code uit de app.</p>`) : ''}
      ${errorSummary({ code: v.codeError }, 'De code is niet bevestigd')}
      ${enrolled?.enrolled ? html`<p data-testid="tweede-factor-status">U logt in met een tweede factor (ingesteld ${formatDateTime(enrolled.enrolledAt ?? '')}). Kwijt? Uw gebruikersbeheerder zet hem terug; daarna stelt u een nieuwe in.</p>` : ''}
      ${enrolled && !enrolled.enrolled && !enrolled.required ? html`<p>Een tweede factor is voor uw rol niet verplicht, maar beschermt uw account als uw wachtwoord uitlekt.</p>` : ''}
      ${enrolment ? ('ok' in enrolment ? unavailable('Het instellen van de tweede factor', enrolment) : enrolmentForm(v, enrolment)) : ''}
      ${security ? ('ok' in security ? unavailable('Het overzicht van uw inlogpogingen', security) : overview(security)) : ''}`,
  });
}
