/**
 * The fault suite's long form (`npm run bench -- faults`): every fault of issue 19 at a higher
 * rate, on the 3-broker cluster and the suite's own PostgreSQL; prints the table per fault.
 * FAULTS_RATE, FAULTS_PG_OUTAGE_S, FAULTS_BROKER_DOWN_S change the load and the outages.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const r = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '-c', 'test/faults/jest.config.js'], { cwd: root, stdio: 'inherit', env: { ...process.env, FAULTS_FORM: 'long' } });
process.exitCode = r.status ?? 1;
