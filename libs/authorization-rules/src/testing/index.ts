/** @inkijk/authorization-rules/testing: builders of registration events for tests and benchmarks. */
export * from './registration-story';
export * from './example-world';
