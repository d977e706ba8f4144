import 'reflect-metadata';
import { runMain } from '@inkijk/platform';
import { createPortalApp } from './portal-app';
import { loadPortalConfig } from './config';

runMain(async () => {
  const config = loadPortalConfig();
  const app = await createPortalApp(config);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', service: 'portal', msg: `listening on http://${config.HTTP_HOST}:${config.HTTP_PORT}` })}\n`);
});
