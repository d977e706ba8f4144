/**
 * @inkijk/authorization-rules: the authorization rules and their read model, shared by the
 * authorization service and the gateway (which may decide in-process on the same model).
 */
// domain: plain TypeScript, no I/O
export * from './domain/access';
export * from './domain/dates';
export * from './domain/read-model';
export * from './domain/rules';
// use case: decide, record, answer
export * from './app/evaluation';
// adapters: Kafka feeder, decision log, clients, request-reply messages
export * from './adapters/read-model-feeder';
export * from './adapters/clients';
export * from './adapters/wire';
export * from './adapters/kafka-server';
// builders of registration events for tests and benchmarks
export * from './testing/registration-story';
export * from './testing/example-world';
