// Jest reporter: records each project's counts in .data/test-results/ so scripts/test.sh can
// print one closing line for the whole run ("tests: N passed, N failed").
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }
  onRunComplete(contexts, results) {
    const dir = path.resolve(__dirname, '../../../.data/test-results');
    fs.mkdirSync(dir, { recursive: true });
    const name = [...contexts].map((c) => c.config.displayName?.name ?? c.config.rootDir).join('+') || 'jest';
    const file = path.join(dir, `${name.replace(/[^a-z0-9_.-]+/gi, '_')}-${process.pid}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({
        name,
        passed: results.numPassedTests,
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        skipped: results.numPendingTests + results.numTodoTests,
      }),
    );
  }
}
module.exports = SummaryReporter;
