/**
 * Prints the current second-factor code of a demo account (the published demo secrets of
 * demo-data.ts), as an authenticator app would show it:
 *   npm run totp -- security.officer
 * Without a name: every demo account with a second factor, with its secret.
 */
import { TOTP_PERIOD_SECONDS, totpCodeAt } from '../domain/second-factor';
import { DEMO_TOTP_SECRETS } from './demo-data';

const name = process.argv[2]?.trim().toLowerCase();
const now = new Date();
const left = TOTP_PERIOD_SECONDS - (Math.floor(now.getTime() / 1000) % TOTP_PERIOD_SECONDS);

if (!name) {
  for (const [u, secret] of Object.entries(DEMO_TOTP_SECRETS)) process.stdout.write(`${u.padEnd(26)}${totpCodeAt(secret, now)}   secret ${secret}\n`);
  process.stdout.write(`(codes change in ${left} s)\n`);
} else if (!DEMO_TOTP_SECRETS[name]) {
  process.stderr.write(`${name} has no demo second factor; demo accounts with one: ${Object.keys(DEMO_TOTP_SECRETS).join(', ')}\n`);
  process.exit(1);
} else {
  process.stdout.write(`${totpCodeAt(DEMO_TOTP_SECRETS[name], now)}\n`);
  process.stderr.write(`(${name}; the next code in ${left} s; each code works once)\n`);
}
