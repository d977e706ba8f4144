import './tracing';
import 'reflect-metadata';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { ConsumerGroups } from '@inkijk/contracts';
import { createHttpApp, JsonLogger, observeConsumer, runMain } from '@inkijk/platform';
import { evaluationServerOptions } from '@inkijk/authorization-rules';
import { AuthorizationModule } from './app.module';
import { loadAuthorizationConfig } from './config';

runMain(async () => {
  const config = loadAuthorizationConfig();
  const app = await createHttpApp(AuthorizationModule.forConfig(config), { service: 'authorization' });
  const evaluations = app.connectMicroservice(evaluationServerOptions({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID ?? 'authorization'}-evaluations` }));
  await app.startAllMicroservices();
  observeConsumer(evaluations.unwrap<[Kafka, Consumer, Producer]>()[1], ConsumerGroups.authorizationEvaluations);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  new JsonLogger('authorization').log(`listening on http://${config.HTTP_HOST}:${config.HTTP_PORT}; Kafka request-reply on the evaluation topic`, 'Bootstrap');
});
