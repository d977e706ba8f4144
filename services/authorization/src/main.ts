import 'reflect-metadata';
import { runMain, startHttpService } from '@inkijk/platform';
import { AuthorizationModule } from './app.module';
import { loadAuthorizationConfig } from './config';

runMain(async () => {
  const config = loadAuthorizationConfig();
  await startHttpService(AuthorizationModule.forConfig(config), { service: 'authorization', host: config.HTTP_HOST, port: config.HTTP_PORT });
});
