import './tracing';
import 'reflect-metadata';
import { runMain, startHttpService } from '@inkijk/platform';
import { RegistrationModule } from './app.module';
import { loadRegistrationConfig, REGISTRATION_BODIES } from './config';

runMain(async () => {
  const config = loadRegistrationConfig();
  await startHttpService(RegistrationModule.forConfig(config), {
    service: 'registration',
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    ...REGISTRATION_BODIES,
  });
});
