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
 */
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { ApiError, CurrentPrincipal, parseInput, Principal } from '@inkijk/platform';
import { AuditQueries } from '../../app/audit-queries';
import { checkpointFromJson, checkpointToJson } from '../../app/checkpoint-json';
import { AuditVerifier } from '../../app/verify-log';
import { CheckpointSigner } from '../../domain/checkpoint';
import { parsePeriod } from '../../domain/period';
import { CheckpointStore } from '../prisma/checkpoint-store';
import { byMunicipalityQuery, bySubjectBody, byTraceParams, byWorkerParams, byWorkerQuery, checkpointsQuery, exportQuery, verifyBody } from './routes';

/** The input as the route's schema gives it, or 400 INVALID_REQUEST (or the code the schema names) naming every problem. */
function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  try {
    return parseInput(schema, input ?? {}, what);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') throw new ApiError(400, 'INVALID_REQUEST', e.message);
    throw e;
  }
}

@Controller('audit')
export class AuditController {
  constructor(
    private readonly queries: AuditQueries,
    private readonly verifier: AuditVerifier,
    private readonly checkpoints: CheckpointStore,
    private readonly signer: CheckpointSigner,
  ) {}

  @Get('records')
  byMunicipality(@CurrentPrincipal() p: Principal, @Query() raw: unknown) {
    const q = parse(byMunicipalityQuery, raw, 'query');
    return this.queries.byMunicipality(p, { ...q, period: parsePeriod(q.from, q.to) });
  }

  @Get('workers/:userId/records')
  byWorker(@CurrentPrincipal() p: Principal, @Param() params: unknown, @Query() raw: unknown) {
    const { userId } = parse(byWorkerParams, params, 'path');
    const q = parse(byWorkerQuery, raw, 'query');
    return this.queries.byWorker(p, { ...q, workerUserId: userId, period: parsePeriod(q.from, q.to) });
  }

  /** POST, so the BSN travels in the body and never lands in an access log. */
  @Post('data-subject/records')
  @HttpCode(200)
  byDataSubject(@CurrentPrincipal() p: Principal, @Body() raw: unknown) {
    const b = parse(bySubjectBody, raw, 'body');
    return this.queries.byDataSubject(p, { ...b, period: parsePeriod(b.from, b.to) });
  }

  @Get('traces/:traceId')
  byTrace(@CurrentPrincipal() p: Principal, @Param() params: unknown) {
    const { traceId } = parse(byTraceParams, params, 'path');
    return this.queries.byTrace(p, traceId);
  }

  /** A period as JSON lines, streamed page by page. */
  @Get('export')
  async export(@CurrentPrincipal() p: Principal, @Query() raw: unknown, @Res() res: Response): Promise<void> {
    const q = parse(exportQuery, raw, 'query');
    const lines = this.queries.exportLines(p, { municipalityId: q.municipalityId, period: parsePeriod(q.from, q.to), withAudit: q.audit === 'true' });
    const iterator = lines[Symbol.asyncIterator]();
    let first = await iterator.next(); // errors before any byte is sent still become a {code, message} answer
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
  async verify(@CurrentPrincipal() p: Principal, @Body() raw: unknown) {
    this.queries.requireAccess(p, 'VERIFY');
    const b = parse(verifyBody, raw, 'body');
    const stored = b.useStoredCheckpoints === false ? [] : await this.listCheckpoints({});
    const kept = [...stored, ...(b.checkpoints ?? []).map(checkpointFromJson)];
    return this.verifier.verify(kept);
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
