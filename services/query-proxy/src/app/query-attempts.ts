/**
 * A query refused before its decision (the caller is no worker, the input is invalid, the
 * municipality is unknown) leaves no attributed-query event; it is recorded as a refused
 * QUERY_ATTEMPT action instead (ADR 0018), before the caller gets the refusal. When the record
 * cannot be written the caller gets 503 LOG_UNAVAILABLE instead of the refusal: fail closed.
 * Queries that reach a decision are logged as attributed queries only.
 */
import { actorOf, Role } from '@inkijk/platform';
import { attemptDetails, attemptFacts } from '../domain/attempt';
import type { ActivityLog, DecisionPort, Principal, SubjectForms } from './ports';

export class QueryAttempts {
  constructor(
    private readonly log: ActivityLog,
    private readonly organisations: Pick<DecisionPort, 'organisation'>,
    private readonly subjects: Pick<SubjectForms, 'pseudonym'>,
  ) {}

  /** Records that `body` (as sent, or as parsed) was refused with `reasonCode`, the code the caller gets. */
  async refused(principal: Principal, body: unknown, reasonCode: string): Promise<void> {
    const f = attemptFacts(body);
    // The chain of the municipality chosen; an id that names no registered organisation starts no chain.
    const chosen = f.actingForMunicipalityId !== null && this.organisations.organisation(f.actingForMunicipalityId) ? f.actingForMunicipalityId : null;
    const details = attemptDetails(f);
    if (f.actingForMunicipalityId !== null && chosen === null) details.unknownMunicipalityId = f.actingForMunicipalityId;
    await this.log.record({
      actor: actorOf({ ...principal, roles: principal.roles as Role[] }), // the token's roles
      actingForId: chosen ?? principal.homeMunicipalityId,
      action: 'QUERY_ATTEMPT',
      object: { type: 'QUERY', id: f.product },
      outcome: 'REFUSED',
      reasonCode,
      subjectPseudonym: f.bsn !== null ? this.subjects.pseudonym(f.bsn) : null,
      details,
    });
  }
}
