import 'reflect-metadata';
import { ConfigurationError, startHttpService } from '@inkijk/platform';
import { RegistrationModule } from './app.module';
import { loadRegistrationConfig } from './config';

async function main(): Promise<void> {
  const config = loadRegistrationConfig();
  await startHttpService(RegistrationModule.forConfig(config), {
    service: 'registration',
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
  });
}

main().catch((e) => {
  process.stderr.write(`${e instanceof ConfigurationError ? e.message : (e as Error).stack}\n`);
  process.exit(1);
});
