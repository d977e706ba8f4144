import './tracing';
import 'reflect-metadata';
import { runMain, startHttpService } from '@inkijk/platform';
import { RegistrationModule } from './app.module';
import { loadRegistrationConfig } from './config';

runMain(async () => {
  const config = loadRegistrationConfig();
  await startHttpService(RegistrationModule.forConfig(config), {
    service: 'registration',
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    bodyLimit: '8mb',
    textBodies: { types: ['text/csv', 'text/plain'], limit: '8mb' },
  });
});
