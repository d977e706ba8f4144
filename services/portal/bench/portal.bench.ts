/**
 * What the portal adds to a query: the whole system as processes (the browser tests' world),
 * one worker session, then the same BRP query through the portal (form POST, rendered page) and
 * directly at the gateway (JSON), one at a time and 10 at a time; plus the page sizes.
 *   npm run bench -- portal
 */
import { performance } from 'node:perf_hooks';
import { BSN, DEMO, DEMO_PASSWORD, startPortalWorld } from '../test/world';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function timed(n: number, concurrency: number, once: () => Promise<void>) {
  const times: number[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        const t = performance.now();
        await once();
        times.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { 'req/s': Math.round(n / seconds), 'p50 ms': pct(times, 50).toFixed(1), 'p99 ms': pct(times, 99).toFixed(1) };
}

async function main(): Promise<void> {
  const world = await startPortalWorld();
  try {
    const portal = world.portal;
    const login = await fetch(`${portal}/inloggen`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ gebruikersnaam: DEMO.worker, wachtwoord: DEMO_PASSWORD }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const formPage = await (await fetch(`${portal}/bevraging`, { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(formPage)![1];
    const { token } = await world.login(DEMO.worker);
    const body = new URLSearchParams({ _csrf: csrf, gemeente: world.organisations.zandvoort.id, product: 'brp-persoon', rechtsgebied: 'PARTICIPATIEWET', zoeksleutel: 'BSN', bsn: BSN.zandvoort });
    const viaPortal = async () => {
      const r = await fetch(`${portal}/bevraging`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body });
      if (r.status !== 200) throw new Error(`portal answered ${r.status}`);
      await r.text();
    };
    const direct = async () => {
      const r = await fetch(`${world.stack.urls['query-proxy']}/queries`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ actingForMunicipalityId: world.organisations.zandvoort.id, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn: BSN.zandvoort } }) });
      if (r.status !== 200) throw new Error(`gateway answered ${r.status}`);
      await r.text();
    };
    const formGet = async () => {
      const r = await fetch(`${portal}/bevraging`, { headers: { cookie } });
      await r.text();
    };
    for (let i = 0; i < 20; i++) await Promise.all([viaPortal(), direct()]); // warm up
    const rows: Record<string, unknown>[] = [];
    for (const concurrency of [1, 10]) {
      rows.push({ what: 'BRP query at the gateway (JSON)', concurrency, ...(await timed(300, concurrency, direct)) });
      rows.push({ what: 'same query through the portal (rendered page)', concurrency, ...(await timed(300, concurrency, viaPortal)) });
      rows.push({ what: 'query form page (keuzelijst, products)', concurrency, ...(await timed(300, concurrency, formGet)) });
    }
    console.table(rows);
    const size = async (path: string) => (await (await fetch(`${portal}${path}`, { headers: { cookie } })).arrayBuffer()).byteLength;
    const result = await (await fetch(`${portal}/bevraging`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body })).arrayBuffer();
    console.table([
      { what: 'query form page', bytes: await size('/bevraging') },
      { what: 'result page (BRP)', bytes: result.byteLength },
      { what: 'portal.css', bytes: await size('/static/portal.css') },
      { what: 'portal.js', bytes: await size('/static/portal.js') },
    ]);
  } finally {
    await world.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
