import './tracing';
import 'reflect-metadata';
import { runMain, startHttpService } from '@inkijk/platform';
import { SupplierReportingModule } from './app.module';
import { loadSupplierReportingConfig } from './config';

runMain(async () => {
  const config = loadSupplierReportingConfig();
  await startHttpService(SupplierReportingModule.forConfig(config), { service: 'supplier-reporting', host: config.HTTP_HOST, port: config.HTTP_PORT });
});
