import './tracing';
import 'reflect-metadata';
import { runMain, startHttpService } from '@inkijk/platform';
import { HTTP_APP, SupplierSimulatorsModule } from './app.module';
import { loadSupplierSimulatorsConfig } from './config';

runMain(async () => {
  const config = loadSupplierSimulatorsConfig();
  await startHttpService(SupplierSimulatorsModule.forConfig(config), { ...HTTP_APP, host: config.HTTP_HOST, port: config.HTTP_PORT });
});
