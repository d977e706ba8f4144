import { Refusal } from '@inkijk/contracts';
import { HomeKind, Role, Tasks, validateHome, validateTasks } from './users';

const code = (t: Tasks) => {
  try {
    validateTasks(t);
    return 'OK';
  } catch (e) {
    return (e as Refusal).code;
  }
};

describe('user tasks', () => {
  it.each<[string, Tasks, string]>([
    ['a worker with products and the escape right', { roles: ['WORKER'], permittedProducts: ['brp-persoon'], escapeRight: true }, 'OK'],
    ['a security officer alone', { roles: ['SECURITY_OFFICER'], permittedProducts: [], escapeRight: false }, 'OK'],
    ['a security officer who is also a worker', { roles: ['SECURITY_OFFICER', 'WORKER'], permittedProducts: ['brp-persoon'], escapeRight: false }, 'SEPARATION_OF_DUTIES'],
    ['a security officer who is also user administrator', { roles: ['SECURITY_OFFICER', 'USER_ADMINISTRATOR'], permittedProducts: [], escapeRight: false }, 'SEPARATION_OF_DUTIES'],
    ['a worker without products', { roles: ['WORKER'], permittedProducts: [], escapeRight: false }, 'PRODUCTS_REQUIRED'],
    ['an unknown product', { roles: ['WORKER'], permittedProducts: ['alles'], escapeRight: false }, 'UNKNOWN_PRODUCT'],
    ['the escape right without the worker role', { roles: ['MANDATED_PERSON'], permittedProducts: [], escapeRight: true }, 'PRODUCTS_ONLY_FOR_WORKERS'],
    ['no role', { roles: [], permittedProducts: [], escapeRight: false }, 'ROLE_REQUIRED'],
  ])('%s: %s', (_what, tasks, expected) => expect(code(tasks)).toBe(expected));
});

describe('where an account is homed', () => {
  const home = (kind: HomeKind, roles: Role[]) => {
    try {
      validateHome(kind, { roles });
      return 'OK';
    } catch (e) {
      return (e as Refusal).code;
    }
  };
  it.each<[HomeKind, Role[], string]>([
    ['OPERATOR', ['SECURITY_OFFICER'], 'OK'],
    ['MUNICIPALITY', ['SECURITY_OFFICER'], 'SECURITY_OFFICER_AT_OPERATOR'],
    ['OPERATOR', ['WORKER'], 'OPERATOR_HOMES_SECURITY_OFFICERS'],
    ['OPERATOR', ['USER_ADMINISTRATOR'], 'OPERATOR_HOMES_SECURITY_OFFICERS'],
    ['OPERATOR', ['MANDATED_PERSON'], 'OPERATOR_HOMES_SECURITY_OFFICERS'],
    ['MUNICIPALITY', ['WORKER', 'USER_ADMINISTRATOR'], 'OK'],
  ])('at a %s with roles %j: %s', (kind, roles, expected) => expect(home(kind, roles)).toBe(expected));
});
