/**
 * A service's database through its own generated Prisma client and Prisma's pg driver adapter
 * (no native engine), as a Nest provider with a health check and a clean shutdown. Each service
 * that owns a Prisma schema gets its class from here, written once:
 *
 *   export class RegistrationDb extends prismaDatabase(PrismaClient) {}
 */
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import type { HealthIndicator, HealthReport } from '../health/health';

/** What this needs of a generated PrismaClient class. */
export interface GeneratedPrismaClient {
  $queryRawUnsafe(sql: string): Promise<unknown>;
  $disconnect(): Promise<void>;
}

export function prismaDatabase<C extends GeneratedPrismaClient>(Client: new (options: { adapter: PrismaPg }) => C) {
  // A class built from a class given at run time; the cast tells TypeScript it is still that class.
  const Base = Client as unknown as new (options: { adapter: PrismaPg }) => GeneratedPrismaClient;

  @Injectable()
  class PrismaDatabase extends Base implements OnModuleDestroy, HealthIndicator {
    readonly name = 'database';

    constructor(databaseUrl: string) {
      super({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    }

    async check(): Promise<HealthReport> {
      await this.$queryRawUnsafe('select 1');
      return { status: 'up' };
    }

    async onModuleDestroy(): Promise<void> {
      await this.$disconnect();
    }
  }
  return PrismaDatabase as unknown as new (databaseUrl: string) => C & OnModuleDestroy & HealthIndicator;
}
