/**
 * Prints the speed issue's ratios (issue 25) that the benchmarks of this checkout last measured,
 * each from its own run (.data/bench/ratios/<bench>.json, written by recordRatios), with when and
 * on which CPU. Run by scripts/bench.sh after the benchmarks; `npm run bench` runs them all, so
 * its end shows all six.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BenchRatio, printTable, RATIOS_DIR, ratioRow } from '@inkijk/testing';

const dir = path.resolve(__dirname, '..', RATIOS_DIR);
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
const runs = files.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { bench: string; cpu: string; at: string; ratios: BenchRatio[] });
if (runs.length > 0) {
  printTable(
    `issue 25 ratios, each as its benchmark last measured it in one run (${dir})`,
    runs.flatMap((run) => run.ratios.map((r) => ({ ...ratioRow(r), bench: run.bench, measured: `${run.at.slice(0, 16).replace('T', ' ')} UTC`, cpu: run.cpu }))).sort((a, b) => a.ratio.localeCompare(b.ratio, 'en', { numeric: true })),
  );
}
