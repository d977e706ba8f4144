import './tracing';
import 'reflect-metadata';
import { runMain, startHttpService } from '@inkijk/platform';
import { SupplierSimulatorsModule } from './app.module';
import { loadSupplierSimulatorsConfig } from './config';

runMain(async () => {
  const config = loadSupplierSimulatorsConfig();
  await startHttpService(SupplierSimulatorsModule.forConfig(config), { service: 'supplier-simulators', host: config.HTTP_HOST, port: config.HTTP_PORT });
});
