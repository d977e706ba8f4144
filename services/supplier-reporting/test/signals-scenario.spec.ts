/**
 * The synthetic week of the misuse signals through the detectors alone (no broker): exactly the
 * planted signals, in time order and in an order where one source runs days ahead of another.
 */
import { activityObservation, queryObservation } from '../src/adapters/kafka/signals-runtime';
import { SignalEngine } from '../src/domain/signals/engine';
import { signalIdOf } from '../src/domain/signals/signal';
import { DEFAULT_SIGNAL_THRESHOLDS } from '../src/domain/signals/thresholds';
import { signalScenario } from './signals-scenario';

const scenario = signalScenario();
const expected = scenario.planted.map((p) => signalIdOf(p.kind, p.key, p.windowStart)).sort();

describe('the synthetic week of misuse', () => {
  it('has a few thousand ordinary queries and misuse of every kind', () => {
    expect(scenario.queries.length).toBeGreaterThan(2500);
    expect(new Set(scenario.planted.map((p) => p.kind)).size).toBe(10);
  });

  it('gives exactly the planted signals in time order', () => {
    const engine = new SignalEngine(DEFAULT_SIGNAL_THRESHOLDS);
    const events = [...scenario.queries.map((q) => ({ at: q.occurredAt, run: () => engine.onQuery(queryObservation(q)) })), ...scenario.actions.map((a) => ({ at: a.occurredAt, run: () => engine.onActivity(activityObservation(a)) }))];
    const signals = events.sort((a, b) => a.at - b.at).flatMap((e) => e.run());
    expect(signals.map((s) => `${s.kind} ${s.signalId}`).sort()).toEqual(
      scenario.planted.map((p) => `${p.kind} ${signalIdOf(p.kind, p.key, p.windowStart)}`).sort(),
    );
    expect(engine.stats.late).toBe(0);
  });

  it('gives the same signals when the actions are read first and the queries partition by partition', () => {
    const engine = new SignalEngine(DEFAULT_SIGNAL_THRESHOLDS);
    const sources = ['activity', 'queries-a', 'queries-b'];
    sources.forEach((s) => engine.hold(s));
    const signals = scenario.actions.flatMap((a) => engine.onActivity(activityObservation(a), 'activity'));
    engine.release('activity');
    const half = (i: number) => (i % 2 ? 'queries-b' : 'queries-a');
    const byPartition = [0, 1].flatMap((p) => scenario.queries.filter((_, i) => i % 2 === p).map((q) => [q, half(p)] as const));
    for (const [q, source] of byPartition) signals.push(...engine.onQuery(queryObservation(q), source));
    sources.forEach((s) => engine.release(s));
    expect(signals.map((s) => s.signalId).sort()).toEqual(expected);
    expect(engine.stats.late).toBe(0);
  });
});
