/**
 * The portal's second-factor page and the login's code field over real sockets, with the
 * services unreachable: who may open /tweede-factor, CSRF on its form (also before a session
 * exists, with the enrolment cookie), and readable refusals that never reach a service.
 */
import { csrfOf, portalWithoutServices } from './without-services';

const { http, auth } = portalWithoutServices();
const officer = () => auth().token({ userId: 'u-so', homeMunicipalityId: 'm', roles: ['SECURITY_OFFICER'], displayName: 'Sam' });

describe('the second factor in the portal over HTTP', () => {
  it('sends /tweede-factor to the login page without a session or an enrolment cookie', async () => {
    const res = await http().get('/tweede-factor');
    expect([res.status, res.headers.location]).toEqual([303, '/inloggen?terug=%2Ftweede-factor']);
    expect((await http().post('/tweede-factor').type('form').send({ code: '123456' })).headers.location).toBe('/inloggen');
  });

  it('shows a session user the page with a "not available" state when registration does not answer', async () => {
    const res = await http().get('/tweede-factor').set('Cookie', `inkijk_sessie=${await officer()}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('Het overzicht van uw inlogpogingen is nu niet beschikbaar');
    expect(res.text).toContain('<a href="/tweede-factor" aria-current="page">Inlogbeveiliging</a>');
  });

  it('refuses the form without the CSRF token of the session, or of the enrolment cookie', async () => {
    const cookie = `inkijk_sessie=${await officer()}`;
    const csrf = csrfOf((await http().get('/aanmeldingen').set('Cookie', cookie)).text);
    expect(csrf).toBeDefined();
    expect((await http().post('/tweede-factor').set('Cookie', cookie).type('form').send({ code: '123456' })).status).toBe(403);
    const enrolling = 'inkijk_inschrijving=not-a-session-token';
    const refused = await http().post('/tweede-factor').set('Cookie', enrolling).type('form').send({ code: '123456', _csrf: csrf });
    expect([refused.status, refused.text.includes('Formulier verlopen')]).toEqual([403, true]);
    // The enrolment cookie is never a session: no other page opens with it.
    expect((await http().get('/aanmeldingen').set('Cookie', enrolling)).headers.location).toBe('/inloggen?terug=%2Faanmeldingen');
  });

  it('answers a code that is not six digits on the login page itself, before asking registration', async () => {
    const res = await http().post('/inloggen').type('form').send({ gebruikersnaam: 'security.officer', wachtwoord: 'inkijk-demo-2026', code: '12ab' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('De code bestaat uit zes cijfers.');
    expect(res.text).toContain('value="security.officer"');
  });
});
