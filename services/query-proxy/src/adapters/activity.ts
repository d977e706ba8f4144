/**
 * The gateway's records of actions (ADR 0018) through the platform's ActivityRecorder, on the
 * Kafka platform's durable sender (acks=all, LOG_TIMEOUT_MS). No acknowledgement: 503
 * LOG_UNAVAILABLE, as for an attributed query.
 */
import { topics, TopicSpec } from '@inkijk/contracts';
import type { audit } from '@inkijk/contracts';
import { ActionRecord, activityEvent, ActivityRecorder, DurableSender, DurableSendError } from '@inkijk/platform';
import type { ActivityLog } from '../app/ports';
import { LogUnavailableError } from '../app/query.service';

export const SERVICE = 'query-proxy';

/** `topic`: a copy of the activity topic (tests); the catalogue's otherwise. */
export function activityLog(sender: DurableSender, topic: TopicSpec<audit.ActivityEvent> = topics.activity): ActivityLog {
  const recorder = new ActivityRecorder(SERVICE, sender);
  const send = topic === topics.activity ? (a: ActionRecord) => recorder.record(a) : (a: ActionRecord) => sender.send(topic, activityEvent(SERVICE, a));
  return {
    async record(a) {
      try {
        await send(a);
      } catch (e) {
        if (e instanceof DurableSendError) throw new LogUnavailableError(e);
        throw e;
      }
    },
  };
}
