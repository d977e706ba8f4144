/**
 * This service's actions (report downloads and builds) on the activity topic (ADR 0018), through
 * the platform's ActivityRecorder: sent durably before the caller answers. When the broker does
 * not acknowledge, the caller gets AUDIT_TRAIL_UNAVAILABLE (503) and sends nothing.
 */
import { audit, topics, TopicSpec } from '@inkijk/contracts';
import { ActionRecord, ActivityRecorder, DurableSender, DurableSendError, SendOptions } from '@inkijk/platform';
import type { ActionLog } from '../../app/ports';
import { auditTrailUnavailable } from '../../domain/errors';

export const SERVICE = 'supplier-reporting';

export class KafkaActionLog implements ActionLog {
  private readonly recorder: ActivityRecorder;

  constructor(sender: DurableSender, topic: TopicSpec<audit.ActivityEvent> = topics.activity) {
    this.recorder = new ActivityRecorder(SERVICE, topic.name === topics.activity.name ? sender : sendingTo(sender, topic));
  }

  async record(action: ActionRecord): Promise<void> {
    try {
      await this.recorder.record(action);
    } catch (e) {
      if (e instanceof DurableSendError) throw auditTrailUnavailable();
      throw e;
    }
  }
}

/** The recorder writes the catalogue's topic; a test run's copy is reached through a sender that writes there instead. */
function sendingTo(sender: DurableSender, topic: TopicSpec<audit.ActivityEvent>): DurableSender {
  const redirected = Object.create(sender) as DurableSender;
  redirected.send = ((_catalogueTopic: unknown, value: audit.ActivityEvent, opts?: SendOptions) => sender.send(topic, value, opts)) as DurableSender['send'];
  return redirected;
}
