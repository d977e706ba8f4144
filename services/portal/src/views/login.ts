/** Inloggen: one login for every municipality the worker may act for. */
import { html, SafeHtml } from '../domain/html';
import { describedBy, errorSummary, fieldError, notice, page } from './layout';

export interface LoginView {
  username?: string;
  /** A problem with the name or password (also: locked, too many attempts). */
  error?: string;
  /** A problem with the code of the second factor. */
  codeError?: string;
  /** Where to go after logging in (a path of this portal). */
  next?: string;
  expired?: boolean;
  loggedOut?: boolean;
}

export function loginPage(v: LoginView = {}): SafeHtml {
  const problems = { gebruikersnaam: v.error, code: v.codeError };
  return page({
    title: 'Inloggen',
    body: html`<div class="inloggen">
      <h1>Inloggen</h1>
      <p class="intro">Log één keer in met het account van de gemeente waar u in dienst bent. Per bevraging kiest u daarna voor welke gemeente van uw samenwerkingsverband u werkt; wisselen vraagt nooit om opnieuw inloggen.</p>
      ${v.expired ? notice('info', 'Uw sessie is verlopen. Log opnieuw in.') : ''}
      ${v.loggedOut ? notice('succes', 'U bent uitgelogd.') : ''}
      ${errorSummary(problems, 'Inloggen is niet gelukt')}
      <form method="post" action="/inloggen" class="paneel formulier" novalidate>
        ${v.next ? html`<input type="hidden" name="terug" value="${v.next}">` : ''}
        <div class="veld${v.error ? ' veld-fout' : ''}">
          <label for="gebruikersnaam">Gebruikersnaam</label>
          ${fieldError('gebruikersnaam', v.error)}
          <input id="gebruikersnaam" name="gebruikersnaam" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${v.username ?? ''}"${describedBy(v.error && 'gebruikersnaam-fout')}>
        </div>
        <div class="veld">
          <label for="wachtwoord">Wachtwoord</label>
          <input id="wachtwoord" name="wachtwoord" type="password" autocomplete="current-password" required>
        </div>
        <div class="veld${v.codeError ? ' veld-fout' : ''}">
          <label for="code">Code uit uw authenticator-app</label>
          <p class="hint" id="code-hint">Zes cijfers. Verplicht voor security officers, gebruikersbeheerders en gemandateerden, en voor iedereen die een tweede factor heeft ingesteld.</p>
          ${fieldError('code', v.codeError)}
          <input id="code" name="code" type="text" class="invoer-kort" inputmode="numeric" autocomplete="one-time-code" maxlength="7" spellcheck="false"${describedBy('code-hint', v.codeError && 'code-fout')}>
        </div>
        <button type="submit" class="knop">Inloggen</button>
      </form>
    </div>`,
  });
}
