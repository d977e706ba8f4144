/** The login stores on Prisma, in one interactive transaction per unit of work (with the account stores). */
import { createHash } from 'node:crypto';
import { prismaTransactor } from '@inkijk/platform';
import type { LoginStore, LoginUnitOfWork, SecondFactorRecord } from '../../app/ports';
import type { Prisma } from '../../generated/prisma/client';
import type { RegistrationDb } from './prisma.service';
import { storesFor } from './stores';

type Tx = Prisma.TransactionClient;

/** A 64-bit advisory lock id for a login name's key. */
function lockId(nameKey: string): bigint {
  return createHash('sha256').update(`login:${nameKey}`).digest().readBigInt64BE(0);
}

function secondFactor(r: { userId: string; secret: string | null; enrolledAt: Date | null; lastUsedStep: bigint | null; pendingSecret: string | null; pendingSince: Date | null } | null): SecondFactorRecord | null {
  return r && { ...r, lastUsedStep: r.lastUsedStep === null ? null : Number(r.lastUsedStep) };
}

export function loginStoreFor(tx: Tx): LoginStore {
  return {
    serialise: async (nameKey) => {
      await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1::bigint)', lockId(nameKey));
    },
    counter: async (nameKey) => {
      const c = await tx.loginCounter.findUnique({ where: { nameKey } });
      return c && { failures: c.failures, lastFailureAt: c.lastFailureAt, lockedAt: c.lockedAt };
    },
    saveCounter: async (nameKey, c) => {
      const data = { failures: c.failures, lastFailureAt: c.lastFailureAt, lockedAt: c.lockedAt };
      await tx.loginCounter.upsert({ where: { nameKey }, create: { nameKey, ...data }, update: data });
    },
    clearCounter: async (nameKey) => {
      await tx.loginCounter.deleteMany({ where: { nameKey } });
    },
    secondFactor: async (userId) => secondFactor(await tx.secondFactor.findUnique({ where: { userId } })),
    saveSecondFactor: async (r) => {
      const data = { secret: r.secret, enrolledAt: r.enrolledAt, lastUsedStep: r.lastUsedStep === null ? null : BigInt(r.lastUsedStep), pendingSecret: r.pendingSecret, pendingSince: r.pendingSince };
      await tx.secondFactor.upsert({ where: { userId: r.userId }, create: { userId: r.userId, ...data }, update: data });
    },
    deleteSecondFactor: async (userId) => {
      await tx.secondFactor.deleteMany({ where: { userId } });
    },
    addEvent: async (e) => {
      await tx.loginSecurityEvent.create({ data: { userId: e.userId, kind: e.kind, occurredAt: e.occurredAt, sourceAddress: e.sourceAddress, actorId: e.actorId } });
    },
    events: async (userId, limit) =>
      (await tx.loginSecurityEvent.findMany({ where: { userId }, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], take: limit })).map((e) => ({
        userId: e.userId,
        kind: e.kind,
        occurredAt: e.occurredAt,
        sourceAddress: e.sourceAddress,
        actorId: e.actorId,
      })),
  };
}

/** One Prisma interactive transaction per login unit of work. */
export function prismaLoginUnitOfWork(db: RegistrationDb): LoginUnitOfWork {
  const transactor = prismaTransactor<Tx>(db as never);
  return {
    run: (work) =>
      transactor.transaction((tx) => {
        const s = storesFor(tx);
        return work({ users: s.users, organisations: s.organisations, login: loginStoreFor(tx), record: s.record });
      }),
  };
}
