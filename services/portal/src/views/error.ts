/** Pages for refusals and failures: what happened, in Dutch, and what to do next. */
import { html, SafeHtml } from '../domain/html';
import { notice, page, ViewUser } from './layout';

export function errorPage(o: { user?: ViewUser; title: string; message: string; code?: string; back?: { href: string; text: string } }): SafeHtml {
  return page({
    title: o.title,
    user: o.user,
    body: html`<h1>${o.title}</h1>
      ${notice('fout', o.message, o.code ? html`<p class="code">Code: ${o.code}</p>` : '')}
      <p><a href="${o.back?.href ?? '/'}">${o.back?.text ?? 'Naar de startpagina'}</a></p>`,
  });
}
