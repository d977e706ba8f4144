/**
 * One BSN check in one place (contracts' isBsn: 9 digits, 11-proef, not all zeros): four copies
 * once disagreed about 000000000. This fails when a service writes the 11-proef again instead of
 * using it, and pins what the one check accepts.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { isBsn } from '@inkijk/contracts';

const root = path.resolve(__dirname, '../..');

describe('the one BSN check', () => {
  it('accepts valid BSNs and refuses all zeros, a failed 11-proef and other lengths', () => {
    expect(['999990044', '123456782', '111222333'].map(isBsn)).toEqual([true, true, true]);
    expect(['000000000', '123456789', '12345678', '1234567820', '12345678a'].map(isBsn)).toEqual([false, false, false, false, false]);
  });

  it('is the only implementation of the 11-proef in the sources', () => {
    const hits = execFileSync('git', ['grep', '-lE', String.raw`\[9, ?8, ?7, ?6, ?5, ?4, ?3, ?2, ?-1\]|9 - i\)`, '--', '*.ts', ':!*.spec.ts', ':!**/bench/**'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    expect(hits).toEqual(['contracts/src/content-rules.ts']);
  });
});
