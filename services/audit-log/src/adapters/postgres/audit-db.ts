import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import type { HealthIndicator, HealthReport } from '@inkijk/platform';
import { PrismaClient } from '../../generated/prisma/client';

/**
 * The audit database: one pg pool, connected as inkijk_audit_writer, shared by the Prisma client
 * (pg driver adapter, no native engine; schema and migrations are Prisma's) and by the raw SQL
 * of the hot paths (chunk ingest, reads, verification), which measured faster without Prisma's
 * query layer in between.
 */
@Injectable()
export class AuditDb extends PrismaClient implements OnApplicationShutdown, HealthIndicator {
  readonly name = 'database';

  constructor(
    databaseUrl: string,
    readonly pool: Pool = new Pool({ connectionString: databaseUrl, max: 10 }),
  ) {
    // The adapter carries its own (newer) @types/pg; the runtime pg is the workspace's.
    super({ adapter: new PrismaPg(pool as unknown as ConstructorParameters<typeof PrismaPg>[0]) });
    // An idle client whose connection the database closed (a restart) is dropped by the pool; the
    // error is heard here instead of ending the process. The next query connects anew.
    pool.on('error', () => undefined);
  }

  async check(): Promise<HealthReport> {
    await this.$queryRaw`select 1`;
    return { status: 'up' };
  }

  /** True when the connected role may change or remove log records (e.g. the owner): a warning sign. */
  async mayAlterLog(): Promise<boolean> {
    const rows = await this.$queryRaw<Array<{ u: boolean; d: boolean }>>`select has_table_privilege('audit_record', 'UPDATE') as u, has_table_privilege('audit_record', 'DELETE') as d`;
    return rows[0].u || rows[0].d;
  }

  /** Closed last, after the consumers stopped (AuditLogRuntime.beforeApplicationShutdown). */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    await this.$disconnect();
    await this.pool.end().catch(() => undefined);
  }
}
