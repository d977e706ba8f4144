/**
 * Tests and demo data never share a broker or databases (SECURITY.md): `npm test` runs on a
 * broker of its own, fresh every run, and `npm start` stops only a broker it started itself.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { testBrokerEnv } from '@inkijk/testing';

const root = path.resolve(__dirname, '../..');
const script = (name: string) => fs.readFileSync(path.join(root, 'scripts', name), 'utf8');

describe('tests never use the demo broker', () => {
  it("gives the tests' broker its own port, controller port and data dir", () => {
    const env = testBrokerEnv();
    expect(env.KAFKA_PORT).not.toBe('9092');
    expect(env.KAFKA_CONTROLLER_PORT).not.toBe('9093');
    const own = process.env.TEST_KAFKA_DATA_DIR ? path.relative(root, process.env.TEST_KAFKA_DATA_DIR) : path.join('.data', 'test', 'kafka');
    expect(path.relative(root, env.KAFKA_DATA_DIR)).toBe(own);
    expect(path.relative(root, env.KAFKA_DATA_DIR)).not.toBe(path.join('.data', 'kafka'));
    expect(env.KAFKA_BROKERS).toBe(`127.0.0.1:${env.KAFKA_PORT}`);
  });

  it('makes npm test (and the benchmarks) switch to that broker, fresh, before starting one', () => {
    const test = script('test.sh');
    const order = ['use_test_broker', 'deploy/kafka/reset.sh', 'ensure_kafka'].map((s) => test.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(script('bench.sh').indexOf('use_test_broker')).toBeLessThan(script('bench.sh').indexOf('ensure_kafka'));
  });

  it('makes Ctrl-C on npm start stop only a broker that npm start started', () => {
    const start = script('start.sh');
    expect(start).toMatch(/STARTED_KAFKA=false/);
    expect(start).toMatch(/if \[ "\$STARTED_KAFKA" = "true" \][^\n]*deploy\/kafka\/stop\.sh/);
  });
});
