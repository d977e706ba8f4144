/** The login page's code field and the second-factor page: labelled fields, escaped text, the secret in groups. */
import type { Enrolment, LoginSecurity } from '../app/ports';
import { EVIL as evil, expectGoodPage } from '../testing/page-checks';
import { loginPage } from './login';
import { secondFactorPage } from './second-factor';

const user = { displayName: `Bea ${evil}`, roles: ['USER_ADMINISTRATOR'], homeMunicipalityName: 'Haarlem', csrf: 'csrf-token' };
const enrolment: Enrolment = { secret: 'UIIEW2OGRRZ3QB3CU3BGAQMPUWUF7ETI', otpauthUri: 'otpauth://totp/Suwinet-Inkijk:beheer?secret=UIIEW2OGRRZ3QB3CU3BGAQMPUWUF7ETI', issuer: 'Suwinet-Inkijk', account: `beheer${evil}`, digits: 6, period: 30, expiresAt: '2026-12-06T10:15:00.000Z' };
const security: LoginSecurity = {
  username: 'beheer.haarlem',
  secondFactor: { enrolled: true, enrolledAt: '2026-12-01T09:00:00.000Z', required: true },
  lockout: { locked: false, lockedAt: null, failuresInARow: 0, lastFailureAt: null },
  events: [
    { kind: 'LIFTED_BY_HOLDER', occurredAt: '2026-12-06T10:05:00.000Z', sourceAddress: '198.51.100.7', actorId: null },
    { kind: 'LOCKED', occurredAt: '2026-12-06T10:00:00.000Z', sourceAddress: evil, actorId: null },
  ],
};

describe('the second factor in the portal', () => {
  it('login: a labelled code field with its hint, and its own error', () => {
    const page = loginPage({ username: 'security.officer', codeError: 'Vul ook de code uit uw authenticator-app in.' }).toString();
    expectGoodPage(page);
    expect(page).toContain('<label for="code">Code uit uw authenticator-app</label>');
    expect(page).toContain('autocomplete="one-time-code"');
    expect(page).toContain('aria-describedby="code-hint code-fout"');
    expect(page).toContain('<a href="#code">Vul ook de code uit uw authenticator-app in.</a>');
  });

  it('enrolment after a password login: the secret in groups of four, the otpauth link, a labelled code field, no menu', () => {
    const page = secondFactorPage({ csrf: 'enrol-csrf', required: true, enrolment }).toString();
    expectGoodPage(page);
    expect(page).toContain('Uw rol vraagt om een tweede factor');
    expect(page).toContain('<code data-testid="geheim">UIIE W2OG RRZ3 QB3C U3BG AQMP UWUF 7ETI</code>');
    expect(page).toContain('href="otpauth://totp/Suwinet-Inkijk:beheer?secret=UIIEW2OGRRZ3QB3CU3BGAQMPUWUF7ETI"');
    expect(page).toContain('<input type="hidden" name="_csrf" value="enrol-csrf">');
    expect(page).not.toContain('class="menu"');
  });

  it("the holder's overview: enrolled, and the lockout history with escaped addresses", () => {
    const page = secondFactorPage({ user, csrf: 'csrf-token', security }).toString();
    expectGoodPage(page);
    expect(page).toContain('data-testid="tweede-factor-status"');
    expect(page).toContain('<tr data-soort="LIFTED_BY_HOLDER">');
    expect(page).toContain('Blokkade opgeheven door uzelf (wachtwoord en code)');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('name="code"');
  });

  it('a failing registration shows as not available', () => {
    const page = secondFactorPage({ user, csrf: 'c', security: { ok: false, status: 503, code: 'SERVICE_UNAVAILABLE', message: 'de registratie is nu niet bereikbaar.' } }).toString();
    expectGoodPage(page);
    expect(page).toContain('Het overzicht van uw inlogpogingen is nu niet beschikbaar');
  });
});
