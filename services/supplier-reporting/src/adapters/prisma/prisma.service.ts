import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import type { HealthIndicator, HealthReport } from '@inkijk/platform';
import { PrismaClient } from '../../generated/prisma/client';

/** The supplier-reporting database through Prisma's pg driver adapter (no native engine). */
@Injectable()
export class ReportingDb extends PrismaClient implements OnModuleDestroy, HealthIndicator {
  readonly name = 'database';

  constructor(databaseUrl: string) {
    super({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  }

  async check(): Promise<HealthReport> {
    await this.$queryRaw`select 1`;
    return { status: 'up' };
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
