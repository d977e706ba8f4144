/** The citizen's pages (Dutch), server-rendered; no script. */
import { html, SafeHtml } from '../domain/html';
import type { LookupRow } from '../domain/lookups';

export const STYLESHEET = `
body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.5}
.kop{background:#154273;color:#fff;padding:1rem 1.5rem}.kop a{color:#fff}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
.skiplink{position:absolute;left:-999px}.skiplink:focus{left:1rem;top:1rem;background:#fff;color:#000;padding:.5rem}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #767676;padding:.5rem;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:bold;padding:.5rem 0}
td ul{margin:0;padding-left:1.2rem}
button,.knop{background:#154273;color:#fff;border:0;padding:.6rem 1rem;font-size:1rem;cursor:pointer;text-decoration:none;display:inline-block}
button:focus,.knop:focus,a:focus{outline:3px solid #ffbf47;outline-offset:2px}
.melding{border-left:5px solid #154273;padding:.5rem 1rem;background:#eef3f8}
.fout{border-left:5px solid #b00;padding:.5rem 1rem;background:#fbeaea}
`;

function layout(title: string, body: SafeHtml, loggedIn = false): SafeHtml {
  return html`<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} – Mijn inzage Suwinet-Inkijk</title>
<link rel="stylesheet" href="/static/burger.css">
</head>
<body>
<a class="skiplink" href="#inhoud">Direct naar de inhoud</a>
<header class="kop"><p><a href="/">Mijn inzage Suwinet-Inkijk</a></p>${loggedIn ? html`<form method="post" action="/uitloggen"><button type="submit">Uitloggen</button></form>` : ''}</header>
<main id="inhoud" tabindex="-1">
${body}
</main>
</body>
</html>`;
}

export function startPage(): SafeHtml {
  return layout(
    'Wie bekeek mijn gegevens',
    html`<h1>Wie bekeek mijn gegevens?</h1>
<p>Gemeenten zoeken voor de bijstand (Participatiewet, IOAW, IOAZ) gegevens over inwoners op bij landelijke bronnen, zoals de Basisregistratie Personen en het UWV. Hier ziet u welke gemeente dat over u deed, wanneer, waarvoor en bij welke bronnen.</p>
<p>U logt in met DigiD. Wij bewaren uw BSN niet.</p>
<p><a class="knop" href="/inloggen">Inloggen met DigiD</a></p>`,
  );
}

/** The choice about messages: subscribed or not, or null when the audit log could not say. */
function notificationsSection(subscribed: boolean | null): SafeHtml {
  const body =
    subscribed === null
      ? html`<p class="melding">Of u berichten krijgt, kunnen wij nu niet tonen. Probeer het later opnieuw.</p>`
      : subscribed
        ? html`<p id="berichten-status">U krijgt een bericht in uw Berichtenbox als een gemeente uw gegevens opvraagt: hoogstens één per gemeente per dag.</p>
<form method="post" action="/berichten"><input type="hidden" name="berichten" value="uit"><button type="submit">Geen berichten meer</button></form>`
        : html`<p id="berichten-status">U krijgt geen bericht als een gemeente uw gegevens opvraagt. Wilt u dat wel? Dan krijgt u een bericht in uw Berichtenbox: hoogstens één per gemeente per dag.</p>
<form method="post" action="/berichten"><input type="hidden" name="berichten" value="aan"><button type="submit">Stuur mij een bericht</button></form>`;
  return html`<section aria-labelledby="berichten-kop">
<h2 id="berichten-kop">Bericht bij een nieuwe opvraging</h2>
${body}
</section>`;
}

export function lookupsPage(rows: readonly LookupRow[], complete: boolean, subscribed: boolean | null = null): SafeHtml {
  const table = rows.length
    ? html`<table>
<caption>Opvragingen van uw gegevens (nieuwste eerst)</caption>
<thead><tr><th scope="col">Datum en tijd</th><th scope="col">Organisatie</th><th scope="col">Wettelijke taak</th><th scope="col">Geraadpleegde bronnen</th><th scope="col">Resultaat</th></tr></thead>
<tbody>
${rows.map(
  (r) => html`<tr class="opvraging"><td><time datetime="${r.whenIso}">${r.when}</time></td><td>${r.organisation}${r.collaboration ? html`<br><small>${r.collaboration}</small>` : ''}</td><td>${r.legalDomain}</td><td><ul>${r.sources.map((s) => html`<li>${s}</li>`)}</ul></td><td>${r.outcome}</td></tr>`,
)}
</tbody>
</table>`
    : html`<p class="melding" id="geen-opvragingen">Er zijn geen opvragingen van uw gegevens via Suwinet-Inkijk bekend.</p>`;
  return layout(
    'Wie bekeek mijn gegevens',
    html`<h1>Wie bekeek mijn gegevens?</h1>
<p>Elke keer dat een gemeente via Suwinet-Inkijk gegevens over u opvroeg, staat hieronder. De naam van de medewerker tonen wij niet: wilt u weten wie het was, vraag het dan aan de gemeente.</p>
${table}
${complete ? '' : html`<p class="melding">Alleen de oudste opvragingen staan hier; neem contact op met de gemeente voor het volledige overzicht.</p>`}
${notificationsSection(subscribed)}
<p><small>Dat u deze pagina bekeek, is ook vastgelegd.</small></p>`,
    true,
  );
}

export function errorPage(title: string, message: string): SafeHtml {
  return layout(title, html`<h1>${title}</h1><p class="fout" role="alert">${message}</p><p><a href="/">Terug naar de startpagina</a></p>`);
}
