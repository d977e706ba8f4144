/**
 * The audit log's HTTP API. Every endpoint needs a token (global guard); which records a caller
 * sees is decided per query by the access policy (domain/access-policy.ts).
 *
 *   GET  /audit/records?municipalityId&from&to&limit&cursor        by municipality and period
 *   GET  /audit/workers/:userId/records?from&to&limit&cursor        by worker
 *   POST /audit/data-subject/records {bsn, from?, to?, limit?, cursor?}  by citizen (BSN in the body)
 *   GET  /audit/traces/:traceId                                     by trace id
 *   GET  /audit/export?from&to&municipalityId&audit=true            JSON lines (Logboek shape)
 *   POST /audit/verify {checkpoints?, useStoredCheckpoints?}        recompute every chain
 *   GET  /audit/checkpoints?chain&limit                             signed checkpoints
 *   GET  /audit/checkpoint-key                                      the checkpoint public key
 *   GET  /audit/completeness?from&to&municipalityId                 the log against the topic
 *
 * The list endpoints take kind / category / action filters. Every search, the export and the
 * verification are recorded as actions before the answer (AuditQueries.recorded).
 */
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentPrincipal, Principal } from '@inkijk/platform';
import { AuditQueries, AuditRead } from '../../app/audit-queries';
import { checkpointFromJson, checkpointToJson } from '../../app/checkpoint-json';
import { CompletenessCheck } from '../../app/completeness';
import { AuditVerifier } from '../../app/verify-log';
import type { RecordKind } from '../../domain/audit-entry';
import { CheckpointSigner } from '../../domain/checkpoint';
import { parsePeriod, Period } from '../../domain/period';
import { CheckpointStore } from '../postgres/checkpoint-store';
import { byMunicipalityQuery, bySubjectBody, byTraceParams, byWorkerParams, byWorkerQuery, checkpointsQuery, completenessQuery, exportQuery, parseRequest as parse, verifyBody } from './routes';

/** The facts of a read's filters and period, for its action record (ids and BSNs stay out). */
function readDetails(query: string, q: { kind?: string; category?: string; action?: string; cursor?: string }, period?: Period): Record<string, string> {
  const d: Record<string, string> = { query };
  // The period as parsed (ISO instants, ms): never the caller's own digits.
  if (period?.from != null) d.from = new Date(period.from).toISOString();
  if (period?.to != null) d.to = new Date(period.to).toISOString();
  for (const k of ['kind', 'category', 'action'] as const) if (q[k] !== undefined) d[k] = q[k]!;
  if (q.cursor !== undefined) d.page = 'next';
  return d;
}

/** A string field of raw input, when it is one (for the record of a refused read). */
const rawField = (raw: unknown, key: string): string | undefined => {
  const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' && v.length <= 200 ? v : undefined;
};

@Controller('audit')
export class AuditController {
  constructor(
    private readonly queries: AuditQueries,
    private readonly verifier: AuditVerifier,
    private readonly checkpoints: CheckpointStore,
    private readonly signer: CheckpointSigner,
    private readonly completeness: CompletenessCheck,
  ) {}

  @Get('records')
  byMunicipality(@CurrentPrincipal() p: Principal, @Query() raw: unknown) {
    const read: AuditRead = { action: 'AUDIT_SEARCHED', municipalityId: rawField(raw, 'municipalityId'), details: { query: 'BY_MUNICIPALITY' } };
    return this.queries.recorded(p, read, async () => {
      const q = parse(byMunicipalityQuery, raw, 'query');
      const period = parsePeriod(q.from, q.to);
      read.details = readDetails('BY_MUNICIPALITY', q, period);
      const page = await this.queries.byMunicipality(p, { ...q, kind: q.kind as RecordKind | undefined, period });
      read.details.records = String(page.records.length);
      return page;
    });
  }

  @Get('workers/:userId/records')
  byWorker(@CurrentPrincipal() p: Principal, @Param() params: unknown, @Query() raw: unknown) {
    const read: AuditRead = { action: 'AUDIT_SEARCHED', objectId: rawField(params, 'userId') ?? null, details: { query: 'BY_WORKER' } };
    return this.queries.recorded(p, read, async () => {
      const { userId } = parse(byWorkerParams, params, 'path');
      const q = parse(byWorkerQuery, raw, 'query');
      const period = parsePeriod(q.from, q.to);
      read.details = readDetails('BY_WORKER', q, period);
      const page = await this.queries.byWorker(p, { ...q, kind: q.kind as RecordKind | undefined, workerUserId: userId, period });
      read.details.records = String(page.records.length);
      return page;
    });
  }

  /** POST, so the BSN travels in the body and never lands in an access log. */
  @Post('data-subject/records')
  @HttpCode(200)
  byDataSubject(@CurrentPrincipal() p: Principal, @Body() raw: unknown) {
    const bsn = rawField(raw, 'bsn');
    const read: AuditRead = { action: 'AUDIT_SUBJECT_SEARCHED', subjectPseudonym: bsn === undefined ? null : this.queries.pseudonymOf(bsn), details: { query: 'BY_DATA_SUBJECT' } };
    return this.queries.recorded(p, read, async () => {
      const b = parse(bySubjectBody, raw, 'body');
      const period = parsePeriod(b.from, b.to);
      read.details = readDetails('BY_DATA_SUBJECT', b, period);
      const page = await this.queries.byDataSubject(p, { ...b, kind: b.kind as RecordKind | undefined, period });
      read.details.records = String(page.records.length);
      return page;
    });
  }

  @Get('traces/:traceId')
  byTrace(@CurrentPrincipal() p: Principal, @Param() params: unknown) {
    const read: AuditRead = { action: 'AUDIT_SEARCHED', objectId: rawField(params, 'traceId') ?? null, details: { query: 'BY_TRACE' } };
    return this.queries.recorded(p, read, async () => {
      const { traceId } = parse(byTraceParams, params, 'path');
      const found = await this.queries.byTrace(p, traceId);
      read.details.records = String(found.records.length);
      return found;
    });
  }

  /** A period as JSON lines, streamed page by page; recorded before the first line is sent. */
  @Get('export')
  async export(@CurrentPrincipal() p: Principal, @Query() raw: unknown, @Res() res: Response): Promise<void> {
    const read: AuditRead = { action: 'AUDIT_EXPORTED', municipalityId: rawField(raw, 'municipalityId'), details: { query: 'EXPORT' } };
    const { iterator, first: firstPage } = await this.queries.recorded(p, read, async () => {
      const q = parse(exportQuery, raw, 'query');
      const period = parsePeriod(q.from, q.to);
      read.details = { ...readDetails('EXPORT', {}, period), audit: q.audit ?? 'false' };
      const lines = this.queries.exportLines(p, { municipalityId: q.municipalityId, period, withAudit: q.audit === 'true' });
      const it = lines[Symbol.asyncIterator]();
      return { iterator: it, first: await it.next() }; // errors before any byte is sent still become a {code, message} answer
    });
    let first = firstPage;
    res.status(200).setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="audit-log.ndjson"');
    let closed = false;
    res.on('close', () => (closed = true));
    try {
      while (!first.done && !closed) {
        if (!res.write(first.value.join('\n') + '\n')) await new Promise((r) => res.once('drain', r));
        first = await iterator.next();
      }
    } finally {
      res.end();
    }
  }

  @Post('verify')
  @HttpCode(200)
  verify(@CurrentPrincipal() p: Principal, @Body() raw: unknown) {
    const read: AuditRead = { action: 'AUDIT_VERIFIED', details: { query: 'VERIFY' } };
    return this.queries.recorded(p, read, async () => {
      this.queries.requireAccess(p, 'VERIFY');
      const b = parse(verifyBody, raw, 'body');
      const stored = b.useStoredCheckpoints === false ? [] : await this.listCheckpoints({});
      const kept = [...stored, ...(b.checkpoints ?? []).map(checkpointFromJson)];
      const report = await this.verifier.verify(kept);
      read.details = { query: 'VERIFY', ok: String(report.ok), checkedRecords: String(report.checkedRecords), chains: String(report.chains) };
      return report;
    });
  }

  /** The log against the attributed-query topic (not the chains): what never reached the log. */
  @Get('completeness')
  checkCompleteness(@CurrentPrincipal() p: Principal, @Query() raw: unknown) {
    const read: AuditRead = { action: 'AUDIT_SEARCHED', municipalityId: rawField(raw, 'municipalityId'), details: { query: 'COMPLETENESS' } };
    return this.queries.recorded(p, read, async () => {
      const q = parse(completenessQuery, raw, 'query');
      const period = parsePeriod(q.from, q.to);
      const municipalityId = this.queries.completenessMunicipality(p, q.municipalityId);
      read.details = readDetails('COMPLETENESS', {}, period);
      const report = await this.completeness.check({ period, municipalityId });
      Object.assign(read.details, { complete: String(report.complete), missing: String(report.missingTotal), extra: String(report.extraTotal) });
      return report;
    });
  }

  @Get('checkpoints')
  async listCheckpointsEndpoint(@CurrentPrincipal() p: Principal, @Query() raw: unknown) {
    this.queries.requireAccess(p, 'CHECKPOINTS');
    const q = parse(checkpointsQuery, raw, 'query');
    return { checkpoints: (await this.listCheckpoints(q)).map(checkpointToJson) };
  }

  /** The key an outside verifier checks checkpoint signatures with (any logged-in caller). */
  @Get('checkpoint-key')
  checkpointKey() {
    return { keyId: this.signer.keyId, algorithm: 'Ed25519', publicKeySpkiBase64: this.signer.publicKeyBase64(), publicKeyPem: this.signer.publicKeyPem() };
  }

  private listCheckpoints(q: { chain?: string; limit?: number }) {
    return this.checkpoints.list(q);
  }
}
