/**
 * Recording an action in the audit log (ADR 0018): one ActivityEvent on inkijk.audit.activity.v1,
 * written by the service that performed the action, exactly once.
 *
 * - Where the action writes a database, the event joins the same transaction's outbox
 *   (`addActivityToOutbox`): no change without its record, no record without its change.
 * - Where it does not (a query refused before its decision, a report download, a search in the
 *   audit log), the caller awaits `ActivityRecorder.record` before answering; when the broker does
 *   not acknowledge, that throws a DurableSendError and the caller answers 503 without the
 *   result: fail closed, as for queries (FSC Logging).
 *
 * The trace and span ids are those of the request's active span, so an action is found by the
 * trace id its caller saw. No names, secrets or clear BSNs: a data subject only as its pseudonym.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { topics } from '@inkijk/contracts';
import type { audit } from '@inkijk/contracts';
import type { Principal } from '../auth/tokens';
import type { DurableSender } from './durable-sender';
import type { SqlQuery } from '../database/transactor';
import { addToOutbox } from './outbox';

export type ActivityAction = audit.ActivityAction;
export type ActivityOutcome = audit.ActivityOutcome;

export interface ActionActor {
  userId: string | null;
  homeOrganisationId: string | null;
  roles: readonly string[];
}

/** What the performing service knows of an action; the rest (ids, times, trace) is filled in. */
export interface ActionRecord {
  actor: ActionActor;
  /** The organisation acted for: the chain the action joins (see the contract's doc). */
  actingForId: string;
  action: ActivityAction;
  object: { type: string; id?: string | null };
  outcome: ActivityOutcome;
  /** The error code the caller got, for REFUSED and FAILED. */
  reasonCode?: string | null;
  subjectPseudonym?: string | null;
  details?: Record<string, string | number | boolean | null | undefined>;
}

/** The actor of a request made with a login token. */
export const actorOf = (p: Pick<Principal, 'userId' | 'homeMunicipalityId' | 'roles'>): ActionActor => ({
  userId: p.userId,
  homeOrganisationId: p.homeMunicipalityId,
  roles: [...p.roles],
});

/** Nobody known: a login under a name without an account. */
export const UNKNOWN_ACTOR: ActionActor = { userId: null, homeOrganisationId: null, roles: [] };

const INVALID_TRACE = /^0+$/;

/** The trace and span of the active request, or fresh ids when no span records (tracing off). */
function currentTrace(): { traceId: string; spanId: string } {
  const ctx = trace.getActiveSpan()?.spanContext();
  if (ctx && !INVALID_TRACE.test(ctx.traceId)) return { traceId: ctx.traceId, spanId: ctx.spanId };
  return { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex') };
}

/** The ActivityEvent of an action performed now by `service`. */
export function activityEvent(service: string, a: ActionRecord, now = Date.now()): audit.ActivityEvent {
  const details: Record<string, string> = {};
  for (const [k, v] of Object.entries(a.details ?? {})) if (v !== undefined && v !== null) details[k] = String(v);
  return {
    eventId: randomUUID(),
    occurredAt: now,
    ...currentTrace(),
    service,
    actor: { userId: a.actor.userId, homeOrganisationId: a.actor.homeOrganisationId, roles: [...a.actor.roles] },
    actingForId: a.actingForId,
    action: a.action,
    object: { type: a.object.type, id: a.object.id ?? null },
    outcome: a.outcome,
    reasonCode: a.reasonCode ?? null,
    subjectPseudonym: a.subjectPseudonym ?? null,
    details,
  };
}

/** Adds the action's record to the outbox inside the caller's transaction. */
export async function addActivityToOutbox(query: SqlQuery, service: string, a: ActionRecord): Promise<audit.ActivityEvent> {
  const event = activityEvent(service, a);
  await addToOutbox(query, topics.activity, event);
  return event;
}

/** Records actions that write no database of ours: durably, before the caller answers. */
export class ActivityRecorder {
  constructor(
    private readonly service: string,
    private readonly sender: DurableSender,
  ) {}

  /** Resolves when the broker has acknowledged the record; throws a DurableSendError otherwise. */
  async record(a: ActionRecord): Promise<audit.ActivityEvent> {
    const event = activityEvent(this.service, a);
    await this.sender.send(topics.activity, event);
    return event;
  }
}
