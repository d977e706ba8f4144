/**
 * The simulator's HTTP face, shaped like DigiD's OpenID Connect interface:
 *
 *   GET  /.well-known/openid-configuration   discovery document
 *   GET  /jwks                               the id-token signing key (public)
 *   GET  /authorize?response_type=code&...   the login page: pick or type a test BSN
 *   POST /authorize                          (the login form) -> 303 to redirect_uri?code&state
 *   POST /token                              code + code_verifier -> id_token (+ access_token)
 *   GET  /userinfo                           Bearer access_token -> {sub, bsn, acr}
 *
 * The BSN travels only in the login form's body and in the signed tokens, never in a URL; no
 * line of the log names it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { Body, Controller, Get, Header, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SignJWT, type JWK, type KeyLike } from 'jose';
import { isBsn } from '@inkijk/contracts';
import { ApiError, JsonLogger, Public } from '@inkijk/platform';
import { AuthorizationCodes, checkAuthorizationRequest, LOA_SUBSTANTIAL, TOKEN_TTL_SECONDS } from '../domain/oidc';

export const SIMULATOR = Symbol('DigidSimulatorSettings');

export interface SimulatorSettings {
  issuer: string;
  clients: ReadonlyMap<string, string>;
  signingKey: KeyLike | Uint8Array;
  publicJwk: JWK;
  kid: string;
  /** Key of the pairwise subject identifiers (per process). */
  subjectSecret: Buffer;
}

/** Test BSNs offered on the login page (each passes the 11-proef). */
export const TEST_BSNS = ['123456782', '111222333', '999990019'] as const;

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]);

function loginPage(q: Record<string, string>, problem?: string): string {
  const hidden = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method']
    .map((k) => `<input type="hidden" name="${k}" value="${esc(q[k] ?? '')}">`)
    .join('\n');
  const options = TEST_BSNS.map((b, i) => `<li><label><input type="radio" name="testBsn" value="${b}"${i === 0 ? ' checked' : ''}> Testburger ${i + 1} (BSN ${b})</label></li>`).join('\n');
  return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Inloggen met DigiD (simulator)</title></head>
<body>
<main>
<h1>Inloggen met DigiD <small>(simulator, alleen voor testen)</small></h1>
${problem ? `<p role="alert" id="fout">${esc(problem)}</p>` : ''}
<form method="post" action="/authorize">
${hidden}
<fieldset><legend>Kies een testburger</legend><ul>${options}</ul></fieldset>
<p><label for="bsn">Of typ een BSN (11-proef)</label><br><input id="bsn" name="bsn" inputmode="numeric" autocomplete="off" maxlength="9"${problem ? ' aria-describedby="fout"' : ''}></p>
<p><button type="submit">Inloggen</button></p>
</form>
</main>
</body></html>`;
}

@Public()
@Controller()
export class DigidController {
  private readonly log = new JsonLogger('digid-simulator');
  private readonly codes = new AuthorizationCodes(Date.now, () => randomBytes(32).toString('base64url'));
  /** access token -> its userinfo, until it expires. */
  private readonly accessTokens = new Map<string, { sub: string; bsn: string; expiresAt: number }>();

  constructor(@Inject(SIMULATOR) private readonly sim: SimulatorSettings) {}

  @Get('.well-known/openid-configuration')
  discovery() {
    const i = this.sim.issuer;
    return {
      issuer: i,
      authorization_endpoint: `${i}/authorize`,
      token_endpoint: `${i}/token`,
      userinfo_endpoint: `${i}/userinfo`,
      jwks_uri: `${i}/jwks`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['EdDSA'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: ['openid'],
      claims_supported: ['sub', 'bsn', 'acr', 'nonce'],
      acr_values_supported: [LOA_SUBSTANTIAL],
    };
  }

  @Get('jwks')
  jwks() {
    return { keys: [this.sim.publicJwk] };
  }

  @Get('authorize')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  authorize(@Query() q: Record<string, string>): string {
    checkAuthorizationRequest(q, this.sim.clients);
    return loginPage(q);
  }

  /** The login form: the request again (hidden fields) and the BSN chosen or typed. */
  @Post('authorize')
  login(@Body() body: Record<string, string>, @Res() res: Response): void {
    const req = checkAuthorizationRequest(body ?? {}, this.sim.clients);
    const typed = typeof body.bsn === 'string' ? body.bsn.trim() : '';
    const bsn = typed !== '' ? typed : typeof body.testBsn === 'string' ? body.testBsn : '';
    if (!isBsn(bsn)) {
      res.status(400).type('text/html; charset=utf-8').setHeader('Cache-Control', 'no-store');
      res.send(loginPage(body, 'Dit is geen geldig BSN: 9 cijfers die aan de 11-proef voldoen.'));
      return;
    }
    const code = this.codes.issue(req, bsn);
    const target = new URL(req.redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('state', req.state);
    this.log.log(`code issued to client ${req.clientId}`);
    res.redirect(303, target.toString());
  }

  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async token(@Body() body: Record<string, string>) {
    const b = body ?? {};
    if (b.grant_type !== 'authorization_code') throw new ApiError(400, 'UNSUPPORTED_GRANT_TYPE', 'Only grant_type=authorization_code is offered.');
    const c = this.codes.redeem({ code: String(b.code ?? ''), clientId: String(b.client_id ?? ''), redirectUri: String(b.redirect_uri ?? ''), codeVerifier: String(b.code_verifier ?? '') });
    // Pairwise subject: the same citizen gets the same opaque sub per client, never the BSN.
    const sub = createHmac('sha256', this.sim.subjectSecret).update(`${c.clientId}|${c.bsn}`).digest('base64url');
    const idToken = await new SignJWT({ bsn: c.bsn, acr: LOA_SUBSTANTIAL, nonce: c.nonce })
      .setProtectedHeader({ alg: 'EdDSA', kid: this.sim.kid, typ: 'JWT' })
      .setIssuer(this.sim.issuer)
      .setAudience(c.clientId)
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime(`${TOKEN_TTL_SECONDS}s`)
      .sign(this.sim.signingKey);
    const accessToken = randomBytes(32).toString('base64url');
    this.accessTokens.set(accessToken, { sub, bsn: c.bsn, expiresAt: Date.now() + TOKEN_TTL_SECONDS * 1000 });
    this.log.log(`tokens issued to client ${c.clientId}`);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_TTL_SECONDS, id_token: idToken, scope: 'openid' };
  }

  @Get('userinfo')
  @Header('Cache-Control', 'no-store')
  userinfo(@Req() req: Request) {
    const h = req.headers.authorization ?? '';
    const t = h.startsWith('Bearer ') ? this.accessTokens.get(h.slice(7).trim()) : undefined;
    if (!t || t.expiresAt <= Date.now()) throw new ApiError(401, 'TOKEN_INVALID', 'The access token is unknown or expired.');
    return { sub: t.sub, bsn: t.bsn, acr: LOA_SUBSTANTIAL };
  }
}
