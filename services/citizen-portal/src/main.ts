import 'reflect-metadata';
import { runMain, startHttpService } from '@inkijk/platform';
import { CitizenPortalModule, HTTP_APP } from './app.module';
import { loadCitizenPortalConfig } from './config';

runMain(async () => {
  const config = loadCitizenPortalConfig();
  await startHttpService(await CitizenPortalModule.forConfig(config), { ...HTTP_APP, host: config.HTTP_HOST, port: config.HTTP_PORT });
});
