/**
 * The security officer's use cases: list the dead letters, replay those of one consumer group
 * and topic. Every request is an action in the audit log (ADR 0018): a list is recorded before
 * its answer (503 without the list when that fails); a replay that publishes records carries its
 * record in the same Kafka transaction (the platform's replay), one that publishes nothing (all
 * replayed before, all skipped, a dry run) is recorded here before its answer; a refused request
 * is recorded as REFUSED with its code, best effort. Replays run one at a time: they share one
 * transactional id, and a second one at the same moment would fence the first.
 */
import { catalogue, Refusal, replayRefusal } from '@inkijk/contracts';
import type { TopicSpec } from '@inkijk/contracts';
import { ActionRecord, actorOf, JsonLogger, Principal, toErrorResponse } from '@inkijk/platform';
import { DeadLetterView, ReplayRefused } from '@inkijk/platform/kafka/dead-letter-replay';
import { filterDetails, refusedReplay, ReplayAnswer, replayAnswer } from '../domain/dead-letter-requests';
import type { ActionLog, DeadLetterStore } from './ports';

export type Caller = Pick<Principal, 'userId' | 'homeMunicipalityId' | 'roles'>;

export interface ListRequest {
  group?: string;
  topic?: string;
  reason?: string;
}

export interface ReplayCommand {
  group: string;
  topic: string;
  ids?: readonly string[];
  reason?: string;
  force?: boolean;
  dryRun?: boolean;
}

/** What a request's record says besides actor and outcome; filled in as the request is understood. */
interface RequestRecord {
  kind: 'dead-letter-list' | 'dead-letter-replay';
  details: Record<string, string | number | boolean>;
}

export class DeadLetterRequests {
  private readonly log = new JsonLogger('dead-letters');
  private replays: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: DeadLetterStore,
    private readonly actions: ActionLog,
  ) {}

  /** The dead letters matching the filter (never a key or value), recorded before the answer. */
  list(caller: Caller, parse: () => ListRequest): Promise<{ count: number; deadLetters: DeadLetterView[] }> {
    const rec: RequestRecord = { kind: 'dead-letter-list', details: {} };
    return this.recorded(caller, rec, async () => {
      const filter = parse();
      rec.details = filterDetails(filter);
      if (filter.topic !== undefined) topicNamed(filter.topic);
      const deadLetters = await this.store.list(filter);
      rec.details.count = deadLetters.length;
      await this.actions.record(this.action(caller, rec, 'SUCCEEDED'));
      return { count: deadLetters.length, deadLetters };
    });
  }

  /** Replays the dead letters of one group and topic that were not replayed before. */
  replay(caller: Caller, parse: () => ReplayCommand): Promise<ReplayAnswer> {
    const rec: RequestRecord = { kind: 'dead-letter-replay', details: {} };
    return this.recorded(caller, rec, async () => {
      const cmd = parse();
      rec.details = { ...filterDetails(cmd), force: cmd.force === true, dryRun: cmd.dryRun === true, ...(cmd.ids?.length ? { ids: cmd.ids.length } : {}) };
      const topic = topicNamed(cmd.topic);
      const refusal = replayRefusal(topic, cmd.group);
      if (refusal) throw new Refusal('CONFLICT', 'NOT_REPLAYABLE', `Not replayable: ${refusal}.`);
      const run = await this.oneAtATime(async () => {
        try {
          return await this.store.replay({
            topic, group: cmd.group, ids: cmd.ids, reason: cmd.reason, force: cmd.force === true, dryRun: cmd.dryRun === true,
            by: { account: actorOf(caller), organisationId: caller.homeMunicipalityId },
          });
        } catch (e) {
          throw e instanceof ReplayRefused ? refusedReplay(e.refusal, e.message) : e;
        }
      });
      let activityId = run.activity?.eventId ?? null;
      if (!run.activity) {
        // Nothing published: the request is recorded here (the replay itself writes no record then).
        Object.assign(rec.details, { runId: run.runId, replayed: cmd.dryRun ? 0 : run.replayed.length, wouldReplay: cmd.dryRun ? run.replayed.length : 0, already: run.alreadyReplayed.length, skipped: run.skipped.length });
        activityId = (await this.actions.record(this.action(caller, rec, 'SUCCEEDED'))).eventId;
      }
      return replayAnswer(run, cmd.dryRun === true, activityId);
    });
  }

  private action(caller: Caller, rec: RequestRecord, outcome: 'SUCCEEDED' | 'REFUSED', reasonCode?: string): ActionRecord {
    return {
      actor: actorOf(caller),
      actingForId: caller.homeMunicipalityId,
      action: 'OTHER',
      object: { type: 'DEAD_LETTER', id: null },
      outcome,
      reasonCode: reasonCode ?? null,
      details: { kind: rec.kind, ...rec.details },
    };
  }

  /** Runs a request; a refusal (4xx) is recorded as REFUSED with its code, best effort, and thrown on. */
  private async recorded<T>(caller: Caller, rec: RequestRecord, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      const { status, body } = toErrorResponse(e);
      if (status >= 400 && status < 500) {
        await this.actions.record(this.action(caller, rec, 'REFUSED', body.code)).catch((err: unknown) => this.log.warn(`a refused ${rec.kind} (${body.code}) was not recorded: ${(err as Error).message}`));
      }
      throw e;
    }
  }

  private oneAtATime<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.replays.then(fn, fn);
    this.replays = next.catch(() => undefined);
    return next;
  }
}

/** The catalogue's topic of that name, or refused INVALID UNKNOWN_TOPIC. */
function topicNamed(name: string): TopicSpec<unknown> {
  const topic = catalogue.find((t) => t.name === name);
  if (!topic) throw new Refusal('INVALID', 'UNKNOWN_TOPIC', `${name} is no topic of the catalogue.`);
  return topic;
}
