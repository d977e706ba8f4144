/** A refusal by the registration domain: a stable code, a kind, and a sentence for a person. */
export type RefusalKind = 'INVALID' | 'UNAUTHENTICATED' | 'NOT_FOUND' | 'CONFLICT' | 'NOT_ELIGIBLE' | 'FORBIDDEN';

export class RegistrationRefusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RegistrationRefusal';
  }
}

export const refuse = (kind: RefusalKind, code: string, message: string): never => {
  throw new RegistrationRefusal(kind, code, message);
};
