/**
 * Preloaded into a process by the gateway benchmark with BENCH_CPU_PROFILE=1: profiles the
 * whole process with the V8 inspector and writes the profile to CPU_PROFILE_FILE on SIGUSR2
 * (a process stopped by a signal never writes --cpu-prof's file).
 */
import * as fs from 'node:fs';
import { Session } from 'node:inspector';

const file = process.env.CPU_PROFILE_FILE;
if (file) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')));
  process.on('SIGUSR2', () => {
    session.post('Profiler.stop', (err, result) => {
      if (!err) {
        fs.writeFileSync(`${file}.tmp`, JSON.stringify(result.profile));
        fs.renameSync(`${file}.tmp`, file);
      }
      process.stdout.write(`${JSON.stringify({ level: 'warn', msg: err ? `profile failed: ${err.message}` : `profile written to ${file}` })}\n`);
    });
  });
}
