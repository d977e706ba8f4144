import { z } from 'zod';
import { ConfigurationError, commonEnv, databaseUrl, kafkaEnv, loadConfig, port } from './config';

describe('loadConfig', () => {
  const shape = { ...commonEnv, ...kafkaEnv, DATABASE_URL: databaseUrl('inkijk_x'), HTTP_PORT: port(3000), SECRET: z.string().min(8) };

  it('applies defaults and coerces numbers', () => {
    const c = loadConfig(shape, { SECRET: 'long-enough', HTTP_PORT: '4100', KAFKA_USERNAME: 'audit-log', KAFKA_PASSWORD: 'p'.repeat(32) });
    expect(c.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(c.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/inkijk_x');
    expect(c.HTTP_PORT).toBe(4100);
  });

  it('names every invalid variable in one readable error, without echoing values', () => {
    let error: ConfigurationError | undefined;
    try {
      loadConfig(shape, { SECRET: 'short', HTTP_PORT: '99999', KAFKA_BROKERS: 'nohostport', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      error = e as ConfigurationError;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const names = error!.problems.map((p) => p.split(':')[0]);
    expect(names.sort()).toEqual(['DATABASE_URL', 'HTTP_PORT', 'KAFKA_BROKERS', 'KAFKA_PASSWORD', 'KAFKA_USERNAME', 'SECRET']);
    expect(error!.message).not.toContain('short');
  });

  it('refuses to start without broker credentials, in one line per variable', () => {
    expect(() => loadConfig(shape, { SECRET: 'long-enough' })).toThrow(/KAFKA_USERNAME: is required: the service's own broker principal/);
    expect(() => loadConfig(shape, { SECRET: 'long-enough', KAFKA_USERNAME: 'audit-log', KAFKA_PASSWORD: 'short' })).toThrow(/KAFKA_PASSWORD: must be at least 16 characters/);
  });
});
