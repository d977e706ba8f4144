/**
 * Keys for a local run, generated once into .data/keys/ (git-ignored) and never committed:
 * the one-login token signing key, the pseudonym and sealing keys for data subjects, the key
 * sealing BSNs in authorization requests, the audit checkpoint signing key, the Prometheus scrape token, and the
 * key sealing second-factor secrets in registration, and the citizen portal's session key (its public JWKS is the audit
 * log's CITIZEN_JWKS). Prints shell `export` lines for scripts/start.sh.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateSigningKey, publicJwkOf } from '@inkijk/platform';

const dir = path.resolve(__dirname, '../.data/keys');
const file = path.join(dir, 'keys.json');

async function main(): Promise<void> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(file)) {
    const auth = await generateSigningKey(`local-${Date.now()}`);
    const checkpoint = generateKeyPairSync('ed25519');
    const keys = {
      AUTH_SIGNING_KEY: JSON.stringify(auth.privateJwk),
      SUBJECT_PSEUDONYM_KEY: randomBytes(32).toString('base64'),
      AUDIT_SEAL_KEY: randomBytes(32).toString('base64'),
      BSN_TRANSPORT_KEY: randomBytes(32).toString('base64'),
      AUDIT_CHECKPOINT_KEY: checkpoint.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      METRICS_TOKEN: randomBytes(24).toString('hex'),
      LOGIN_SECRET_KEY: randomBytes(32).toString('base64'),
    };
    fs.writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  }
  const keys = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  // Keys added after the file was first written are generated once and kept.
  const later: Record<string, () => string> = {
    BSN_TRANSPORT_KEY: () => randomBytes(32).toString('base64'),
    METRICS_TOKEN: () => randomBytes(24).toString('hex'),
    LOGIN_SECRET_KEY: () => randomBytes(32).toString('base64'),
    CITIZEN_SESSION_KEY: () => JSON.stringify({ ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }), kid: `local-citizen-${Date.now()}`, alg: 'EdDSA', use: 'sig' }),
  };
  const missing = Object.keys(later).filter((k) => !keys[k]);
  for (const k of missing) keys[k] = later[k]();
  if (missing.length > 0) fs.writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  const jwks = JSON.stringify({ keys: [publicJwkOf(JSON.parse(keys.AUTH_SIGNING_KEY))] });
  const q = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
  const citizenJwks = JSON.stringify({ keys: [publicJwkOf(JSON.parse(keys.CITIZEN_SESSION_KEY))] });
  for (const [k, v] of Object.entries({ ...keys, AUTH_JWKS: jwks, CITIZEN_JWKS: citizenJwks })) process.stdout.write(`export ${k}=${q(v)}\n`);
}

void main();
