import './tracing';
import 'reflect-metadata';
import { runMain, startHttpService } from '@inkijk/platform';
import { AuditLogModule } from './app.module';
import { loadAuditLogConfig } from './config';

runMain(async () => {
  const config = loadAuditLogConfig();
  await startHttpService(AuditLogModule.forConfig(config), { service: 'audit-log', host: config.HTTP_HOST, port: config.HTTP_PORT });
});
