/**
 * The security officer's dead-letter requests, in plain TypeScript: what a replay answers per
 * dead letter, the Refusal of a refused replay, and which facts of a request go into its record in
 * the audit log (ADR 0018). No I/O: the app layer calls the platform's list and replay.
 */
import { Refusal } from '@inkijk/contracts';

/** What the platform's replay reports (libs/platform/src/kafka/dead-letter-replay.ts ReplayResult), as this service reads it. */
export interface ReplayRun {
  runId: string;
  replayed: readonly { deadLetterId: string; origin: string; offset: string }[];
  alreadyReplayed: readonly { deadLetterId: string; replayOffset: string }[];
  skipped: readonly { deadLetterId: string; why: string }[];
  /** The run's ActivityEvent (written with the replays, one transaction); null when nothing was published. */
  activity: { eventId: string } | null;
}

/** One dead letter's outcome: replayed now, replayed before (not again), or skipped and why. */
export type DeadLetterOutcome =
  | { deadLetterId: string; outcome: 'replayed'; origin: string; offset: string | null }
  | { deadLetterId: string; outcome: 'already'; replayOffset: string }
  | { deadLetterId: string; outcome: 'skipped'; reason: string };

export interface ReplayAnswer {
  runId: string;
  dryRun: boolean;
  replayed: number;
  already: number;
  skipped: number;
  results: DeadLetterOutcome[];
  /** The event id of the run's record in the audit log. */
  activityId: string | null;
}

/** The answer to a replay: one line per dead letter, in the order replayed, already, skipped. */
export function replayAnswer(run: ReplayRun, dryRun: boolean, activityId: string | null): ReplayAnswer {
  const results: DeadLetterOutcome[] = [
    ...run.replayed.map((r): DeadLetterOutcome => ({ deadLetterId: r.deadLetterId, outcome: 'replayed', origin: r.origin, offset: r.offset === '' ? null : r.offset })),
    ...run.alreadyReplayed.map((r): DeadLetterOutcome => ({ deadLetterId: r.deadLetterId, outcome: 'already', replayOffset: r.replayOffset })),
    ...run.skipped.map((r): DeadLetterOutcome => ({ deadLetterId: r.deadLetterId, outcome: 'skipped', reason: r.why.replace(' (--force replays it anyway)', ' (force: true replays it anyway)') })),
  ];
  return { runId: run.runId, dryRun, replayed: run.replayed.length, already: run.alreadyReplayed.length, skipped: run.skipped.length, results, activityId };
}

/** Why the platform refused a whole replay request (its ReplayRefused's `refusal`). */
export type ReplayRefusalCode = 'NOT_REPLAYABLE' | 'UNKNOWN_DEAD_LETTER' | 'NOT_RECORDABLE';

/**
 * A refused request as the caller sees it: a topic or group that may not be replayed is a
 * conflict with how the topic is read (CONFLICT); an unknown id is bad input (INVALID); a run
 * that could not be recorded is not done (UNAVAILABLE: no replay without its record).
 */
export function refusedReplay(why: ReplayRefusalCode, message: string): Refusal {
  const sentence = message.charAt(0).toUpperCase() + message.slice(1) + (message.endsWith('.') ? '' : '.');
  switch (why) {
    case 'UNKNOWN_DEAD_LETTER':
      return new Refusal('INVALID', 'UNKNOWN_DEAD_LETTER', sentence);
    case 'NOT_RECORDABLE':
      return new Refusal('UNAVAILABLE', 'AUDIT_TRAIL_UNAVAILABLE', `The replay could not be recorded, so nothing was replayed: ${message}`);
    default:
      return new Refusal('CONFLICT', 'NOT_REPLAYABLE', sentence);
  }
}

/** The filters of a request, for its record: only what was given (topic and group names, a reason code). */
export function filterDetails(f: { group?: string; topic?: string; reason?: string }): Record<string, string> {
  const d: Record<string, string> = {};
  if (f.group !== undefined) d.group = f.group;
  if (f.topic !== undefined) d.topic = f.topic;
  if (f.reason !== undefined) d.reason = f.reason;
  return d;
}
