/**
 * The operators' status page (issue 24): every probe at once, each time-boxed, folded into one
 * answer by the domain (domain/status.ts). A probe that does not answer in time shows as
 * `unknown`; the page never waits longer than the time box.
 *
 * The read is recorded in the audit log (ADR 0018, `kind: status-read`), best effort: the page
 * holds no personal data (states, offsets, counts per group and reason, chain heads), and it is
 * most needed exactly when the broker cannot take the record. So it is answered then too, with
 * `recorded: false`, unlike the dead-letter list, which names records and fails closed.
 */
import { lagGroups, catalogue } from '@inkijk/contracts';
import { actorOf, JsonLogger } from '@inkijk/platform';
import { brokerStatus, checkpointStatus, deadLetterStatus, groupLag, serviceStatus, ServiceTarget, SystemStatus, systemStatus, timeBoxed } from '../domain/status';
import type { Caller } from './dead-letter-requests';
import type { ActionLog, DeadLetterStore, StatusProbes } from './ports';

export interface StatusOptions {
  services: readonly ServiceTarget[];
  /** The time box of each probe. */
  probeTimeoutMs: number;
  /** The time box of the dead-letter count (it reads that topic to its end in a group of its own). */
  deadLetterTimeoutMs: number;
  /** More records waiting than this is a group that falls behind. */
  maxLag: bigint;
  now?: () => number;
}

export class StatusReport {
  private readonly log = new JsonLogger('status');
  private readonly groups = lagGroups(catalogue);

  constructor(
    private readonly probes: StatusProbes,
    private readonly deadLetters: DeadLetterStore,
    private readonly actions: ActionLog,
    private readonly opts: StatusOptions,
  ) {}

  async read(caller: Caller, bearerToken: string): Promise<SystemStatus & { recorded: boolean }> {
    const ms = this.opts.probeTimeoutMs;
    const now = this.opts.now ?? Date.now;
    const [services, broker, consumerGroups, deadLetters, checkpoints] = await Promise.all([
      Promise.all(this.opts.services.map(async (s) => serviceStatus(s, await timeBoxed(() => this.probes.readiness(s.url), ms)))),
      timeBoxed(() => this.probes.cluster(), ms).then(brokerStatus),
      Promise.all(this.groups.map(async (g) => groupLag(g, await timeBoxed(() => this.probes.groupOffsets(g.group, g.topic), ms), this.opts.maxLag))),
      timeBoxed(() => this.deadLetters.list({}), this.opts.deadLetterTimeoutMs).then(deadLetterStatus),
      timeBoxed(() => this.probes.checkpoints(bearerToken), ms).then((p) => checkpointStatus(p, now())),
    ]);
    const status = systemStatus({ services, broker, consumerGroups, deadLetters, checkpoints }, now());
    const record = await timeBoxed(
      () =>
        this.actions.record({
          actor: actorOf(caller),
          actingForId: caller.homeMunicipalityId,
          action: 'OTHER',
          object: { type: 'SYSTEM_STATUS', id: null },
          outcome: 'SUCCEEDED',
          reasonCode: null,
          details: { kind: 'status-read', state: status.state, servicesDown: services.filter((s) => s.state !== 'up').length, deadLettersOpen: deadLetters.open },
        }),
      ms,
    );
    if (record.state !== 'answered') this.log.warn(`a status read was not recorded: ${record.state === 'failed' ? record.reason : 'no answer in time'}`);
    return { ...status, recorded: record.state === 'answered' };
  }
}
