/**
 * What the review screens share: a decision on something waiting for the viewer (an application
 * of a municipality, a four-eyes grant) is approved with one button or rejected with a reason,
 * and a change registration refused is shown with its message and code.
 */
import type { Failure } from '../app/ports';
import { html, SafeHtml } from '../domain/html';
import { csrfField, notice, ViewUser } from './layout';

/**
 * The approve button and the reject form with a required reason, both posting `besluit` to
 * `action`. `approveLabel` names the button for screen readers; `reasonLabel` labels the reason.
 */
export function approveOrReject(user: ViewUser, d: { action: string; id: string; approveLabel: string; reasonLabel: string }): SafeHtml {
  return html`<div class="aanmelding-acties">
      <form method="post" action="${d.action}">
        ${csrfField(user)}<input type="hidden" name="besluit" value="APPROVED">
        <button type="submit" class="knop" aria-label="${d.approveLabel}">Goedkeuren</button>
      </form>
      <details class="afwijzen">
        <summary>Afwijzen…</summary>
        <form method="post" action="${d.action}">
          ${csrfField(user)}<input type="hidden" name="besluit" value="REJECTED">
          <div class="veld">
            <label for="reden-${d.id}">${d.reasonLabel}</label>
            <textarea id="reden-${d.id}" name="reden" rows="3" required maxlength="2000"></textarea>
          </div>
          <button type="submit" class="knop knop-gevaar">Afwijzen</button>
        </form>
      </details>
    </div>`;
}

/** Registration refused a change: its message (or a general one) and its code, announced. */
export function refusal(f: Failure | undefined): SafeHtml {
  return f ? notice('fout', 'Dat is niet gelukt', html`<p>${f.message || 'De registratie weigerde dit.'}</p><p class="code">Code: ${f.code}</p>`, { alert: true }) : html``;
}
