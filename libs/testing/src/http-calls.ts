/**
 * Plain HTTP calls of the end-to-end tests (every service its own process), and the one
 * collaboration most of them start from: two municipalities, applications approved, active.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

export interface JsonAnswer {
  status: number;
  /** The parsed JSON body, or `{ text }` when the body is not JSON. */
  body: Record<string, any>;
}

/** One request with an optional bearer token and a JSON body or a multipart form. */
export async function callJson(base: string, method: string, path: string, token: string | null, body?: unknown, form?: FormData): Promise<JsonAnswer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: form ?? (body !== undefined ? JSON.stringify(body) : undefined),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as Record<string, any> };
  } catch {
    return { status: res.status, body: { text } };
  }
}

/** Polls until fn gives a value; on time-out the error names what was awaited and, if given, what was seen last. */
export async function eventually<T>(what: string, fn: () => Promise<T | undefined | false | null>, opts: { timeoutMs?: number; everyMs?: number; lastSeen?: () => unknown } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) {
      const last = opts.lastSeen ? `; last seen: ${JSON.stringify(opts.lastSeen())?.slice(0, 1500)}` : '';
      throw new Error(`timed out waiting for ${what}${last}`);
    }
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 300));
  }
}

export interface TestMunicipality {
  id: string;
  cbsCode: string;
  oin: string;
  name: string;
}

/**
 * Registers the municipalities, proposes their collaboration (the first executes, the others
 * outsource) with a signed agreement, has each apply, approves and activates it from 2015-01-01.
 * Returns the collaboration's id; fails the test on any refusal.
 */
export async function activeCollaboration(registrationUrl: string, officer: string, adminOf: (municipalityId: string) => Promise<string>, members: TestMunicipality[], name = 'Haarlem en Zandvoort'): Promise<string> {
  const must = async (expected: number, answer: Promise<JsonAnswer>, what: string) => {
    const a = await answer;
    if (a.status !== expected) throw new Error(`${what}: ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
    return a;
  };
  const call = (method: string, path: string, token: string, body?: unknown, form?: FormData) => callJson(registrationUrl, method, path, token, body, form);
  for (const m of members) await must(201, call('POST', '/organisations/municipalities', officer, { ...m, validFrom: '2000-01-01' }), `registering ${m.name}`);
  const form = new FormData();
  form.set('collaboration', JSON.stringify({ name, legalForm: 'SERVICE_AGREEMENT', executingOrganisationId: members[0].id, legalDomains: ['PARTICIPATIEWET'], members: members.map((m) => ({ municipalityId: m.id, effectiveFrom: '2015-01-01' })), effectiveFrom: '2015-01-01' }));
  form.set('agreement', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'overeenkomst.pdf');
  const id = String((await must(201, call('POST', '/collaborations', officer, undefined, form), 'proposing the collaboration')).body.id);
  for (const [i, m] of members.entries()) {
    const role = i === 0 ? 'EXECUTING' : 'OUTSOURCING';
    await must(201, call('POST', `/collaborations/${id}/applications`, await adminOf(m.id), { municipalityId: m.id, role, signedBy: 'Wethouder', signedOn: '2014-12-01' }), `${m.name} applying`);
  }
  const pending = (await call('GET', '/applications/pending', officer)).body as unknown as Array<{ id: string; collaborationId: string }>;
  for (const a of pending.filter((p) => p.collaborationId === id)) await must(200, call('POST', `/collaborations/${id}/applications/${a.id}/decision`, officer, { decision: 'APPROVED' }), 'approving an application');
  await must(200, call('POST', `/collaborations/${id}/activation`, officer, { effectiveFrom: '2015-01-01' }), 'activating the collaboration');
  return id;
}
