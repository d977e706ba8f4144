/**
 * This service's actions (lists and replays of dead letters) on the activity topic (ADR 0018),
 * through the platform's ActivityRecorder: sent durably before the caller answers. When the
 * broker does not acknowledge, the caller gets 503 AUDIT_TRAIL_UNAVAILABLE without the result.
 */
import { Refusal } from '@inkijk/contracts';
import { ActionRecord, ActivityRecorder, DurableSender, DurableSendError } from '@inkijk/platform';
import { OPERATIONS_SERVICE } from '@inkijk/platform/kafka/dead-letter-replay';
import type { ActionLog } from '../../app/ports';

export class KafkaActionLog implements ActionLog {
  private readonly recorder: ActivityRecorder;

  constructor(sender: DurableSender) {
    this.recorder = new ActivityRecorder(OPERATIONS_SERVICE, sender);
  }

  async record(action: ActionRecord): Promise<{ eventId: string }> {
    try {
      return { eventId: (await this.recorder.record(action)).eventId };
    } catch (e) {
      if (e instanceof DurableSendError) throw new Refusal('UNAVAILABLE', 'AUDIT_TRAIL_UNAVAILABLE', 'This request could not be recorded in the audit log, so it is not answered. Try again shortly.');
      throw e;
    }
  }
}
