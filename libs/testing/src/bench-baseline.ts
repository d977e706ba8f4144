/**
 * A/B in one benchmark run: a revision's source tree to run beside this checkout (git archive
 * into the temporary folder, this checkout's node_modules linked in), kept for later runs.
 */
import { execFileSync, execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function baselineTree(root: string, revision: string): { dir: string; sha: string } {
  const sha = execFileSync('git', ['rev-parse', '--short', revision], { cwd: root, encoding: 'utf8' }).trim();
  const dir = path.join(os.tmpdir(), `inkijk-bench-baseline-${sha}`);
  if (!fs.existsSync(path.join(dir, 'package.json'))) {
    fs.mkdirSync(dir, { recursive: true });
    execSync(`git archive ${sha} | tar -x -C ${JSON.stringify(dir)}`, { cwd: root });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  }
  return { dir, sha };
}
