/**
 * Downloads and builds are actions (ADR 0018): every report or feed served is recorded on the
 * audit trail before it is sent (fail closed: no record, no document), a refusal (403) of a
 * caller with a valid token is recorded best effort, and an officer's build is recorded once done.
 */
import { isRefusal } from '@inkijk/contracts';
import { actorOf, JsonLogger, Principal } from '@inkijk/platform';
import type { Month } from '../domain/month';
import type { ActionLog } from './ports';

export type DownloadKind = 'generic' | 'running' | 'specific' | 'supplier-feed' | 'rvig-protocol';

/** What was asked for: enough to record the action whether it is served or refused. */
export interface DownloadRequest {
  kind: DownloadKind;
  /** The organisation of the report; undefined for a supplier feed (all organisations: the caller's home is used). */
  organisationId?: string;
  /** The supplier of a feed, as asked. */
  supplier?: string;
  /** The month as asked (the running report has none). */
  month?: Month;
  format: string;
}

const ACTION: Record<DownloadKind, { action: 'REPORT_DOWNLOADED' | 'FEED_DOWNLOADED'; type: 'REPORT' | 'FEED' }> = {
  generic: { action: 'REPORT_DOWNLOADED', type: 'REPORT' },
  running: { action: 'REPORT_DOWNLOADED', type: 'REPORT' },
  specific: { action: 'REPORT_DOWNLOADED', type: 'REPORT' },
  'supplier-feed': { action: 'FEED_DOWNLOADED', type: 'FEED' },
  'rvig-protocol': { action: 'FEED_DOWNLOADED', type: 'FEED' },
};

export class Downloads {
  private readonly log = new JsonLogger('supplier-reporting');

  constructor(private readonly actions: ActionLog) {}

  /**
   * Reads what was asked for and records the download before returning it; the caller sends the
   * document only after this resolved. `idOf` names the document served (e.g. its report id).
   */
  async serve<T>(caller: Principal, request: DownloadRequest, read: () => Promise<T>, idOf: (served: T) => string): Promise<T> {
    const served = await this.refusalsRecorded(caller, request, read);
    const { action, type } = ACTION[request.kind];
    await this.actions.record({
      actor: actorOf(caller),
      actingForId: request.organisationId ?? caller.homeMunicipalityId,
      action,
      object: { type, id: idOf(served) },
      outcome: 'SUCCEEDED',
      details: { kind: request.kind, month: request.month, format: request.format },
    });
    return served;
  }

  /** An officer's (re)build of a report month: recorded once done, before the answer. */
  async build<T extends { created: number; reports: number }>(caller: Principal, month: string, run: () => Promise<T>): Promise<T> {
    const object = { type: 'REPORT', id: `build/${month}` };
    const base = { actor: actorOf(caller), actingForId: caller.homeMunicipalityId, action: 'OTHER' as const, object };
    let result: T;
    try {
      result = await run();
    } catch (e) {
      if (isRefusal(e) && e.kind === 'FORBIDDEN') this.bestEffort({ ...base, outcome: 'REFUSED', reasonCode: e.code, details: { kind: 'build', month } });
      throw e;
    }
    await this.actions.record({ ...base, outcome: 'SUCCEEDED', details: { kind: 'build', month, reports: result.reports, created: result.created } });
    return result;
  }

  /** An officer's completeness check: recorded once done, before the answer (like a build). */
  async completenessChecked<T extends { complete: boolean; missingTotal: number }>(caller: Principal, details: Record<string, string>, run: () => Promise<T>): Promise<T> {
    const base = { actor: actorOf(caller), actingForId: caller.homeMunicipalityId, action: 'OTHER' as const, object: { type: 'REPORT', id: 'completeness' } };
    let result: T;
    try {
      result = await run();
    } catch (e) {
      if (isRefusal(e) && e.kind === 'FORBIDDEN') this.bestEffort({ ...base, outcome: 'REFUSED', reasonCode: e.code, details: { kind: 'completeness', ...details } });
      throw e;
    }
    await this.actions.record({ ...base, outcome: 'SUCCEEDED', details: { kind: 'completeness', ...details, complete: String(result.complete), missing: String(result.missingTotal) } });
    return result;
  }

  private async refusalsRecorded<T>(caller: Principal, request: DownloadRequest, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (e) {
      if (isRefusal(e) && e.kind === 'FORBIDDEN') {
        const { action, type } = ACTION[request.kind];
        const supplier = request.supplier?.replace(/[^A-Za-z0-9_-]/g, '_');
        const id = [request.kind, request.organisationId ?? supplier, request.month].filter(Boolean).join('/').slice(0, 200);
        this.bestEffort({
          actor: actorOf(caller),
          actingForId: request.organisationId ?? caller.homeMunicipalityId,
          action,
          object: { type, id },
          outcome: 'REFUSED',
          reasonCode: e.code,
          details: { kind: request.kind, month: request.month, format: request.format },
        });
      }
      throw e;
    }
  }

  /** A refusal is recorded without holding up the answer; a failure to record it is logged. */
  private bestEffort(record: Parameters<ActionLog['record']>[0]): void {
    this.actions.record(record).catch((e: Error) => this.log.warn(`a refused ${record.object.type.toLowerCase()} action was not recorded: ${e.message}`));
  }
}
