/**
 * The registration database through Prisma 7 (pg driver adapter, no native engine), on a fresh
 * database migrated from prisma/migrations.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { createMigratedDatabase } from '@inkijk/prisma-tools/testing';
import { RegistrationDb } from '../src/adapters/prisma/prisma.service';

describe('registration database (Prisma round trip)', () => {
  let db: Awaited<ReturnType<typeof createMigratedDatabase>>;
  let prisma: RegistrationDb;

  beforeAll(async () => {
    db = await createMigratedDatabase({ migrationsDir: path.join(__dirname, '../prisma/migrations'), prefix: 'registration_test' });
    prisma = new RegistrationDb(db.url);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('applies the migrations and records them as Prisma does', () => {
    expect(db.applied.length).toBeGreaterThan(0);
  });

  it('writes and reads an organisation', async () => {
    const id = randomUUID();
    await prisma.organisation.create({
      data: { id, kind: 'MUNICIPALITY', cbsCode: 'GM0392', oin: '00000099000000000392', name: 'Haarlem', validFrom: new Date('2026-01-01') },
    });
    const read = await prisma.organisation.findUniqueOrThrow({ where: { cbsCode: 'GM0392' } });
    expect(read).toMatchObject({ id, name: 'Haarlem', oin: '00000099000000000392', validTo: null });
    expect(await prisma.check()).toEqual({ status: 'up' });
  });

  it('refuses a second organisation with the same OIN (unique constraint from the migration)', async () => {
    await expect(
      prisma.organisation.create({
        data: { id: randomUUID(), kind: 'MUNICIPALITY', cbsCode: 'GM0473', oin: '00000099000000000392', name: 'Zandvoort', validFrom: new Date('2026-01-01') },
      }),
    ).rejects.toThrow(/Unique constraint/);
  });
});
