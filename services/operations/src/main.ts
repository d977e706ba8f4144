import './tracing';
import 'reflect-metadata';
import { JsonLogger, runMain, startHttpService } from '@inkijk/platform';
import { OperationsModule } from './app.module';
import { loadOperationsConfig } from './config';

runMain(async () => {
  const config = loadOperationsConfig();
  await startHttpService(OperationsModule.forConfig(config), { service: 'operations', host: config.HTTP_HOST, port: config.HTTP_PORT });
  new JsonLogger('operations').log(`listening on http://${config.HTTP_HOST}:${config.HTTP_PORT}; dead letters as broker principal ${config.KAFKA_USERNAME}`, 'Bootstrap');
});
