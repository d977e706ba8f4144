/** Injection tokens of the service. */
export const AUTHORIZATION_CONFIG = Symbol('AUTHORIZATION_CONFIG');
