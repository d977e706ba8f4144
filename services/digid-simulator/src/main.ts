import 'reflect-metadata';
import { runMain, startHttpService } from '@inkijk/platform';
import { DigidSimulatorModule, HTTP_APP } from './app.module';
import { loadDigidSimulatorConfig } from './config';

runMain(async () => {
  const config = loadDigidSimulatorConfig();
  await startHttpService(await DigidSimulatorModule.forConfig(config), { ...HTTP_APP, host: config.HTTP_HOST, port: config.HTTP_PORT });
});
