/**
 * Starts the browser tests' world and keeps it running, for looking at the screens by hand:
 *   node -r @swc-node/register services/portal/test/dev-world.ts
 * Prints the portal's address and the demo logins; Ctrl-C stops every process.
 */
import { DEMO, DEMO_PASSWORD, DEMO_TOTP_SECRETS, startPortalWorld } from './world';

async function main(): Promise<void> {
  const world = await startPortalWorld();
  process.stdout.write(`\nportal: ${world.portal}\nlogins (password ${DEMO_PASSWORD}): ${Object.values(DEMO).join(', ')}\nsecond factor of ${Object.keys(DEMO_TOTP_SECRETS).join(', ')}: npm run totp -- <username>\nservices: ${JSON.stringify(world.stack.urls)}\nlogs: ${world.stack.logsDir}\n`);
  const stop = () => void world.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
