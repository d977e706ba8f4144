// Prints one closing line for all jest runs of scripts/test.sh and exits non-zero on failures.
const fs = require('node:fs');
const path = require('node:path');
const dir = path.resolve(__dirname, '../.data/test-results');
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
let passed = 0, failed = 0, skipped = 0;
for (const f of files) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  if (r.passed + r.failed + r.skipped === 0) continue; // a project without tests of that kind
  passed += r.passed; failed += r.failed; skipped += r.skipped;
  console.log(`  ${r.name}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`);
}
if (skipped > 0) console.log(`  (${skipped} tests were skipped: a skipped test proves nothing)`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
