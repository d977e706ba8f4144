/**
 * Use cases: the searches of the audit log, each checked against the access policy first
 * (domain/access-policy.ts), and the export as Logboek Dataverwerkingen JSON lines.
 */
import { ApiError, pseudonymise } from '@inkijk/platform';
import { AccessRequest, Caller, decideAccess, Scope } from '../domain/access-policy';
import { isBsn } from '@inkijk/contracts';
import { exportLine, LogboekRecord, AuditPart, toAuditPart, toLogboekRecord } from '../domain/logboek';
import type { Period } from '../domain/period';
import { lookupsByOrganisation, OrganisationLookups } from '../domain/subject-view';
import type { AuditStore, RecordSearch, StoredRecord } from '../adapters/prisma/audit-store';

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

export interface PageRequest {
  limit?: number;
  cursor?: string;
}

/** One record in a query answer: the Logboek record with its audit part. */
export type RecordView = LogboekRecord & { audit: AuditPart };

export interface RecordPage {
  records: RecordView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export const toView = (r: StoredRecord): RecordView => ({ ...toLogboekRecord(r), audit: toAuditPart(r) });

export function encodeCursor(r: Pick<StoredRecord, 'startTime' | 'id'>): string {
  return Buffer.from(JSON.stringify([r.startTime, r.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { startTime: number; id: string } {
  try {
    const [startTime, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof startTime === 'number' && typeof id === 'string' && /^\d+$/.test(id)) return { startTime, id };
  } catch {
    // fall through
  }
  throw new ApiError(400, 'INVALID_CURSOR', 'The cursor is not one this service gave out.');
}

export class AuditQueries {
  constructor(
    private readonly store: AuditStore,
    private readonly pseudonymKey: Buffer,
  ) {}

  private scopes(caller: Caller, req: AccessRequest): Scope[] {
    const d = decideAccess(caller, req);
    if (!d.allowed) throw new ApiError(403, d.code, d.message);
    return d.scopes;
  }

  private async page(search: Omit<RecordSearch, 'limit' | 'after'>, page: PageRequest): Promise<RecordPage> {
    const limit = page.limit ?? DEFAULT_PAGE;
    const rows = await this.store.search({ ...search, limit: limit + 1, after: page.cursor ? decodeCursor(page.cursor) : undefined });
    const records = rows.slice(0, limit);
    return { records: records.map(toView), nextCursor: rows.length > limit ? encodeCursor(records[records.length - 1]) : null };
  }

  /** Queries made for a municipality (all the caller may see when none is given), in a period. */
  byMunicipality(caller: Caller, q: { municipalityId?: string; period: Period } & PageRequest): Promise<RecordPage> {
    const scopes = this.scopes(caller, { kind: 'BY_MUNICIPALITY', municipalityId: q.municipalityId });
    return this.page({ scopes, actingForId: q.municipalityId, period: q.period }, q);
  }

  byWorker(caller: Caller, q: { workerUserId: string; period: Period } & PageRequest): Promise<RecordPage> {
    const scopes = this.scopes(caller, { kind: 'BY_WORKER', workerUserId: q.workerUserId });
    return this.page({ scopes, workerUserId: q.workerUserId, period: q.period }, q);
  }

  /**
   * The citizen's view: every query about this BSN the caller may see, and per organisation
   * how often, when and which products. The BSN is only pseudonymised, never stored or logged.
   */
  async byDataSubject(caller: Caller, q: { bsn: string; period: Period } & PageRequest): Promise<RecordPage & { organisations: OrganisationLookups[] }> {
    const scopes = this.scopes(caller, { kind: 'BY_DATA_SUBJECT' });
    if (!isBsn(q.bsn)) throw new ApiError(400, 'INVALID_BSN', 'bsn must be a BSN: 9 digits that pass the 11-proef.');
    const limit = q.limit ?? DEFAULT_PAGE;
    const rows = await this.store.search({
      scopes,
      subjectPseudonym: pseudonymise(q.bsn, this.pseudonymKey),
      period: q.period,
      limit: limit + 1,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
    });
    const records = rows.slice(0, limit);
    return {
      organisations: lookupsByOrganisation(records),
      records: records.map(toView),
      nextCursor: rows.length > limit ? encodeCursor(records[records.length - 1]) : null,
    };
  }

  async byTrace(caller: Caller, traceId: string): Promise<{ records: RecordView[] }> {
    const scopes = this.scopes(caller, { kind: 'BY_TRACE' });
    const rows = await this.store.search({ scopes, traceId, limit: MAX_PAGE });
    if (rows.length === 0) throw new ApiError(404, 'TRACE_NOT_FOUND', 'No audit record you may see has this trace id.');
    return { records: rows.map(toView) };
  }

  /** Checks access, then returns the lines of a period, page by page. */
  exportLines(caller: Caller, q: { municipalityId?: string; period: Period; withAudit: boolean }, pageSize = 2000): AsyncIterable<string[]> {
    const scopes = this.scopes(caller, { kind: 'EXPORT', municipalityId: q.municipalityId });
    const store = this.store;
    return {
      async *[Symbol.asyncIterator]() {
        let after: { startTime: number; id: string } | undefined;
        for (;;) {
          const rows = await store.search({ scopes, actingForId: q.municipalityId, period: q.period, after, limit: pageSize });
          if (rows.length === 0) return;
          yield rows.map((r) => exportLine(r, q.withAudit));
          if (rows.length < pageSize) return;
          after = { startTime: rows[rows.length - 1].startTime, id: rows[rows.length - 1].id };
        }
      },
    };
  }

  /** Access check of the security-officer-only parts. */
  requireAccess(caller: Caller, kind: 'VERIFY' | 'CHECKPOINTS'): void {
    this.scopes(caller, { kind });
  }
}
