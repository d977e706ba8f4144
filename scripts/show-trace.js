// Prints the spans of one trace from a JSON-lines span file (OTEL_TRACES_FILE) as an indented tree.
//   node scripts/show-trace.js <spans.jsonl> [traceId]   (default: the query trace touching most services)
const fs = require('node:fs');
const [file, wanted] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/show-trace.js <spans.jsonl> [traceId]');
  process.exit(2);
}
const spans = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const byTrace = new Map();
for (const s of spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
let traceId = wanted;
if (!traceId) {
  let best = -1;
  for (const [t, ss] of byTrace) {
    const services = new Set(ss.map((s) => s.service)).size;
    if (ss.some((s) => s.service === 'query-proxy' && s.name === 'POST /queries') && services > best) [best, traceId] = [services, t];
  }
}
const trace = byTrace.get(traceId) ?? [];
const ids = new Set(trace.map((s) => s.spanId));
const children = new Map();
for (const s of trace) {
  const parent = ids.has(s.parentSpanId) ? s.parentSpanId : 'root';
  children.set(parent, [...(children.get(parent) ?? []), s]);
}
const t0 = Math.min(...trace.map((s) => s.startUs));
console.log(`trace ${traceId}`);
(function print(parent, depth) {
  for (const s of (children.get(parent) ?? []).sort((a, b) => a.startUs - b.startUs)) {
    if (s.name.startsWith('middleware')) continue;
    const name = s.name.replace(/\s+/g, ' ').replace(/ (e2e_)?[a-z_]+_\d{14}_[0-9a-f]+$/, '');
    console.log(`${'  '.repeat(depth)}${s.service.padEnd(19)} ${name.padEnd(44 - depth * 2)} +${((s.startUs - t0) / 1000).toFixed(0).padStart(4)} ms ${(s.durationUs / 1000).toFixed(1).padStart(6)} ms`);
    print(s.spanId, depth + 1);
  }
})('root', 0);
