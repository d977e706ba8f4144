import { z } from 'zod';
import { localServiceUrl, SERVICE_PORTS } from '@inkijk/contracts';
import { commonEnv, httpEnv, loadConfig } from '@inkijk/platform';

export const digidSimulatorEnv = {
  ...commonEnv,
  ...httpEnv(SERVICE_PORTS['digid-simulator']),
  /** The issuer (`iss`) and base of every endpoint in the discovery document: this process's own address. */
  DIGID_ISSUER: z.string().url().default(localServiceUrl('digid-simulator')),
  /**
   * The registered clients: `client_id=redirect_uri` pairs, comma-separated (public clients,
   * PKCE S256 required). Default: the citizen portal on its default port.
   */
  DIGID_CLIENTS: z
    .string()
    .default(`inkijk-citizen-portal=${localServiceUrl('citizen-portal')}/auth/callback`)
    .refine((v) => v.split(',').every((p) => /^[A-Za-z0-9._-]+=https?:\/\/\S+$/.test(p.trim())), { message: 'must be client_id=redirect_uri pairs, comma-separated' }),
  /** The id-token signing key (a private Ed25519 JWK, JSON); absent: a fresh key at every start. */
  DIGID_SIGNING_KEY: z.string().optional(),
};

export const loadDigidSimulatorConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(digidSimulatorEnv, env);
export type DigidSimulatorConfig = ReturnType<typeof loadDigidSimulatorConfig>;

/** client_id -> redirect_uri */
export function clientsOf(config: Pick<DigidSimulatorConfig, 'DIGID_CLIENTS'>): Map<string, string> {
  return new Map(
    config.DIGID_CLIENTS.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as [string, string];
    }),
  );
}
