/**
 * User accounts: exactly one per person, issued by the home municipality. Roles follow the task
 * (doelbinding); a security officer holds no other role (separation of duties).
 */
import { PRODUCT_IDS } from '@inkijk/contracts';
import { refuse } from './errors';

export type Role = 'WORKER' | 'USER_ADMINISTRATOR' | 'SECURITY_OFFICER' | 'MANDATED_PERSON';
export const ROLES: readonly Role[] = ['WORKER', 'USER_ADMINISTRATOR', 'SECURITY_OFFICER', 'MANDATED_PERSON'];

export interface Tasks {
  roles: Role[];
  /** Products/pages the worker's task permits. */
  permittedProducts: string[];
  escapeRight: boolean;
}

export function validateTasks(t: Tasks): Tasks {
  const roles = [...new Set(t.roles)];
  if (roles.length === 0) refuse('INVALID', 'ROLE_REQUIRED', 'A user needs at least one role.');
  const unknownRole = roles.find((r) => !ROLES.includes(r));
  if (unknownRole) refuse('INVALID', 'UNKNOWN_ROLE', `"${unknownRole}" is not a role; roles are ${ROLES.join(', ')}.`);
  if (roles.includes('SECURITY_OFFICER') && roles.length > 1) {
    refuse('INVALID', 'SEPARATION_OF_DUTIES', 'A security officer holds no other role (separation of duties).');
  }
  const products = [...new Set(t.permittedProducts)];
  const unknownProduct = products.find((p) => !PRODUCT_IDS.includes(p));
  if (unknownProduct) refuse('INVALID', 'UNKNOWN_PRODUCT', `"${unknownProduct}" is not an Inkijk product; products are ${PRODUCT_IDS.join(', ')}.`);
  if (!roles.includes('WORKER') && (products.length > 0 || t.escapeRight)) {
    refuse('INVALID', 'PRODUCTS_ONLY_FOR_WORKERS', 'Permitted products and the escape right belong to the worker role.');
  }
  if (roles.includes('WORKER') && products.length === 0) {
    refuse('INVALID', 'PRODUCTS_REQUIRED', 'A worker needs at least one permitted product for their task.');
  }
  return { roles, permittedProducts: products, escapeRight: t.escapeRight };
}

/** What a home organisation is: a municipality (gemeente), or the operator (BKWI) that homes the security officers. */
export type HomeKind = 'MUNICIPALITY' | 'OPERATOR';

/**
 * Where an account may be homed: security officers belong to the operator (BKWI), never to a
 * municipality whose collaborations they approve; the operator homes nobody else (its people do
 * not query, administer municipal users or read municipal reports).
 */
export function validateHome(kind: HomeKind, t: Pick<Tasks, 'roles'>): void {
  const officer = t.roles.includes('SECURITY_OFFICER');
  if (officer && kind !== 'OPERATOR') {
    refuse('INVALID', 'SECURITY_OFFICER_AT_OPERATOR', 'A security officer is homed at the operator (BKWI), not at a municipality.');
  }
  if (!officer && kind === 'OPERATOR') {
    refuse('INVALID', 'OPERATOR_HOMES_SECURITY_OFFICERS', 'The operator (BKWI) homes security officers only; workers, user administrators and mandated persons belong to a municipality.');
  }
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
export function username(value: string): string {
  const v = value.trim().toLowerCase();
  if (!USERNAME.test(v)) refuse('INVALID', 'INVALID_USERNAME', 'A username has 3 to 64 characters: letters, digits, dot, dash or underscore.');
  return v;
}

export function password(value: string): string {
  if (value.length < 12) refuse('INVALID', 'WEAK_PASSWORD', 'A password has at least 12 characters.');
  return value;
}
