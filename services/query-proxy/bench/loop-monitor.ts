/**
 * Preloaded into every process the gateway benchmark starts: once a second it appends one JSON
 * line to LOOP_MONITOR_FILE with that second's event-loop delay (p50, p99, max; a 5 ms timer
 * measured by perf_hooks.monitorEventLoopDelay) and its garbage collection (pauses, their total
 * and longest). The benchmark reads the lines of each row's slices to say what makes the tail:
 * the process itself (a busy loop, GC) or the wait on something else.
 */
import * as fs from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface LoopSecond {
  /** End of the second, ms since the epoch. */
  t: number;
  p50: number;
  p99: number;
  max: number;
  gcMs: number;
  gcMaxMs: number;
  gcCount: number;
}

const file = process.env.LOOP_MONITOR_FILE;
if (file) {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let gc = { ms: 0, max: 0, count: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.ms += e.duration;
      gc.max = Math.max(gc.max, e.duration);
      gc.count++;
    }
  }).observe({ entryTypes: ['gc'] });
  const fd = fs.openSync(file, 'w');
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  setInterval(() => {
    const second: LoopSecond = { t: Date.now(), p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), gcMs: Math.round(gc.ms * 100) / 100, gcMaxMs: Math.round(gc.max * 100) / 100, gcCount: gc.count };
    fs.writeSync(fd, `${JSON.stringify(second)}\n`);
    delay.reset();
    gc = { ms: 0, max: 0, count: 0 };
  }, 1000).unref();
}
