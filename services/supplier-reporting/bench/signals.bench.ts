/**
 * The misuse-signal detectors (issue 22, ADR 0021), domain only: events per second through every
 * detector, and the memory they hold for 100,000 workers (heap after a forced collection), over
 * two working days so that the second shows the windows of the first being dropped. Each worker
 * queries mostly the citizens of an own caseload (40), one query in twenty anyone of a million.
 *   npm run bench -- signals       (BENCH_SIGNAL_WORKERS=100000, BENCH_SIGNAL_EVENTS=1000000 by default)
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { ActivityObservation, QueryObservation, SignalEngine } from '../src/domain/signals/engine';
import { DEFAULT_SIGNAL_THRESHOLDS } from '../src/domain/signals/thresholds';

const WORKERS = Number(process.env.BENCH_SIGNAL_WORKERS ?? 100_000);
const EVENTS = Number(process.env.BENCH_SIGNAL_EVENTS ?? 1_000_000);
const ORGS = 350;
const MIN = 60_000;
/** Monday 7 December 2026, 08:00 UTC (09:00 in Amsterdam). */
const DAY_START = Date.parse('2026-12-07T08:00:00Z');

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMiB = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const pseudonyms = Array.from({ length: 1_000_000 }, (_, i) => createHash('sha256').update(`subject-${i}`).digest('hex'));
const orgId = (i: number) => `4f1c2a52-0000-4000-8000-${String(i % ORGS).padStart(12, '0')}`;
const workerId = (i: number) => `worker-${i}`;

/** A small 32-bit generator (mulberry32): the same events on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One working day of events (09:00-17:00 local), every worker active, in time order. */
function day(offsetDays: number, n: number): Array<QueryObservation | ActivityObservation> {
  const out: Array<QueryObservation | ActivityObservation> = [];
  const start = DAY_START + offsetDays * 24 * 60 * MIN;
  const span = 8 * 60 * MIN;
  const random = mulberry32(22 + offsetDays);
  /** 0 .. n-1, uniformly. */
  const next = (n: number) => Math.floor(random() * n);
  for (let i = 0; i < n; i++) {
    const at = start + Math.floor((i / n) * span);
    const w = next(WORKERS);
    if (next(10) === 0) {
      out.push({ eventId: `a-${offsetDays}-${i}`, at, userId: workerId(w), homeOrganisationId: orgId(w), actingForId: orgId(w), action: i % 30 === 0 ? 'QUERY_ATTEMPT' : 'LOGIN', outcome: i % 20 === 0 ? 'REFUSED' : 'SUCCEEDED' });
    } else {
      out.push({
        eventId: `q-${offsetDays}-${i}`,
        at,
        workerUserId: workerId(w),
        homeOrganisationId: orgId(w),
        actingForId: orgId(w + (i % 4 === 0 ? 1 : 0)),
        // Mostly the worker's own caseload of 40 citizens, one query in twenty anyone.
        subjectPseudonym: pseudonyms[next(20) === 0 ? next(pseudonyms.length) : (w * 40 + next(40)) % pseudonyms.length],
        whitelist: i % 41 === 0 ? 'ESCAPE' : i % 37 === 0 ? 'ABORTED' : 'ON_WHITELIST',
        escapeReason: i % 41 === 0 ? 'NEW_APPLICATION' : null,
        denied: i % 53 === 0,
      });
    }
  }
  return out;
}

function feed(engine: SignalEngine, events: Array<QueryObservation | ActivityObservation>): { ms: number; signals: number } {
  let signals = 0;
  const t0 = performance.now();
  for (const e of events) signals += ('workerUserId' in e ? engine.onQuery(e) : engine.onActivity(e)).length;
  return { ms: performance.now() - t0, signals };
}

const baseline = heapMiB();
const monday = day(0, EVENTS);
const tuesday = day(1, EVENTS);
const inputs = heapMiB();
const engine = new SignalEngine(DEFAULT_SIGNAL_THRESHOLDS);
const before = heapMiB();

const first = feed(engine, monday);
const afterMonday = heapMiB();
const mondayFootprint = engine.footprint;
const second = feed(engine, tuesday);
const afterTuesday = heapMiB();

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en');
console.log(`signal detectors: ${WORKERS.toLocaleString('en')} workers in ${ORGS} organisations, ${EVENTS.toLocaleString('en')} events per working day (90 % queries, 10 % actions), every detector on`);
console.log(`  day 1: ${rate(EVENTS, first.ms)} events/s (${first.ms.toFixed(0)} ms), ${first.signals} signals`);
console.log(`  day 2: ${rate(EVENTS, second.ms)} events/s (${second.ms.toFixed(0)} ms), ${second.signals} signals`);
console.log(`  held after day 1: ${(afterMonday - before).toFixed(1)} MiB heap, ${mondayFootprint.windows.toLocaleString('en')} open windows, ${mondayFootprint.baselines.toLocaleString('en')} baselines, ${mondayFootprint.rememberedIds.toLocaleString('en')} remembered ids`);
console.log(`  held after day 2: ${(afterTuesday - before).toFixed(1)} MiB heap, ${engine.footprint.windows.toLocaleString('en')} open windows, ${engine.footprint.baselines.toLocaleString('en')} baselines (day 1's windows dropped: bounded by the events within a window plus the lateness, and one baseline per worker and organisation)`);
console.log(`  (the generated events themselves: ${(inputs - baseline).toFixed(0)} MiB, not counted above; late ${engine.stats.late}, duplicates ${engine.stats.duplicates})`);
