/**
 * The portal's own HTTP behaviour, over real sockets, with the services it calls unreachable
 * (nothing listens at their addresses): every page needs a session, forms need the session's
 * CSRF token, roles are checked, answers are never cached, and a service that does not answer
 * gives a clear "not available" page instead of an error.
 */
import { csrfOf, portalWithoutServices } from './without-services';

const { http, auth } = portalWithoutServices();
const cookieFor = (token: string) => `inkijk_sessie=${encodeURIComponent(token)}`;
const worker = () => auth().token({ userId: 'u-worker', homeMunicipalityId: 'm-haarlem', roles: ['WORKER'], displayName: 'Mira' });

describe('the portal over HTTP', () => {
  it('answers health without a session', async () => {
    expect((await http().get('/health/live')).status).toBe(200);
    expect((await http().get('/health/ready')).status).toBe(200);
  });

  it.each(['/', '/bevraging', '/bevragingen', '/aanmeldingen', '/goedkeuringen', '/samenwerkingsverbanden', '/samenwerkingsverbanden/x', '/auditlog', '/rapportages', '/rapportages/x/2026-10/generiek.csv'])('sends %s to the login page without a session', async (path) => {
    const res = await http().get(path);
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/inloggen/);
    if (path !== '/') expect(res.headers.location).toBe(`/inloggen?terug=${encodeURIComponent(path)}`);
  });

  it('refuses a POST without a session, and says so when a session expired', async () => {
    expect((await http().post('/bevraging').type('form').send({ bsn: '999990019' })).headers.location).toBe('/inloggen');
    const expired = await auth().token({ userId: 'u', homeMunicipalityId: 'm' }, -10);
    expect((await http().get('/bevraging').set('Cookie', cookieFor(expired))).headers.location).toBe('/inloggen?verlopen=1&terug=%2Fbevraging');
  });

  it('serves the login page to anyone, with labelled fields, no caching and a strict content policy', async () => {
    const res = await http().get('/inloggen');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.text).toContain('<label for="gebruikersnaam">Gebruikersnaam</label>');
  });

  it('tells the user when logging in is not possible because registration does not answer', async () => {
    const res = await http().post('/inloggen').type('form').send({ gebruikersnaam: 'medewerker.haarlem', wachtwoord: 'x' });
    expect(res.status).toBe(503);
    expect(res.text).toContain('de inlogdienst is niet bereikbaar');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('shows the query page with a clear "not available" state when the gateway does not answer', async () => {
    const res = await http().get('/bevraging').set('Cookie', cookieFor(await worker()));
    expect(res.status).toBe(200);
    expect(res.text).toContain('De keuzelijst is nu niet beschikbaar');
    expect(res.text).toContain('SERVICE_UNAVAILABLE');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it("refuses a form without the session's CSRF token, and accepts it with the token", async () => {
    const cookie = cookieFor(await worker());
    const form = { gemeente: 'm-haarlem', product: 'brp-persoon', zoeksleutel: 'BSN', bsn: '999990019' };
    const without = await http().post('/bevraging').set('Cookie', cookie).type('form').send(form);
    expect(without.status).toBe(403);
    expect(without.text).toContain('Formulier verlopen');
    const other = await http().post('/bevraging').set('Cookie', cookie).type('form').send({ ...form, _csrf: 'not-this-one' });
    expect(other.status).toBe(403);
    const csrf = csrfOf((await http().get('/bevraging').set('Cookie', cookie)).text);
    expect(csrf).toBeDefined();
    const withToken = await http().post('/bevraging').set('Cookie', cookie).type('form').send({ ...form, _csrf: csrf });
    // Past the CSRF check; with the gateway down no municipality can be chosen.
    expect(withToken.status).toBe(400);
    expect(withToken.text).toContain('kies een gemeente uit de keuzelijst');
  });

  it("refuses a page outside the user's roles with a Dutch explanation", async () => {
    const res = await http().get('/aanmeldingen').set('Cookie', cookieFor(await worker()));
    expect(res.status).toBe(403);
    expect(res.text).toContain('Geen toegang');
    expect(res.text).toContain('Security officer');
  });

  it('keeps a worker and a mandated person out of the grants waiting for a second person (four eyes)', async () => {
    const mandated = await auth().token({ userId: 'u-mp', homeMunicipalityId: 'm-haarlem', roles: ['MANDATED_PERSON'], displayName: 'Greet' });
    for (const token of [await worker(), mandated]) {
      const res = await http().get('/goedkeuringen').set('Cookie', cookieFor(token));
      expect(res.status).toBe(403);
      expect(res.text).toContain('Geen toegang');
    }
    const cookie = cookieFor(await worker());
    const csrf = csrfOf((await http().get('/bevraging').set('Cookie', cookie)).text);
    const post = await http().post('/goedkeuringen/0a000000-0000-4000-8000-000000000001/0a000000-0000-4000-8000-000000000002/besluit').set('Cookie', cookie).type('form').send({ _csrf: csrf, besluit: 'APPROVED' });
    expect(post.status).toBe(403);
  });

  it.each(['/samenwerkingsverbanden', '/samenwerkingsverbanden/0a000000-0000-4000-8000-000000000001', '/samenwerkingsverbanden/0a000000-0000-4000-8000-000000000001/overeenkomst/ab12'])(
    'keeps a worker out of the collaboration pages and the signed agreement: %s',
    async (path) => {
      const res = await http().get(path).set('Cookie', cookieFor(await worker()));
      expect(res.status).toBe(403);
      expect(res.text).toContain('Geen toegang');
      expect(res.headers['content-type']).not.toMatch(/pdf/);
    },
  );

  it('answers a collaboration id that is not a UUID with a Dutch 404 page, before asking registration', async () => {
    const admin = await auth().token({ userId: 'u-admin', homeMunicipalityId: 'm-haarlem', roles: ['USER_ADMINISTRATOR'], displayName: 'Bea' });
    const res = await http().get('/samenwerkingsverbanden/not-a-uuid').set('Cookie', cookieFor(admin));
    // 404, not the 503 of an unreachable registration: the id was refused first.
    expect(res.status).toBe(404);
    expect(res.text).toContain('Pagina niet gevonden');
    expect(res.text).toContain('COLLABORATION_NOT_FOUND');
    expect(res.text).not.toMatch(/Validation failed|uuid is expected/);
  });

  it('logs out by clearing the cookie, only with the CSRF token', async () => {
    const cookie = cookieFor(await worker());
    const csrf = csrfOf((await http().get('/bevraging').set('Cookie', cookie)).text);
    const forged = await http().post('/uitloggen').set('Cookie', cookie).type('form').send({});
    expect(forged.headers['set-cookie']).toBeUndefined();
    const res = await http().post('/uitloggen').set('Cookie', cookie).type('form').send({ _csrf: csrf });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/inloggen?uitgelogd=1');
    expect(String(res.headers['set-cookie'])).toMatch(/^inkijk_sessie=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0/);
  });

  it('answers an unknown page with a Dutch 404 page, not JSON', async () => {
    const res = await http().get('/bestaat-niet').set('Cookie', cookieFor(await worker()));
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('Pagina niet gevonden');
  });

  it('answers bad input with a 4xx, never a 500: metrics without a token, a huge form, a NUL in a field', async () => {
    const metrics = await http().get('/metrics');
    expect([metrics.status, metrics.body.code]).toEqual([403, 'METRICS_DISABLED']);
    const huge = await http().post('/inloggen').type('form').send({ gebruikersnaam: 'x', wachtwoord: 'y'.repeat(5 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.text).toContain('Formulier te groot');
    const nul = await http().post('/inloggen').type('form').send({ gebruikersnaam: 'beheer\u0000.sittard', wachtwoord: 'x' });
    expect(nul.status).toBe(400);
    expect(nul.text).toContain('CONTROL_CHARACTER');
    const encoded = await http().post('/inloggen').set('content-type', 'application/x-www-form-urlencoded').set('content-encoding', 'gzip').send('gebruikersnaam=x');
    expect(encoded.status).toBe(415);
  });

  it('never follows a return address outside the portal after logging in', async () => {
    const res = await http().get('/inloggen?terug=//elders.example/x');
    expect(res.text).not.toContain('elders.example');
  });
});
