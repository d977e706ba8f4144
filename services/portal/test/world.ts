/**
 * The world the browser tests (and a developer looking at the screens) need: the whole system as
 * separate processes (startStack in libs/testing) with the portal, the demo data loaded through
 * registration's own seed script, one collaboration whose applications wait for review, and six
 * months of earlier use by Zandvoort so the generic report has something to show.
 */
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { JWK } from 'jose';
import { query, topics } from '@inkijk/contracts';
import { KafkaPlatform, TokenIssuer } from '@inkijk/platform';
import { attributedQuery, callJson, eventually as poll, freshTotpCode, testKafka, totpStep } from '@inkijk/testing';
// The system harness of the end-to-end suite (test/e2e, scope:e2e): one way to start every
// service for a test, shared on purpose until it moves to a shared lib.
import { ROOT, Stack, StackOptions, startStack } from '@inkijk/testing';

/** The demo logins scripts/start.sh prints (services/registration/src/demo/demo-data.ts). */
export const DEMO_PASSWORD = 'inkijk-demo-2026';
export const DEMO = {
  worker: 'medewerker.haarlem',
  workerWithoutEscape: 'klantmanager.haarlem',
  officer: 'security.officer',
  mandatedZandvoort: 'gemandateerde.zandvoort',
};
/**
 * The published second-factor secrets of the demo accounts that require one (registration's
 * demo-data.ts; the seed enrols them): codes come from the shared helper (@inkijk/testing totp).
 */
export const DEMO_TOTP_SECRETS: Record<string, string> = {
  'security.officer': 'UIIEW2OGRRZ3QB3CU3BGAQMPUWUF7ETI',
  'beheer.haarlem': 'K4AUN7CF6E4QR7CE6SS7MHGNBQK76A7W',
  'gemandateerde.zandvoort': 'LDHUMFKV6E5MCS6NQQIPIZF5Z3BDKJD7',
};

/** Test BSNs of the demo whitelists, and one on no list (the escape flow). */
export const BSN = { haarlem: '999990019', zandvoort: '999990044', onNoList: '999990159' };

export interface Organisation {
  id: string;
  cbsCode: string;
  oin: string;
  name: string;
}

export interface PortalWorld {
  stack: Stack;
  portal: string;
  organisations: Record<'haarlem' | 'zandvoort' | 'beek' | 'stein', Organisation>;
  /** The collaboration proposed in this run whose two applications wait for review. */
  pending: { collaborationId: string; name: string; agreementSha256: string; startsOn: string };
  /** Month of the generic report that shows the earlier use, and how many queries it counts. */
  report: { month: string; queries: number };
  issuer: TokenIssuer;
  login(username: string): Promise<{ token: string; principal: { userId: string; homeMunicipalityId: string } }>;
  stop(): Promise<void>;
}

const run = promisify(execFile);

const call = callJson;

/** Polls until fn gives a value (the shared poller, with the timeout as a plain argument). */
export const eventually = <T>(what: string, fn: () => Promise<T | undefined | false | null>, timeoutMs = 60_000): Promise<T> => poll(what, fn, { timeoutMs });

const month = (at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit' }).format(new Date(at)).slice(0, 7);
function addMonths(m: string, n: number): string {
  const [y, mo] = m.split('-').map(Number);
  const i = y * 12 + mo - 1 + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** A tiny valid PDF standing in for the signed agreement of the pending collaboration. */
export const AGREEMENT_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** Earlier use by Zandvoort in each of the six months before the current one (fictional). */
function history(zandvoort: query.OrganisationRef, haarlem: query.OrganisationRef, reportMonth: string): query.AttributedQuery[] {
  const perMonth = [9, 14, 11, 17, 13, 19];
  const events: query.AttributedQuery[] = [];
  perMonth.forEach((n, k) => {
    const m = addMonths(reportMonth, k - 6);
    for (let i = 0; i < n; i++) {
      const day = 2 + ((i * 3) % 25);
      const evening = i % 7 === 3;
      const occurredAt = Date.parse(`${m}-${String(day).padStart(2, '0')}T${evening ? '20' : '09'}:${String((i * 7) % 60).padStart(2, '0')}:00Z`);
      const product = i % 5 === 0 ? 'overzicht-inkomen' : i % 4 === 1 ? 'uwv-inkomen' : 'brp-persoon';
      const escape = i === 4;
      const aborted = i === 6;
      const suppliers = product === 'overzicht-inkomen' ? (['UWV', 'SVB', 'DUO'] as const) : product === 'uwv-inkomen' ? (['UWV'] as const) : (['BRP'] as const);
      events.push(
        attributedQuery({
          bsn: '999990044',
          occurredAt,
          completedAt: occurredAt + 180,
          worker: { userId: `demo-historie-${i % 3}`, homeMunicipality: haarlem },
          actingFor: zandvoort,
          product,
          searchKeyType: product === 'brp-persoon' && i % 6 === 2 ? 'POSTCODE_HOUSENUMBER' : 'BSN',
          sources: suppliers.map((s) => ({ supplier: s, outcome: aborted ? 'NOT_CALLED' : 'ANSWERED', durationMs: aborted ? 0 : 40, personListsProvided: s === 'BRP' && !aborted ? 1 : 0 })),
          whitelist: { outcome: escape ? 'ESCAPE' : aborted ? 'ABORTED' : 'ON_WHITELIST', escapeReason: escape ? (k % 2 ? 'ENFORCEMENT' : 'NEW_APPLICATION') : null },
          decision: { decisionId: randomUUID(), result: aborted ? 'DENY' : 'PERMIT', reasonCode: aborted ? 'NOT_ON_WHITELIST' : null, rulesVersion: 'authorization-rules/1' },
          outcome: aborted ? 'DENIED' : 'ANSWERED',
        }),
      );
    }
  });
  return events;
}

/** `env`: extra environment per service (e.g. where the spans go), besides the world's own. */
export async function startPortalWorld(opts: { env?: StackOptions['env'] } = {}): Promise<PortalWorld> {
  const stack = await startStack({ portal: true, env: { ...opts.env, 'supplier-reporting': { ...opts.env?.['supplier-reporting'], REPORT_SCHEDULER_INTERVAL_MS: '1000' } } });
  try {
    const reg = stack.urls.registration;
    await run(process.execPath, ['-r', '@swc-node/register', 'services/registration/src/demo/seed.ts'], {
      cwd: ROOT,
      env: { ...process.env, REGISTRATION_URL: reg, AUTH_SIGNING_KEY: stack.keys.signingKey },
      timeout: 120_000,
    });
    const issuer = await TokenIssuer.fromJwk(JSON.parse(stack.keys.signingKey) as JWK);
    const officer = await issuer.issue({ userId: `portal-test-officer-${randomUUID().slice(0, 8)}`, homeMunicipalityId: 'none', roles: ['SECURITY_OFFICER'], displayName: 'Test security officer' }, 3600);
    const orgs = (await call(reg, 'GET', '/organisations', officer)).body as Organisation[];
    const byCode = (code: string) => orgs.find((o) => o.cbsCode === code)!;
    const organisations = { haarlem: byCode('GM0392'), zandvoort: byCode('GM0473'), beek: byCode('GM0888'), stein: byCode('GM0971') };

    // One collaboration whose applications wait for the security officer.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
    const startsOn = `${addMonths(month(Date.now()), 1)}-01`;
    const name = 'Beek en Stein: IOAZ-uitvoering';
    const form = new FormData();
    form.set('collaboration', JSON.stringify({ name, legalForm: 'SERVICE_AGREEMENT', executingOrganisationId: organisations.beek.id, legalDomains: ['IOAW', 'IOAZ'], members: [organisations.beek, organisations.stein].map((m) => ({ municipalityId: m.id, effectiveFrom: startsOn })), effectiveFrom: startsOn }));
    form.set('agreement', new Blob([AGREEMENT_PDF], { type: 'application/pdf' }), 'dienstverleningsovereenkomst.pdf');
    const proposed = await call(reg, 'POST', '/collaborations', officer, undefined, form);
    if (proposed.status !== 201) throw new Error(`proposing the pending collaboration: ${proposed.status} ${JSON.stringify(proposed.body)}`);
    for (const [m, role] of [[organisations.beek, 'EXECUTING'], [organisations.stein, 'OUTSOURCING']] as const) {
      const admin = await issuer.issue({ userId: `portal-test-admin-${m.cbsCode}`, homeMunicipalityId: m.id, roles: ['USER_ADMINISTRATOR'], displayName: 'Beheerder' }, 600);
      const r = await call(reg, 'POST', `/collaborations/${proposed.body.id}/applications`, admin, { municipalityId: m.id, role, signedBy: role === 'EXECUTING' ? 'Wethouder Werk en Inkomen, Beek' : 'Wethouder Sociaal Domein, Stein', signedOn: today });
      if (r.status !== 201) throw new Error(`application ${m.name}: ${r.status} ${JSON.stringify(r.body)}`);
    }

    // Six months of earlier use by Zandvoort, for the generic report of this month.
    const reportMonth = month(Date.now());
    const events = history(organisations.zandvoort, organisations.haarlem, reportMonth);
    const platform = await KafkaPlatform.connect({ clientId: 'portal-browser-test', ...testKafka(), requireTopics: false });
    try {
      const producer = platform.producerFor(topics.attributedQueries);
      // Each with the time it would have been published (consumers park events far from their record's time).
      await Promise.all(events.map((e) => producer.send(e, { timestamp: e.completedAt })));
    } finally {
      await platform.close();
    }

    const login = async (username: string) => {
      const secret = DEMO_TOTP_SECRETS[username];
      let r = await call(reg, 'POST', '/auth/login', null, { username, password: DEMO_PASSWORD, ...(secret ? { code: await freshTotpCode(secret) } : {}) });
      // A code of this step may have been used by another process (the seed): the next one.
      if (secret && r.body?.code === 'CODE_ALREADY_USED') r = await call(reg, 'POST', '/auth/login', null, { username, password: DEMO_PASSWORD, code: await freshTotpCode(secret, { usedStepsUpTo: totpStep() }) });
      if (r.status !== 200 || !r.body.token) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as { token: string; principal: { userId: string; homeMunicipalityId: string } };
    };

    // The gateway knows the demo workers and their collaborations once its read model caught up.
    for (const u of [DEMO.worker, DEMO.workerWithoutEscape]) {
      const { token } = await login(u);
      await eventually(`the keuzelijst of ${u}`, async () => {
        const r = await call(stack.urls['query-proxy'], 'GET', '/keuzelijst', token);
        return r.status === 200 && (r.body as Organisation[]).some((e) => e.id === organisations.zandvoort.id);
      });
    }
    // The report counts the earlier use once the reporting service has taken it in.
    const mandated = await login(DEMO.mandatedZandvoort);
    await eventually(
      'the generic report with the earlier use',
      async () => {
        const r = await call(stack.urls['supplier-reporting'], 'GET', `/reports/generic/${organisations.zandvoort.id}/${reportMonth}`, mandated.token);
        return r.status === 200 && (r.body.months as Array<{ sourceQueries: number }>).reduce((a, m) => a + m.sourceQueries, 0) === events.length;
      },
      90_000,
    );

    return {
      stack,
      portal: stack.urls.portal,
      organisations,
      pending: { collaborationId: proposed.body.id, name, startsOn, agreementSha256: createHash('sha256').update(AGREEMENT_PDF).digest('hex') },
      report: { month: reportMonth, queries: events.length },
      issuer,
      login,
      stop: () => stack.stop(),
    };
  } catch (e) {
    await stack.stop();
    throw e;
  }
}
