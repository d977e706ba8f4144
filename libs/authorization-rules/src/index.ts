/**
 * @inkijk/authorization-rules: the authorization rules and their read model, shared by the
 * authorization service and the gateway (which may decide in-process on the same model).
 * This barrel is plain TypeScript (domain and use case); the Kafka adapters are
 * @inkijk/authorization-rules/kafka, the builders of test data @inkijk/authorization-rules/testing.
 */
// domain: plain TypeScript, no I/O
export * from './domain/access';
export * from './domain/dates';
export * from './domain/read-model';
export * from './domain/rules';
// use case: decide, record, answer
export * from './app/evaluation';
