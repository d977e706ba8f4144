/** Registration changes as contract events (nl.inkijk.registration.*). */
import type { registration } from '@inkijk/contracts';
import type { Change } from '../domain/collaboration';

const NS = 'nl.inkijk.registration.';

export function collaborationEvent(change: Change, ids: { eventId: string; collaborationId: string; sequence: number; recordedBy: string; at: Date }): registration.CollaborationEvent {
  const { type, ...body } = change;
  let payload: registration.CollaborationEvent['change'];
  switch (change.type) {
    case 'CollaborationRegistered':
      payload = { [`${NS}CollaborationRegistered`]: { ...change, members: change.members.map((m) => ({ municipalityId: m.municipalityId, effectiveFrom: m.from, effectiveTo: m.to })) } } as registration.CollaborationEvent['change'];
      break;
    default:
      payload = { [`${NS}${type}`]: body } as registration.CollaborationEvent['change'];
  }
  // The union member records carry no 'type' field: strip it from the registered payload too.
  const inner = Object.values(payload)[0] as Record<string, unknown>;
  delete inner.type;
  return { eventId: ids.eventId, occurredAt: ids.at.getTime(), collaborationId: ids.collaborationId, sequence: ids.sequence, recordedBy: ids.recordedBy, change: payload };
}
