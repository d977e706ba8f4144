export * from './infra';
export * from './broker';
export * from './fixtures/attributed-query';
export * from './fixtures/auth';
export * from './bench-stats';
export * from './stack';
export * from './totp';
export * from './http-calls';
