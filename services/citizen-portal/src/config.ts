import { z } from 'zod';
import { localServiceUrl, SERVICE_PORTS } from '@inkijk/contracts';
import { commonEnv, httpEnv, keyEnv, loadConfig } from '@inkijk/platform';

const privateJwk = z.string().refine(
  (v) => {
    try {
      const k = JSON.parse(v) as { kty?: string; crv?: string; d?: string };
      return k.kty === 'OKP' && k.crv === 'Ed25519' && typeof k.d === 'string';
    } catch {
      return false;
    }
  },
  { message: 'must be a private Ed25519 JWK as JSON (with "d")' },
);

export const citizenPortalEnv = {
  ...commonEnv,
  ...httpEnv(SERVICE_PORTS['citizen-portal']),
  /** This app's own address as the browser sees it: the DigiD redirect URI is `${it}/auth/callback`. */
  CITIZEN_PORTAL_URL: z.string().url().default(localServiceUrl('citizen-portal')),
  /** The DigiD (simulator) issuer; its discovery document is read at start. */
  DIGID_ISSUER_URL: z.string().url().default(localServiceUrl('digid-simulator')),
  /** Where this server reaches DigiD, when not at DIGID_ISSUER_URL (a container network); default DIGID_ISSUER_URL. */
  DIGID_BACKCHANNEL_URL: z.string().url().optional(),
  DIGID_CLIENT_ID: z.string().min(1).max(200).default('inkijk-citizen-portal'),
  /** Signs the citizen session and the login state (private Ed25519 JWK); its public half is the audit log's CITIZEN_JWKS. */
  CITIZEN_SESSION_KEY: privateJwk,
  /** The HMAC key of the data-subject pseudonyms: the gateway's. */
  SUBJECT_PSEUDONYM_KEY: keyEnv('SUBJECT_PSEUDONYM_KEY'),
  AUDIT_LOG_URL: z.string().url().default(localServiceUrl('audit-log')),
};

export const loadCitizenPortalConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(citizenPortalEnv, env);
export type CitizenPortalConfig = ReturnType<typeof loadCitizenPortalConfig>;
