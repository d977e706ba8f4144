import './tracing';
import 'reflect-metadata';
import { runMain, startHttpService } from '@inkijk/platform';
import { HTTP_APP, QueryProxyModule } from './app.module';
import { loadQueryProxyConfig } from './config';

runMain(async () => {
  const config = loadQueryProxyConfig();
  await startHttpService(QueryProxyModule.forConfig(config), { ...HTTP_APP, host: config.HTTP_HOST, port: config.HTTP_PORT });
});
