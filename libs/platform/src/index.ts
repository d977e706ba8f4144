export * from './config/config';
export * from './health/health';
export * from './http/errors';
export * from './http/bootstrap';
export * from './logging/json-logger';
