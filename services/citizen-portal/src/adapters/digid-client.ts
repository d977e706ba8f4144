/**
 * The relying party's side of the DigiD login (OpenID Connect authorization-code flow, PKCE S256):
 * the authorization URL, the code exchange, and the id token's checks (signature from the
 * provider's JWKS, issuer, audience, expiry, nonce, assurance level, a valid BSN).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { isBsn, Refusal } from '@inkijk/contracts';

/** DigiD Substantieel or higher is required to see this history. */
export const ACCEPTED_LOA = ['urn:nl-eid-gdi:1.0:LoA:substantial', 'urn:nl-eid-gdi:1.0:LoA:high'];

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

/** A login started: what the callback must find again. */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

const random = () => randomBytes(32).toString('base64url');

export class DigidClient {
  private discovery?: Promise<{ doc: Discovery; jwks: ReturnType<typeof createRemoteJWKSet> }>;

  /**
   * @param issuerUrl the provider as the browser reaches it (and its `iss`);
   * @param backchannelUrl where this server reaches it (discovery, token, JWKS), when that differs
   *   (e.g. inside a container network): endpoint URLs under issuerUrl are rewritten to it.
   */
  constructor(
    private readonly issuerUrl: string,
    private readonly clientId: string,
    readonly redirectUri: string,
    private readonly backchannelUrl: string = issuerUrl,
  ) {}

  /** A provider URL as this server reaches it. */
  private back(url: string): string {
    const front = this.issuerUrl.replace(/\/+$/, '');
    return url.startsWith(front) ? this.backchannelUrl.replace(/\/+$/, '') + url.slice(front.length) : url;
  }

  private provider() {
    this.discovery ??= (async () => {
      const r = await fetch(`${this.backchannelUrl.replace(/\/+$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
      if (!r.ok) throw new Error(`discovery answered ${r.status}`);
      const doc = (await r.json()) as Discovery;
      return { doc, jwks: createRemoteJWKSet(new URL(this.back(doc.jwks_uri))) };
    })().catch((e: unknown) => {
      this.discovery = undefined;
      throw new Refusal('UNAVAILABLE', 'DIGID_UNAVAILABLE', `DigiD is niet bereikbaar; probeer het later opnieuw. (${(e as Error).message})`);
    });
    return this.discovery;
  }

  /** A new login: fresh state, nonce and code verifier, and the provider's URL to send the browser to. */
  async start(): Promise<{ pending: PendingLogin; url: string }> {
    const { doc } = await this.provider();
    const pending: PendingLogin = { state: random(), nonce: random(), codeVerifier: random() };
    const url = new URL(doc.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.clientId,
      redirect_uri: this.redirectUri,
      scope: 'openid',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: createHash('sha256').update(pending.codeVerifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    return { pending, url: url.toString() };
  }

  /** Exchanges the code and checks the id token; the citizen's BSN and assurance level. */
  async finish(code: string, pending: PendingLogin): Promise<{ bsn: string; assurance: string }> {
    const { doc, jwks } = await this.provider();
    const r = await fetch(this.back(doc.token_endpoint), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: this.redirectUri, client_id: this.clientId, code_verifier: pending.codeVerifier }).toString(),
      signal: AbortSignal.timeout(5000),
    }).catch(() => null);
    if (!r) throw new Refusal('UNAVAILABLE', 'DIGID_UNAVAILABLE', 'DigiD is niet bereikbaar; probeer het later opnieuw.');
    if (!r.ok) throw new Refusal('UNAUTHENTICATED', 'LOGIN_FAILED', 'Inloggen met DigiD is niet gelukt (de code werd niet aanvaard). Probeer het opnieuw.');
    const { id_token: idToken } = (await r.json()) as { id_token?: string };
    let claims;
    try {
      ({ payload: claims } = await jwtVerify(String(idToken ?? ''), jwks, { issuer: doc.issuer, audience: this.clientId }));
    } catch {
      throw new Refusal('UNAUTHENTICATED', 'LOGIN_FAILED', 'Inloggen met DigiD is niet gelukt (het antwoord van DigiD was niet geldig). Probeer het opnieuw.');
    }
    if (claims.nonce !== pending.nonce) throw new Refusal('UNAUTHENTICATED', 'LOGIN_FAILED', 'Inloggen met DigiD is niet gelukt (het antwoord hoort niet bij deze inlogpoging). Probeer het opnieuw.');
    if (!ACCEPTED_LOA.includes(String(claims.acr))) throw new Refusal('FORBIDDEN', 'ASSURANCE_TOO_LOW', 'Voor dit overzicht is DigiD met betrouwbaarheidsniveau Substantieel of hoger nodig.');
    if (typeof claims.bsn !== 'string' || !isBsn(claims.bsn)) throw new Refusal('UNAUTHENTICATED', 'LOGIN_FAILED', 'DigiD gaf geen geldig BSN terug.');
    return { bsn: claims.bsn, assurance: String(claims.acr) };
  }
}
