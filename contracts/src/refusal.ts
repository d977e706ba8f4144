/**
 * The one error convention of the project (ADR 0026). Domain and application code refuse with a
 * `Refusal`: a kind (what sort of refusal), a stable machine-readable code and a sentence a person
 * understands. It names no HTTP status: the HTTP edge maps each kind once (`REFUSAL_STATUS`, used by
 * the platform's error filter), and a portal or client reading an answer sees the same code.
 *
 * It lives with the contracts because the code and kind are what callers rely on, and because
 * domain code may import contracts but no framework.
 */
export type RefusalKind =
  | 'INVALID'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'NOT_ELIGIBLE'
  | 'TOO_MANY'
  | 'UNAVAILABLE';

/** The HTTP status of each kind: the only place a kind becomes a status. */
export const REFUSAL_STATUS: Readonly<Record<RefusalKind, number>> = {
  INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  NOT_ELIGIBLE: 422,
  TOO_MANY: 429,
  UNAVAILABLE: 503,
};

export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly code: string,
    message: string,
    /** Extra facts safe to show the caller (never a BSN or a secret). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

export const isRefusalKind = (value: unknown): value is RefusalKind => typeof value === 'string' && value in REFUSAL_STATUS;

/** A Refusal, or an error of the same shape from another copy of this module. */
export function isRefusal(e: unknown): e is Refusal {
  return e instanceof Refusal || (e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && isRefusalKind((e as { kind?: unknown }).kind));
}
