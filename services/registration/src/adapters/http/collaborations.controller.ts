/**
 * Collaborations (samenwerkingsverbanden) over HTTP: proposal with the signed agreement,
 * applications and their decisions, activation, members joining and leaving, changes,
 * termination, the agreements, and the merged whitelist of the members.
 */
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentPrincipal, parseInput, Principal } from '@inkijk/platform';
import { Collaborations } from '../../app/collaborations';
import { Whitelists } from '../../app/whitelist';
import { agreementDocument, MAX_AGREEMENT_BYTES } from '../../domain/agreement';
import { date } from '../../domain/dates';
import { knownAt } from '../../domain/known-history';
import { activationBody, applicationBody, asOfDay, changeBody, decisionBody, departureBody, memberBody, proposalBody, terminationBody, whitelistQueryBody } from './routes';

interface UploadedPdf {
  originalname: string;
  buffer: Buffer;
}

const upload = FileInterceptor('agreement', { limits: { fileSize: MAX_AGREEMENT_BYTES, files: 1, fields: 5 } });

function parseJsonField(raw: unknown, field: string): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return parseInput(z.never(), undefined, `${field} field (JSON)`);
  }
}

@Controller('collaborations')
export class CollaborationsController {
  constructor(
    private readonly collaborations: Collaborations,
    private readonly whitelists: Whitelists,
  ) {}

  /** multipart/form-data: field "collaboration" (JSON) and file "agreement" (PDF). */
  @Post()
  @UseInterceptors(upload)
  async propose(@CurrentPrincipal() p: Principal, @Body('collaboration') raw: unknown, @UploadedFile() file: UploadedPdf | undefined) {
    const input = parseInput(proposalBody, parseJsonField(raw, 'collaboration'), 'collaboration');
    const doc = agreementDocument(file?.originalname ?? 'agreement.pdf', file?.buffer);
    const c = await this.collaborations.propose(p, { ...input, effectiveFrom: date(input.effectiveFrom), members: input.members.map((m) => ({ ...m, effectiveFrom: date(m.effectiveFrom) })) }, doc);
    return this.collaborations.asOf(p, c.id, c.terms[0].effectiveFrom);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query('asOf') day?: string) {
    return this.collaborations.list(p, asOfDay(day));
  }

  @Get(':id')
  read(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Query('asOf') day?: string, @Query('knownAt') known?: string) {
    return this.collaborations.asOf(p, id, asOfDay(day), known === undefined ? undefined : knownAt(known));
  }

  @Get(':id/agreements/:sha256')
  async agreement(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Param('sha256') sha: string, @Res({ passthrough: true }) res: Response) {
    const doc = await this.collaborations.agreement(p, id, sha);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${doc.filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(doc.content);
  }

  @Post(':id/applications')
  submit(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    const input = parseInput(applicationBody, body, 'application');
    return this.collaborations.submitApplication(p, id, { ...input, signedOn: date(input.signedOn) });
  }

  @Post(':id/applications/:applicationId/decision')
  @HttpCode(200)
  decide(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Param('applicationId', ParseUUIDPipe) applicationId: string, @Body() body: unknown) {
    const input = parseInput(decisionBody, body, 'decision');
    return this.collaborations.decideApplication(p, id, applicationId, input.decision, input.reason ?? null);
  }

  @Post(':id/activation')
  @HttpCode(200)
  activate(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    const { effectiveFrom } = parseInput(activationBody, body, 'activation');
    return this.collaborations.activate(p, id, date(effectiveFrom));
  }

  @Post(':id/members')
  join(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    const input = parseInput(memberBody, body, 'member');
    return this.collaborations.addMember(p, id, input.municipalityId, date(input.effectiveFrom));
  }

  @Post(':id/members/:municipalityId/departure')
  @HttpCode(200)
  leave(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Param('municipalityId', ParseUUIDPipe) municipalityId: string, @Body() body: unknown) {
    const { effectiveTo } = parseInput(departureBody, body, 'departure');
    return this.collaborations.removeMember(p, id, municipalityId, date(effectiveTo));
  }

  /** multipart/form-data: field "change" (JSON) and optionally file "agreement" (the replaced agreement). */
  @Post(':id/changes')
  @UseInterceptors(upload)
  change(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body('change') raw: unknown, @Body() whole: unknown, @UploadedFile() file: UploadedPdf | undefined) {
    const input = parseInput(changeBody, raw !== undefined ? parseJsonField(raw, 'change') : whole, 'change');
    const doc = file ? agreementDocument(file.originalname, file.buffer) : undefined;
    return this.collaborations.changeTerms(p, id, { ...input, effectiveFrom: date(input.effectiveFrom) }, doc);
  }

  @Post(':id/termination')
  @HttpCode(200)
  terminate(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    const input = parseInput(terminationBody, body, 'termination');
    return this.collaborations.terminate(p, id, date(input.effectiveTo), input.reason);
  }

  /** The merged whitelist (union of the active members' lists) on a day: its size, and whether it holds one BSN. */
  @Post(':id/whitelist/query')
  @HttpCode(200)
  merged(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    const input = parseInput(whitelistQueryBody, body, 'whitelist query');
    return this.whitelists.mergedForCollaboration(p, id, asOfDay(input.asOf), input.bsn);
  }
}
