/**
 * The registration stores on Prisma, inside one interactive transaction per unit of work.
 * Dates are stored as SQL DATE and travel as ISO strings.
 */
import type { SqlQuery } from '@inkijk/platform';
import { addActivityToOutbox, addToOutbox, prismaTransactor } from '@inkijk/platform';
import type { TopicSpec } from '@inkijk/contracts';
import type { Change, Collaboration, Membership, Terms } from '../../domain/collaboration';
import type { IsoDate } from '../../domain/dates';
import type { GrantRecord, MunicipalityRecord, Stores, UnitOfWork, UserRecord } from '../../app/ports';
import type { Prisma, RightsGrant, UserAccount } from '../../generated/prisma/client';
import type { RegistrationDb } from './prisma.service';

type Tx = Prisma.TransactionClient;

const iso = (d: Date): IsoDate => d.toISOString().slice(0, 10) as IsoDate;
const isoOrNull = (d: Date | null): IsoDate | null => (d ? iso(d) : null);
const day = (s: string): Date => new Date(`${s}T00:00:00Z`);
const dayOrNull = (s: string | null): Date | null => (s ? day(s) : null);

/** Ids are UUIDs (the columns' type): anything else, such as a token's user or home claim, names no row. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Raw SQL inside the Prisma transaction (for the outbox). */
export const sqlOf = (tx: Tx): SqlQuery => (sql, params) => tx.$queryRawUnsafe(sql, ...params);

function organisation(o: { id: string; kind: MunicipalityRecord['kind']; cbsCode: string | null; oin: string; name: string; validFrom: Date; validTo: Date | null }): MunicipalityRecord {
  return { id: o.id, kind: o.kind, cbsCode: o.cbsCode, oin: o.oin, name: o.name, validFrom: iso(o.validFrom), validTo: isoOrNull(o.validTo) };
}

export function storesFor(tx: Tx): Stores {
  return {
    organisations: {
      byId: async (id) => {
        if (!UUID.test(id)) return null;
        const o = await tx.organisation.findUnique({ where: { id } });
        return o && organisation(o);
      },
      byCbsCode: async (cbsCode) => {
        const o = await tx.organisation.findUnique({ where: { cbsCode } });
        return o && organisation(o);
      },
      existsWithOinOrCode: async (oin, cbsCode) => (await tx.organisation.count({ where: { OR: [{ oin }, ...(cbsCode ? [{ cbsCode }] : [])] } })) > 0,
      create: async (o) => {
        await tx.organisation.create({ data: { id: o.id, kind: o.kind, cbsCode: o.cbsCode, oin: o.oin, name: o.name, validFrom: day(o.validFrom), validTo: dayOrNull(o.validTo) } });
      },
      list: async () => (await tx.organisation.findMany({ orderBy: { name: 'asc' } })).map(organisation),
      operatorId: async () => (await tx.organisation.findFirst({ where: { kind: 'OPERATOR' }, orderBy: { createdAt: 'asc' }, select: { id: true } }))?.id ?? null,
    },

    collaborations: {
      lock: async (id) => {
        const rows = await tx.$queryRawUnsafe<Array<{ sequence: number }>>('SELECT sequence FROM collaboration WHERE id = $1::uuid FOR UPDATE', id);
        if (rows.length === 0) return null;
        const c = await loadCollaboration(tx, id);
        return c && { collaboration: c, sequence: rows[0].sequence };
      },
      load: (id) => loadCollaboration(tx, id),
      listIds: async (memberOf) =>
        (
          await tx.collaboration.findMany({
            where: memberOf ? { memberships: { some: { municipalityId: memberOf } } } : {},
            select: { id: true },
            orderBy: { createdAt: 'asc' },
          })
        ).map((c) => c.id),
      record: async (before, after, change, by, extra) => {
        if (!before) {
          await tx.collaboration.create({
            data: { id: after.id, legalForm: after.legalForm, executingOrganisationId: after.executingOrganisationId, status: after.status, sequence: change ? 1 : 0, createdBy: by },
          });
        }
        if (extra.document) {
          await tx.agreementDocument.upsert({
            where: { collaborationId_sha256: { collaborationId: after.id, sha256: extra.document.sha256 } },
            create: { sha256: extra.document.sha256, collaborationId: after.id, filename: extra.document.filename, sizeBytes: extra.document.content.length, content: new Uint8Array(extra.document.content), uploadedBy: by },
            update: {},
          });
        }
        // The change as reported (bitemporal history), under the sequence of its event.
        const logChange = async (sequence: number) => {
          if (change) await tx.collaborationChange.create({ data: { collaborationId: after.id, sequence, change: change as unknown as Prisma.InputJsonValue, recordedBy: by } });
          return sequence;
        };
        if (!before) {
          await writeTerms(tx, after.id, after.terms, by);
          await writeMemberships(tx, after.id, after.memberships, [], by);
          return logChange(change ? 1 : 0);
        }
        await writeTerms(tx, after.id, after.terms.slice(before.terms.length), by);
        await writeMemberships(tx, after.id, after.memberships, before.memberships, by);
        for (const a of after.applications) {
          const old = before.applications.find((x) => x.id === a.id);
          if (!old) {
            const form = extra.form!;
            await tx.application.create({ data: { id: a.id, collaborationId: after.id, municipalityId: a.municipalityId, role: a.role, status: a.status, signedBy: form.signedBy, signedOn: day(form.signedOn), submittedBy: by } });
          } else if (old.status !== a.status) {
            await tx.application.update({ where: { id: a.id }, data: { status: a.status, decisionReason: a.reason, decidedBy: by, decidedAt: new Date() } });
          }
        }
        const updated = await tx.collaboration.update({
          where: { id: after.id },
          data: {
            status: after.status,
            activeFrom: dayOrNull(after.activeFrom),
            endsOn: dayOrNull(after.endsOn),
            terminationReason: after.terminationReason,
            ...(change ? { sequence: { increment: 1 } } : {}),
          },
          select: { sequence: true },
        });
        return logChange(updated.sequence);
      },
      changes: async (id) =>
        (await tx.collaborationChange.findMany({ where: { collaborationId: id }, orderBy: { sequence: 'asc' } })).map((r) => ({
          sequence: r.sequence,
          change: r.change as unknown as Change,
          recordedAt: r.recordedAt,
          recordedBy: r.recordedBy,
        })),
      applications: async (status) =>
        (await tx.application.findMany({ where: status ? { status } : {}, orderBy: { submittedAt: 'asc' } })).map((a) => ({
          id: a.id,
          collaborationId: a.collaborationId,
          municipalityId: a.municipalityId,
          role: a.role,
          status: a.status,
          signedBy: a.signedBy,
          signedOn: iso(a.signedOn),
          submittedAt: a.submittedAt,
          decisionReason: a.decisionReason,
        })),
      agreement: async (collaborationId, sha256) => {
        const d = await tx.agreementDocument.findFirst({ where: { collaborationId, sha256 } });
        return d && { filename: d.filename, content: Buffer.from(d.content), sha256: d.sha256 };
      },
    },

    users: {
      byId: async (id) => (UUID.test(id) ? user(await tx.userAccount.findUnique({ where: { id } })) : null),
      byUsername: async (username) => user(await tx.userAccount.findUnique({ where: { username } })),
      create: async (u, by) => {
        await tx.userAccount.create({ data: { ...userData(u), createdBy: by } });
      },
      update: async (u) => {
        await tx.userAccount.update({ where: { id: u.id }, data: { ...userData(u), deactivatedAt: u.active ? null : new Date() } });
      },
      listByMunicipality: async (homeMunicipalityId) => (UUID.test(homeMunicipalityId) ? await tx.userAccount.findMany({ where: { homeMunicipalityId }, orderBy: { username: 'asc' } }) : []).map((u) => user(u)!),
      lock: async (id) => {
        const rows = await tx.$queryRawUnsafe<unknown[]>('SELECT 1 FROM user_account WHERE id = $1::uuid FOR UPDATE', id);
        return rows.length === 0 ? null : user(await tx.userAccount.findUnique({ where: { id } }));
      },
      directory: async (ids) => {
        const wanted = [...new Set(ids)].filter((id) => UUID.test(id));
        if (wanted.length === 0) return [];
        const rows = await tx.userAccount.findMany({ where: { id: { in: wanted } }, include: { homeMunicipality: { select: { name: true } } }, orderBy: { username: 'asc' } });
        return rows.map((u) => ({ userId: u.id, displayName: u.displayName, roles: u.roles, homeOrganisationId: u.homeMunicipalityId, homeOrganisationName: u.homeMunicipality.name }));
      },
    },

    grants: {
      create: async (g) => {
        await tx.rightsGrant.create({
          data: {
            id: g.id,
            userId: g.userId,
            homeMunicipalityId: g.homeMunicipalityId,
            account: g.account,
            roles: g.requested.roles,
            permittedProducts: g.requested.permittedProducts,
            escapeRight: g.requested.escapeRight,
            sensitiveRights: g.sensitiveRights,
            username: g.username,
            displayName: g.displayName,
            passwordHash: g.passwordHash,
            pendingUsername: g.status === 'PENDING' ? g.username : null,
            status: g.status,
            requestedBy: g.requestedBy,
            requestedAt: g.requestedAt,
          },
        });
      },
      lock: async (id) => {
        const rows = await tx.$queryRawUnsafe<unknown[]>('SELECT 1 FROM rights_grant WHERE id = $1::uuid FOR UPDATE', id);
        return rows.length === 0 ? null : grant(await tx.rightsGrant.findUnique({ where: { id } }));
      },
      decide: async (g) => {
        await tx.rightsGrant.update({
          where: { id: g.id },
          data: { status: g.status, decidedBy: g.decidedBy, decidedAt: g.decidedAt, decisionReason: g.reason, passwordHash: null, pendingUsername: null },
        });
      },
      pending: async () => (await tx.rightsGrant.findMany({ where: { status: 'PENDING' }, orderBy: { requestedAt: 'asc' } })).map((g) => grant(g)!),
      pendingFor: async (userId) => (await tx.rightsGrant.findMany({ where: { userId, status: 'PENDING' }, orderBy: { requestedAt: 'asc' } })).map((g) => grant(g)!),
      usernameReserved: async (username) => (await tx.rightsGrant.count({ where: { pendingUsername: username } })) > 0,
    },

    whitelist: {
      openEntries: async (municipalityId, bsns) =>
        (
          await tx.whitelistEntry.findMany({ where: { municipalityId, bsn: { in: bsns }, effectiveTo: null } })
        ).map((e) => ({ id: e.id, bsn: e.bsn, from: iso(e.effectiveFrom), to: isoOrNull(e.effectiveTo) })),
      add: async (municipalityId, entries, source) => {
        if (entries.length === 0) return;
        await tx.whitelistEntry.createMany({ data: entries.map((e) => ({ municipalityId, bsn: e.bsn, effectiveFrom: day(e.from), source })) });
      },
      close: async (id, to) => {
        await tx.whitelistEntry.update({ where: { id }, data: { effectiveTo: day(to) } });
      },
      count: async (municipalityIds, on) => {
        if (municipalityIds.length === 0) return 0;
        const rows = await tx.$queryRawUnsafe<Array<{ n: number }>>(
          'SELECT count(DISTINCT bsn)::int AS n FROM whitelist_entry WHERE municipality_id = ANY($1::uuid[]) AND effective_from <= $2::date AND (effective_to IS NULL OR effective_to > $2::date)',
          municipalityIds,
          on,
        );
        return rows[0].n;
      },
      contains: async (municipalityIds, bsn, on) => {
        if (municipalityIds.length === 0) return false;
        const rows = await tx.$queryRawUnsafe<unknown[]>(
          'SELECT 1 FROM whitelist_entry WHERE municipality_id = ANY($1::uuid[]) AND bsn = $2 AND effective_from <= $3::date AND (effective_to IS NULL OR effective_to > $3::date) LIMIT 1',
          municipalityIds,
          bsn,
          on,
        );
        return rows.length > 0;
      },
    },

    announce: <T>(topic: TopicSpec<T>, value: T) => addToOutbox(sqlOf(tx), topic, value),
    record: async (action) => {
      await addActivityToOutbox(sqlOf(tx), 'registration', action);
    },
  };
}

function userData(u: UserRecord) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    homeMunicipalityId: u.homeMunicipalityId,
    roles: u.roles,
    permittedProducts: u.permittedProducts,
    escapeRight: u.escapeRight,
    active: u.active,
    passwordHash: u.passwordHash,
  };
}

function user(u: UserAccount | null): UserRecord | null {
  if (!u) return null;
  return { id: u.id, username: u.username, displayName: u.displayName, homeMunicipalityId: u.homeMunicipalityId, roles: u.roles, permittedProducts: u.permittedProducts, escapeRight: u.escapeRight, active: u.active, passwordHash: u.passwordHash };
}

function grant(g: RightsGrant | null): GrantRecord | null {
  if (!g) return null;
  return {
    id: g.id,
    userId: g.userId,
    homeMunicipalityId: g.homeMunicipalityId,
    account: g.account,
    requested: { roles: g.roles, permittedProducts: g.permittedProducts, escapeRight: g.escapeRight },
    sensitiveRights: g.sensitiveRights,
    requestedBy: g.requestedBy,
    requestedAt: g.requestedAt,
    status: g.status,
    decidedBy: g.decidedBy,
    decidedAt: g.decidedAt,
    reason: g.decisionReason,
    username: g.username,
    displayName: g.displayName,
    passwordHash: g.passwordHash,
  };
}

async function writeTerms(tx: Tx, collaborationId: string, terms: Terms[], by: string) {
  for (const t of terms) {
    await tx.collaborationTerms.create({ data: { collaborationId, effectiveFrom: day(t.effectiveFrom), name: t.name, legalDomains: t.legalDomains, agreementSha256: t.agreementSha256, recordedBy: by } });
  }
}

async function writeMemberships(tx: Tx, collaborationId: string, after: Membership[], before: Membership[], by: string) {
  for (const m of after) {
    const old = before.find((b) => b.municipalityId === m.municipalityId && b.from === m.from);
    if (!old) {
      await tx.membership.create({ data: { id: globalThis.crypto.randomUUID(), collaborationId, municipalityId: m.municipalityId, effectiveFrom: day(m.from), effectiveTo: dayOrNull(m.to), recordedBy: by } });
    } else if (old.to !== m.to) {
      await tx.membership.updateMany({ where: { collaborationId, municipalityId: m.municipalityId, effectiveFrom: day(m.from) }, data: { effectiveTo: dayOrNull(m.to) } });
    }
  }
}

async function loadCollaboration(tx: Tx, id: string): Promise<Collaboration | null> {
  const c = await tx.collaboration.findUnique({
    where: { id },
    include: { terms: { orderBy: { effectiveFrom: 'asc' } }, memberships: { orderBy: [{ effectiveFrom: 'asc' }, { recordedAt: 'asc' }] }, applications: { orderBy: { submittedAt: 'asc' } } },
  });
  if (!c) return null;
  return {
    id: c.id,
    legalForm: c.legalForm,
    executingOrganisationId: c.executingOrganisationId,
    status: c.status,
    activeFrom: isoOrNull(c.activeFrom),
    endsOn: isoOrNull(c.endsOn),
    terminationReason: c.terminationReason,
    terms: c.terms.map((t) => ({ effectiveFrom: iso(t.effectiveFrom), name: t.name, legalDomains: t.legalDomains, agreementSha256: t.agreementSha256 })),
    memberships: c.memberships.map((m) => ({ municipalityId: m.municipalityId, from: iso(m.effectiveFrom), to: isoOrNull(m.effectiveTo) })),
    applications: c.applications.map((a) => ({ id: a.id, municipalityId: a.municipalityId, role: a.role, status: a.status, reason: a.decisionReason })),
  };
}

/** One Prisma interactive transaction per unit of work. */
export function prismaUnitOfWork(db: RegistrationDb): UnitOfWork {
  const transactor = prismaTransactor<Tx>(db as never);
  return { run: (work) => transactor.transaction((tx) => work(storesFor(tx))) };
}
