import './tracing';
import 'reflect-metadata';
import { createHttpApp, JsonLogger, KafkaPlatform, runMain } from '@inkijk/platform';
import { evaluationServerOptions } from '@inkijk/authorization-rules/kafka';
import { AuthorizationModule } from './app.module';
import { loadAuthorizationConfig } from './config';

runMain(async () => {
  const config = loadAuthorizationConfig();
  const app = await createHttpApp(AuthorizationModule.forConfig(config), { service: 'authorization' });
  // On the service's own Kafka client (its credentials); poison parked, consumer on /health/ready.
  app.connectMicroservice(evaluationServerOptions({ platform: app.get(KafkaPlatform) }));
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  new JsonLogger('authorization').log(`listening on http://${config.HTTP_HOST}:${config.HTTP_PORT}; Kafka request-reply on the evaluation topic`, 'Bootstrap');
});
