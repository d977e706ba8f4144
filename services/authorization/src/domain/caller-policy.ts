/**
 * Who may ask for a decision (HTTP): the gateway (a trusted caller), for any worker; nobody else.
 * A worker asking about itself would learn whether a citizen is on the whitelist without making
 * a query, which is not logged as one: an oracle (SECURITY.md). A worker gets a decision by
 * querying through the gateway, where the decision is recorded with the query.
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

export type CallerVerdict = { allowed: true } | { allowed: false; code: 'CALLER_NOT_ALLOWED'; message: string };

export function mayAsk(caller: Caller, _subject: Asked, trustedCallers: ReadonlySet<string>): CallerVerdict {
  if (trustedCallers.has(caller.userId)) return { allowed: true };
  return { allowed: false, code: 'CALLER_NOT_ALLOWED', message: 'Only the gateway may ask for an access decision: make the query through the gateway, where the decision is logged with it.' };
}
