import './tracing';
import 'reflect-metadata';
import { createHttpApp, JsonLogger, runMain } from '@inkijk/platform';
import { evaluationServerOptions } from '@inkijk/authorization-rules';
import { AuthorizationModule } from './app.module';
import { loadAuthorizationConfig } from './config';

runMain(async () => {
  const config = loadAuthorizationConfig();
  const app = await createHttpApp(AuthorizationModule.forConfig(config), { service: 'authorization' });
  app.connectMicroservice(evaluationServerOptions({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID ?? 'authorization'}-evaluations` }));
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  new JsonLogger('authorization').log(`listening on http://${config.HTTP_HOST}:${config.HTTP_PORT}; Kafka request-reply on the evaluation topic`, 'Bootstrap');
});
