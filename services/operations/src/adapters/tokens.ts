/** Injection tokens of the service. */
export const OPERATIONS_CONFIG = Symbol('OPERATIONS_CONFIG');
