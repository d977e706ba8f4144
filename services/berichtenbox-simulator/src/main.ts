import 'reflect-metadata';
import { runMain, startHttpService } from '@inkijk/platform';
import { BerichtenboxSimulatorModule, HTTP_APP } from './app.module';
import { loadBerichtenboxSimulatorConfig } from './config';

runMain(async () => {
  const config = loadBerichtenboxSimulatorConfig();
  await startHttpService(BerichtenboxSimulatorModule.forConfig(config), { ...HTTP_APP, host: config.HTTP_HOST, port: config.HTTP_PORT });
});
