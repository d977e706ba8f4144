/** Small helpers for benchmarks: percentiles, a printed table, the ratios of a run. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, idx)] * 100) / 100;
}

export function printTable(title: string, rows: Record<string, string | number>[]): void {
  const cols = Object.keys(rows[0] ?? {});
  const width = (c: string) => Math.max(c.length, ...rows.map((r) => String(r[c]).length));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(cols.map((c) => c.padEnd(width(c)))));
  console.log(line(cols.map((c) => '-'.repeat(width(c)))));
  for (const r of rows) console.log(line(cols.map((c) => String(r[c]).padStart(width(c)))));
}

/** One of the speed issue's ratios, as a benchmark measured it in one run (issue 25). */
export interface BenchRatio {
  /** "1a", "2", ... as the issue numbers them. */
  id: string;
  ratio: string;
  /** null when this run could not measure it (e.g. no baseline given). */
  value: number | null;
  /** The target, e.g. ">= 0.5" or "<= 3". */
  target: string;
  figures: string;
}

/** Whether a ratio meets its target (">= x" or "<= x"). */
export function meets(r: Pick<BenchRatio, 'value' | 'target'>): boolean | null {
  if (r.value === null || !Number.isFinite(r.value)) return null;
  const [op, bound] = r.target.split(' ');
  return op === '>=' ? r.value >= Number(bound) : r.value <= Number(bound);
}

/** The directory where each benchmark leaves its ratios for scripts/bench-ratios.ts. */
export const RATIOS_DIR = '.data/bench/ratios';

/** Prints a benchmark's ratios with the CPU model and writes them to RATIOS_DIR/<bench>.json. */
export function recordRatios(root: string, bench: string, ratios: BenchRatio[]): void {
  const cpu = `${os.cpus()[0]?.model ?? '?'}, ${os.cpus().length} cores`;
  const at = new Date().toISOString();
  printTable(`issue 25 ratios of ${bench}, measured in this run (${cpu}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`, ratios.map(ratioRow));
  const dir = path.join(root, RATIOS_DIR);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${bench}.json`), `${JSON.stringify({ bench, cpu, at, ratios }, null, 2)}\n`);
}

export function ratioRow(r: BenchRatio): { ratio: string; value: string; target: string; met: string; figures: string } {
  const met = meets(r);
  return { ratio: `${r.id} ${r.ratio}`, value: r.value === null ? '-' : r.value.toFixed(2), target: r.target, met: met === null ? '-' : met ? 'yes' : 'no', figures: r.figures };
}

/**
 * CPU seconds (user + system) a process used so far, from /proc/<pid>/stat (clock ticks of
 * 100 per second on Linux); NaN when it is gone. (The audit ingest's child keeps its own copy:
 * it also runs inside older revisions' trees.)
 */
export function processCpuSeconds(pid: number | string | undefined): number {
  if (!pid) return NaN;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}
