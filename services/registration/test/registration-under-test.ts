/**
 * The registration service as the integration tests start it: its own migrated database, the
 * real broker, the whole module over HTTP (caseload consumer off), tokens from its own issuer.
 * `registrationUnderTest` registers the start (beforeAll) and the clean-up (afterAll) of one test
 * file; call it before the file's own beforeAll, which then may use the service.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Consumer } from 'kafkajs';
import request from 'supertest';
import type { TopicSpec } from '@inkijk/contracts';
import { codecFor, configureHttpApp, generateSigningKey, KafkaPlatform, Principal, TokenIssuer } from '@inkijk/platform';
import { createMigratedDatabase } from '@inkijk/prisma-tools/testing';
import { kafkaEnvOf, TEST_PSEUDONYM_KEY } from '@inkijk/testing';
import { RegistrationModule } from '../src/app.module';
import { RegistrationDb } from '../src/adapters/prisma/prisma.service';
import { loadRegistrationConfig, REGISTRATION_BODIES } from '../src/config';

export interface RegistrationUnderTest {
  app(): INestApplication;
  http(): ReturnType<typeof request>;
  /** The Authorization header of a token for `p`. */
  as(p: Principal): Promise<string>;
  /** Reads a topic from the start until `done` holds for the decoded records of interest (at most 30 s). */
  eventsOn<T>(topic: TopicSpec<T>, keep: (v: T) => boolean, done: (vs: T[]) => boolean): Promise<T[]>;
  /** `SELECT count(*) FROM <from>`, e.g. count('rights_grant WHERE user_id = $1::uuid', id). */
  count(from: string, ...params: unknown[]): Promise<number>;
  /** Registers a municipality (valid from 2020-01-01, a random OIN) as `by`; expects 201. */
  addMunicipality(by: Principal, m: { id: string; name: string; cbsCode?: string }): Promise<void>;
}

export function registrationUnderTest(o: {
  /** Prefix of the temporary database's name. */
  database: string;
  /** Configuration beside the defaults (e.g. a login policy). */
  env?: Record<string, string>;
  /** The signing key's id, and the prefix of the consumer groups that read topics. */
  name: string;
}): RegistrationUnderTest {
  let app: INestApplication | undefined;
  let db: Awaited<ReturnType<typeof createMigratedDatabase>> | undefined;
  let issuer: TokenIssuer | undefined;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    db = await createMigratedDatabase({ migrationsDir: path.join(__dirname, '../prisma/migrations'), prefix: o.database });
    const key = await generateSigningKey(o.name);
    const config = loadRegistrationConfig({ DATABASE_URL: db.url, ...kafkaEnvOf(), AUTH_SIGNING_KEY: JSON.stringify(key.privateJwk), SUBJECT_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY.toString('base64'), CASELOAD_CONSUMER: 'off', LOG_LEVEL: 'warn', ...o.env });
    const ref = await Test.createTestingModule({ imports: [RegistrationModule.forConfig(config)] }).compile();
    app = ref.createNestApplication({ logger: ['error'] });
    configureHttpApp(app, REGISTRATION_BODIES); // the body limits main.ts uses
    await app.init();
    issuer = app.get(TokenIssuer);
  });

  afterAll(async () => {
    await Promise.allSettled(consumers.map((c) => c.disconnect()));
    await app?.close();
    await db?.drop();
  });

  const started = (): INestApplication => {
    if (!app) throw new Error('registration is not started: call registrationUnderTest() at the top of the test file');
    return app;
  };

  const http = () => request(started().getHttpServer());
  const as = async (p: Principal) => `Bearer ${await issuer!.issue(p)}`;
  return {
    app: started,
    http,
    as,
    async eventsOn<T>(topic: TopicSpec<T>, keep: (v: T) => boolean, done: (vs: T[]) => boolean): Promise<T[]> {
      const consumer = started().get(KafkaPlatform).kafka.consumer({ groupId: `${o.name}-${randomUUID()}` });
      consumers.push(consumer);
      const got: T[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic: topic.name, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const v = codecFor(topic).decode(message.value);
          if (keep(v)) got.push(v);
        },
      });
      const deadline = Date.now() + 30_000;
      while (!done(got) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      await consumer.disconnect();
      return got;
    },
    count: async (from, ...params) => (await started().get(RegistrationDb).$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${from}`, ...params))[0].n,
    async addMunicipality(by, m) {
      const res = await http().post('/organisations/municipalities').set('Authorization', await as(by)).send({ id: m.id, cbsCode: m.cbsCode ?? randomCbsCode(), oin: randomOin(), name: m.name, validFrom: '2020-01-01' });
      expect([m.name, res.status]).toEqual([m.name, 201]);
    },
  };
}

/** An OIN of the test range that no demo organisation has. */
export const randomOin = (): string => `00000099${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`;

/** A CBS municipality code such as GM4711. */
export const randomCbsCode = (): string => `GM${String(1000 + Math.floor(Math.random() * 8999))}`;
