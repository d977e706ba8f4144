/**
 * @inkijk/authorization-rules/kafka: the Kafka side of the authorization rules. The read-model
 * feeder, the decision log, the gateway's clients (in-process and request-reply), the
 * request-reply messages and the evaluation server.
 */
export * from './read-model-feeder';
export * from './clients';
export * from './wire';
export * from './kafka-server';
