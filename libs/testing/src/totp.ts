/**
 * TOTP codes (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, as registration and every
 * authenticator app use them) from a known base32 secret, for tests, benches and the demo
 * (`npm run totp -- <username>`). Registration refuses a code whose step was used before
 * (replay), so a test that logs the same account in twice takes `freshTotpCode`.
 */
import { Secret, TOTP } from 'otpauth';

const PERIOD_MS = 30_000;

/** The code of a secret at a moment (default now). */
export function totpCode(secret: string, at: number = Date.now()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret.replace(/\s/g, '').toUpperCase()), algorithm: 'SHA1', digits: 6, period: PERIOD_MS / 1000, timestamp: at });
}

const handedOut = new Map<string, number>();

/**
 * A code of a step not handed out before by this process: the current step's, else the next
 * one's (registration accepts one step ahead); when both were handed out, it waits for the
 * next step. `usedStepsUpTo` marks steps used elsewhere (another process, a seed).
 */
export async function freshTotpCode(secret: string, opts: { usedStepsUpTo?: number } = {}): Promise<string> {
  for (;;) {
    const now = Date.now();
    const step = Math.floor(now / PERIOD_MS);
    const next = Math.max(step, (handedOut.get(secret) ?? -Infinity) + 1, (opts.usedStepsUpTo ?? -Infinity) + 1);
    if (next <= step + 1) {
      handedOut.set(secret, next);
      return totpCode(secret, next * PERIOD_MS);
    }
    await new Promise((r) => setTimeout(r, (step + 1) * PERIOD_MS - now + 50));
  }
}

/** The step a moment falls in, to pass as `usedStepsUpTo`. */
export const totpStep = (at: number = Date.now()): number => Math.floor(at / PERIOD_MS);
