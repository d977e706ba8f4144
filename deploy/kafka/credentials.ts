/**
 * The broker credentials of this machine: one random password per principal of the contracts
 * (contracts/src/parties.ts), kept in <data dir>/credentials.json (mode 600, never committed).
 * Existing passwords are kept; a principal added to the contracts gets a new one.
 * Prints "principal password" lines for deploy/kafka/start.sh.
 *   node -r @swc-node/register deploy/kafka/credentials.ts <data dir>
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allPrincipals } from '@inkijk/contracts';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: credentials.ts <kafka data dir>');
  process.exit(2);
}
const file = path.join(dir, 'credentials.json');
fs.mkdirSync(dir, { recursive: true });
const existing: Record<string, string> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
const credentials: Record<string, string> = {};
for (const p of allPrincipals()) credentials[p] = existing[p] ?? randomBytes(24).toString('base64url');
fs.writeFileSync(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
fs.chmodSync(file, 0o600);
for (const [p, pw] of Object.entries(credentials)) console.log(`${p} ${pw}`);
