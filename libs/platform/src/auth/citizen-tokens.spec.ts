import { generateSigningKey, publicJwkOf, TokenIssuer, TokenVerifier } from './tokens';
import { CitizenTokenIssuer, CitizenTokenVerifier } from './citizen-tokens';

const PSEUDONYM = 'ab'.repeat(32);

describe('citizen tokens: a session of its own kind', () => {
  it('round-trips the pseudonym; never takes a BSN as subject', async () => {
    const k = await generateSigningKey('citizen');
    const token = await (await CitizenTokenIssuer.fromJwk(k.privateJwk)).issue({ pseudonym: PSEUDONYM, assurance: 'urn:nl-eid-gdi:1.0:LoA:substantial' });
    expect(await new CitizenTokenVerifier({ keys: [publicJwkOf(k.privateJwk)] }).verify(token)).toMatchObject({ pseudonym: PSEUDONYM, assurance: 'urn:nl-eid-gdi:1.0:LoA:substantial' });
    await expect((await CitizenTokenIssuer.fromJwk(k.privateJwk)).issue({ pseudonym: '123456782', assurance: 'x' })).rejects.toThrow('never a BSN');
  });

  it('is refused by a staff verifier, even one that trusts the same key', async () => {
    const k = await generateSigningKey('shared');
    const citizen = await (await CitizenTokenIssuer.fromJwk(k.privateJwk)).issue({ pseudonym: PSEUDONYM, assurance: 'x' });
    await expect(new TokenVerifier({ jwks: k.publicJwks }).verify(citizen)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('refuses a staff token, even one signed with the same key', async () => {
    const k = await generateSigningKey('shared');
    const staff = await (await TokenIssuer.fromJwk(k.privateJwk)).issue({ userId: 'u', homeMunicipalityId: 'm', roles: ['SECURITY_OFFICER'], displayName: 'S' });
    await expect(new CitizenTokenVerifier(k.publicJwks).verify(staff)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    await expect(new CitizenTokenVerifier(k.publicJwks).verify(undefined)).rejects.toMatchObject({ code: 'TOKEN_MISSING' });
  });
});
