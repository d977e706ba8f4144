/**
 * Signals of misuse (issue 22, ADR 0021): the detectors fed by the consumers, the signals stored
 * with their outbox records in the consumer's transaction (exactly once: the signal id is the
 * key), and the review by a security officer or a mandated person, recorded as an action.
 */
import type { Refusal } from '@inkijk/contracts';
import { actorOf, type Principal, type SqlQuery, type Transactor } from '@inkijk/platform';
import type { Caller } from '../domain/access';
import { invalidReviewReason, signalAlreadyReviewed, signalNotFound, signalsForbidden } from '../domain/errors';
import type { ActivityObservation, QueryObservation, SignalEngine } from '../domain/signals/engine';
import { maySee, ReviewDecision, reviewReasonProblem, SignalScope, signalScopeOf, SignalStatus, StoredSignal } from '../domain/signals/review';
import type { Signal, SignalKind } from '../domain/signals/signal';
import type { ActionLog, SignalOutbox, SignalRepository } from './ports';

/**
 * One consumer's path into the shared detectors. Signals made in a transaction that did not
 * commit must not be lost (the detectors skip a redelivered event they already counted), so the
 * signals a transaction inserted are written again with the next one: a no-op when they were
 * committed, the insert when they were not.
 */
export class SignalDetection {
  private unsure: Signal[] = [];

  constructor(
    private readonly engine: SignalEngine,
    private readonly repo: SignalRepository,
    private readonly outbox: SignalOutbox,
    private readonly onStored: (signals: readonly Signal[]) => void = () => undefined,
  ) {}

  /** Queries, each with its source (the topic partition it came from). */
  async queries(observations: ReadonlyArray<readonly [QueryObservation, string]>, sql: SqlQuery): Promise<Signal[]> {
    return this.store(observations.flatMap(([o, source]) => this.engine.onQuery(o, source)), sql);
  }

  async actions(observations: ReadonlyArray<readonly [ActivityObservation, string]>, sql: SqlQuery): Promise<Signal[]> {
    return this.store(observations.flatMap(([o, source]) => this.engine.onActivity(o, source)), sql);
  }

  private async store(fresh: Signal[], sql: SqlQuery): Promise<Signal[]> {
    const ids = new Set(fresh.map((s) => s.signalId));
    const all = [...this.unsure.filter((s) => !ids.has(s.signalId)), ...fresh].sort((a, b) => (a.signalId < b.signalId ? -1 : 1));
    if (all.length === 0) return [];
    const inserted = await this.repo.insertNew(sql, all);
    for (const s of inserted) await this.outbox.signal(sql, s);
    this.unsure = inserted;
    this.onStored(inserted);
    return inserted;
  }
}


const callerOf = (p: Principal): Caller => ({ homeMunicipalityId: p.homeMunicipalityId, roles: p.roles as Caller['roles'] });

/** Listing, reading and reviewing signals; reads are recorded durably, reviews through the outbox. */
export class SignalReview {
  constructor(
    private readonly db: Transactor<unknown>,
    private readonly repo: SignalRepository,
    private readonly outbox: SignalOutbox,
    private readonly actions: ActionLog,
    private readonly clock: { now(): number },
  ) {}

  private scope(p: Principal): Exclude<SignalScope, null> {
    const scope = signalScopeOf(callerOf(p));
    if (scope === null) {
      this.refused(p, signalsForbidden());
      throw signalsForbidden();
    }
    return scope;
  }

  private refused(p: Principal, e: Refusal): void {
    void this.actions
      .record({ actor: actorOf(p), actingForId: p.homeMunicipalityId, action: 'OTHER', object: { type: 'SIGNAL', id: null }, outcome: 'REFUSED', reasonCode: e.code, details: { kind: 'signals' } })
      .catch(() => undefined);
  }

  async list(p: Principal, q: { status?: SignalStatus; kind?: SignalKind; organisationId?: string; limit?: number }): Promise<StoredSignal[]> {
    const scope = this.scope(p);
    const signals = await this.db.transaction((_tx, sql) => this.repo.list(sql, { scope, status: q.status, kind: q.kind, organisationId: q.organisationId, limit: q.limit ?? 100 }));
    await this.actions.record({
      actor: actorOf(p),
      actingForId: q.organisationId ?? p.homeMunicipalityId,
      action: 'OTHER',
      object: { type: 'SIGNAL', id: 'list' },
      outcome: 'SUCCEEDED',
      details: { kind: 'signals-listed', status: q.status ?? 'ALL', signalKind: q.kind, count: signals.length },
    });
    return signals;
  }

  async get(p: Principal, signalId: string): Promise<StoredSignal> {
    const scope = this.scope(p);
    const signal = await this.db.transaction((_tx, sql) => this.repo.get(sql, signalId));
    if (!signal || !maySee(scope, signal)) throw signalNotFound();
    await this.actions.record({
      actor: actorOf(p),
      actingForId: signal.organisationId ?? p.homeMunicipalityId,
      action: 'OTHER',
      object: { type: 'SIGNAL', id: signal.signalId },
      outcome: 'SUCCEEDED',
      subjectPseudonym: signal.subjectPseudonym,
      details: { kind: 'signal-read', signalKind: signal.kind },
    });
    return signal;
  }

  /** Closes an open signal; the review and its action commit together. */
  async review(p: Principal, signalId: string, decision: ReviewDecision, reason: string): Promise<StoredSignal> {
    const scope = this.scope(p);
    const problem = reviewReasonProblem(reason);
    if (problem) throw invalidReviewReason(problem);
    const text = reason.trim();
    const at = this.clock.now();
    return this.db.transaction(async (_tx, sql) => {
      const signal = await this.repo.get(sql, signalId, true);
      if (!signal || !maySee(scope, signal)) throw signalNotFound();
      if (signal.status !== 'OPEN') throw signalAlreadyReviewed(signal.status);
      await this.repo.review(sql, signalId, decision, text, p.userId, at);
      await this.outbox.action(sql, {
        actor: actorOf(p),
        actingForId: signal.organisationId ?? p.homeMunicipalityId,
        action: 'OTHER',
        object: { type: 'SIGNAL', id: signal.signalId },
        outcome: 'SUCCEEDED',
        subjectPseudonym: signal.subjectPseudonym,
        details: { kind: 'signal-review', decision, signalKind: signal.kind, reason: text },
      });
      return { ...signal, status: decision, reviewReason: text, reviewedBy: p.userId, reviewedAt: at };
    });
  }
}
