/**
 * Who may ask for a decision about whom (HTTP): the gateway, for any worker; a worker, only
 * about itself (its own user id and home municipality, as in its token). Anyone else is refused.
 * Kafka request-reply has no token: only the gateway may write to the request topic (ACLs).
 */
export interface Caller {
  userId: string;
  homeMunicipalityId: string;
  roles: readonly string[];
}

export interface Asked {
  userId: string;
  homeMunicipalityId: string;
}

export type CallerVerdict = { allowed: true } | { allowed: false; code: 'SUBJECT_NOT_CALLER' | 'CALLER_NOT_ALLOWED'; message: string };

export function mayAsk(caller: Caller, subject: Asked, trustedCallers: ReadonlySet<string>): CallerVerdict {
  if (trustedCallers.has(caller.userId)) return { allowed: true };
  if (caller.roles.includes('WORKER')) {
    if (caller.userId === subject.userId && caller.homeMunicipalityId === subject.homeMunicipalityId) return { allowed: true };
    return { allowed: false, code: 'SUBJECT_NOT_CALLER', message: 'A worker may only ask about their own queries: the subject must be the logged-in user and home municipality.' };
  }
  return { allowed: false, code: 'CALLER_NOT_ALLOWED', message: 'Only the gateway or a worker may ask for an access decision.' };
}
