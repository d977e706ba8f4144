/** A NestJS service with the Kafka platform: its broker connection shows on /health/ready. */
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { HealthModule } from '../health/health';
import { ApiErrorFilter } from '../http/errors';
import { KafkaPlatformModule } from './kafka.module';
import { KafkaPlatform } from './kafka-platform';
import { testKafka } from '@inkijk/testing';

@Module({ imports: [HealthModule, KafkaPlatformModule.forRoot({ clientId: 'health-test', ...testKafka(), requireTopics: false })] })
class TestServiceModule {}

describe('KafkaPlatformModule', () => {
  it('reports the producer connection on /health/ready, and down once it disconnects', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [TestServiceModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ApiErrorFilter(app.getHttpAdapter()));
    await app.init();
    try {
      const up = await request(app.getHttpServer()).get('/health/ready');
      expect(up.status).toBe(200);
      expect(up.body.checks.kafka).toEqual({ status: 'up' });

      await app.get(KafkaPlatform).close();
      const down = await request(app.getHttpServer()).get('/health/ready');
      expect(down.status).toBe(503);
      expect(down.body.checks.kafka).toMatchObject({ status: 'down', detail: 'producer: disconnected' });
    } finally {
      await app.close();
    }
  });
});
