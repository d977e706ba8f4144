/** The registration REST API. Every endpoint needs a token except login, JWKS and the OpenAPI document. */
import { Body, Controller, Get, Header, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentPrincipal, meter, parseInput, Principal, Public, TokenIssuer } from '@inkijk/platform';
import { Collaborations } from '../../app/collaborations';
import { Organisations } from '../../app/organisations';
import { Users } from '../../app/users';
import { Whitelists } from '../../app/whitelist';
import { agreementDocument, MAX_AGREEMENT_BYTES } from '../../domain/agreement';
import { LEGAL_DOMAINS, LEGAL_FORMS, LegalDomain, LegalForm } from '../../domain/collaboration';
import { date, today } from '../../domain/dates';
import { Role, ROLES } from '../../domain/users';
import { OPENAPI } from './openapi';

export const JWKS = Symbol('JWKS');

interface UploadedPdf {
  originalname: string;
  buffer: Buffer;
}

const legalForm = z.enum(LEGAL_FORMS as unknown as [LegalForm, ...LegalForm[]]);
const legalDomain = z.enum(LEGAL_DOMAINS as unknown as [LegalDomain, ...LegalDomain[]]);
const role = z.enum(ROLES as unknown as [Role, ...Role[]]);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const uuid = z.string().uuid();
const asOf = (q: string | undefined) => (q ? date(q, 'asOf') : today());
const upload = FileInterceptor('agreement', { limits: { fileSize: MAX_AGREEMENT_BYTES, files: 1, fields: 5 } });

const ProposalSchema = z.object({
  name: z.string().min(1).max(200),
  legalForm,
  executingOrganisationId: uuid,
  legalDomains: z.array(legalDomain),
  members: z.array(z.object({ municipalityId: uuid, effectiveFrom: isoDate })).min(1),
  effectiveFrom: isoDate,
});

function parseJsonField(raw: unknown, field: string): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return parseInput(z.never(), undefined, `${field} field (JSON)`);
  }
}

@Controller()
export class AuthController {
  private readonly logins = meter().createCounter('inkijk_logins', { description: 'Login attempts, by outcome (SUCCEEDED, REFUSED)' });

  constructor(
    private readonly users: Users,
    private readonly issuer: TokenIssuer,
    @Inject(JWKS) private readonly jwks: { keys: unknown[] },
  ) {}

  /** The one login: one account per person; the municipality acted for is chosen per query later. */
  @Public()
  @Post('auth/login')
  @HttpCode(200)
  async login(@Body() body: unknown) {
    const { username, password } = parseInput(z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }), body, 'login');
    const principal = await this.users.authenticate(username, password).catch((e: unknown) => {
      this.logins.add(1, { outcome: 'REFUSED' });
      throw e;
    });
    this.logins.add(1, { outcome: 'SUCCEEDED' });
    const ttl = 8 * 3600;
    return { token: await this.issuer.issue(principal, ttl), expiresIn: ttl, principal };
  }

  @Public()
  @Get('.well-known/jwks.json')
  jwksDocument() {
    return this.jwks;
  }

  @Public()
  @Get('openapi.json')
  openapi() {
    return OPENAPI;
  }

  @Get('me')
  me(@CurrentPrincipal() p: Principal) {
    return p;
  }
}

@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: Organisations) {}

  @Post('municipalities')
  register(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    const input = parseInput(z.object({ cbsCode: z.string(), oin: z.string(), name: z.string().min(1).max(200), validFrom: isoDate, id: uuid.optional() }), body, 'municipality');
    return this.organisations.registerMunicipality(p, input);
  }

  @Get()
  list() {
    return this.organisations.list();
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
    const input = parseInput(ProposalSchema, parseJsonField(raw, 'collaboration'), 'collaboration');
    const doc = agreementDocument(file?.originalname ?? 'agreement.pdf', file?.buffer);
    const c = await this.collaborations.propose(p, { ...input, effectiveFrom: date(input.effectiveFrom), members: input.members.map((m) => ({ ...m, effectiveFrom: date(m.effectiveFrom) })) }, doc);
    return this.collaborations.asOf(p, c.id, c.terms[0].effectiveFrom);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query('asOf') day?: string) {
    return this.collaborations.list(p, asOf(day));
  }

  @Get(':id')
  read(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Query('asOf') day?: string) {
    return this.collaborations.asOf(p, id, asOf(day));
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
    const input = parseInput(z.object({ municipalityId: uuid, role: z.enum(['OUTSOURCING', 'EXECUTING']), signedBy: z.string().min(1).max(200), signedOn: isoDate }), body, 'application');
    return this.collaborations.submitApplication(p, id, { ...input, signedOn: date(input.signedOn) });
  }

  @Post(':id/applications/:applicationId/decision')
  @HttpCode(200)
  decide(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Param('applicationId', ParseUUIDPipe) applicationId: string, @Body() body: unknown) {
    const input = parseInput(z.object({ decision: z.enum(['APPROVED', 'REJECTED']), reason: z.string().max(2000).nullish() }), body, 'decision');
    return this.collaborations.decideApplication(p, id, applicationId, input.decision, input.reason ?? null);
  }

  @Post(':id/activation')
  @HttpCode(200)
  activate(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    const { effectiveFrom } = parseInput(z.object({ effectiveFrom: isoDate }), body, 'activation');
    return this.collaborations.activate(p, id, date(effectiveFrom));
  }

  @Post(':id/members')
  join(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    const input = parseInput(z.object({ municipalityId: uuid, effectiveFrom: isoDate }), body, 'member');
    return this.collaborations.addMember(p, id, input.municipalityId, date(input.effectiveFrom));
  }

  @Post(':id/members/:municipalityId/departure')
  @HttpCode(200)
  leave(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Param('municipalityId', ParseUUIDPipe) municipalityId: string, @Body() body: unknown) {
    const { effectiveTo } = parseInput(z.object({ effectiveTo: isoDate }), body, 'departure');
    return this.collaborations.removeMember(p, id, municipalityId, date(effectiveTo));
  }

  /** multipart/form-data: field "change" (JSON) and optionally file "agreement" (the replaced agreement). */
  @Post(':id/changes')
  @UseInterceptors(upload)
  change(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body('change') raw: unknown, @Body() whole: unknown, @UploadedFile() file: UploadedPdf | undefined) {
    const input = parseInput(
      z.object({ effectiveFrom: isoDate, name: z.string().min(1).max(200).nullish(), legalDomains: z.array(legalDomain).nullish() }),
      raw !== undefined ? parseJsonField(raw, 'change') : whole,
      'change',
    );
    const doc = file ? agreementDocument(file.originalname, file.buffer) : undefined;
    return this.collaborations.changeTerms(p, id, { ...input, effectiveFrom: date(input.effectiveFrom) }, doc);
  }

  @Post(':id/termination')
  @HttpCode(200)
  terminate(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    const input = parseInput(z.object({ effectiveTo: isoDate, reason: z.string().min(1).max(2000) }), body, 'termination');
    return this.collaborations.terminate(p, id, date(input.effectiveTo), input.reason);
  }

  /** The merged whitelist (union of the active members' lists) on a day: its size, and whether it holds one BSN. */
  @Post(':id/whitelist/query')
  @HttpCode(200)
  merged(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    const input = parseInput(z.object({ asOf: isoDate.optional(), bsn: z.string().optional() }), body, 'whitelist query');
    return this.whitelists.mergedForCollaboration(p, id, asOf(input.asOf), input.bsn);
  }
}

@Controller('applications')
export class ApplicationsController {
  constructor(private readonly collaborations: Collaborations) {}

  @Get('pending')
  pending(@CurrentPrincipal() p: Principal) {
    return this.collaborations.pendingApplications(p);
  }
}

@Controller('users')
export class UsersController {
  constructor(private readonly users: Users) {}

  private static tasks = {
    roles: z.array(role),
    permittedProducts: z.array(z.string()).default([]),
    escapeRight: z.boolean().default(false),
  };

  @Post()
  create(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    const input = parseInput(
      z.object({ username: z.string().max(64), displayName: z.string().min(1).max(200), homeMunicipalityId: uuid, password: z.string().max(256), ...UsersController.tasks }),
      body,
      'user',
    );
    return this.users.create(p, input);
  }

  @Put(':id/tasks')
  tasks(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.users.changeTasks(p, id, parseInput(z.object(UsersController.tasks), body, 'tasks'));
  }

  @Post(':id/deactivation')
  @HttpCode(200)
  deactivate(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    const input = parseInput(z.object({ reason: z.string().max(2000).nullish() }), body ?? {}, 'deactivation');
    return this.users.deactivate(p, id, input.reason ?? null);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query('municipalityId') municipalityId?: string) {
    return this.users.list(p, municipalityId ?? p.homeMunicipalityId);
  }
}

@Controller('municipalities/:municipalityId/whitelist')
export class WhitelistController {
  constructor(private readonly whitelists: Whitelists) {}

  /** JSON {bsns: [...], effectiveDate} or text/csv (one BSN per line; ?effectiveDate=YYYY-MM-DD). */
  @Post('import')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  import(@CurrentPrincipal() p: Principal, @Param('municipalityId', ParseUUIDPipe) municipalityId: string, @Body() body: unknown, @Query('effectiveDate') effectiveDate?: string) {
    if (typeof body === 'string') {
      const bsns = body.split(/\r?\n/).map((l) => l.split(/[;,]/)[0].trim()).filter((l) => l && l.toLowerCase() !== 'bsn');
      return this.whitelists.import(p, municipalityId, bsns, parseInput(isoDate, effectiveDate, 'effectiveDate query parameter'));
    }
    const input = parseInput(z.object({ bsns: z.array(z.string()), effectiveDate: isoDate }), body, 'whitelist import');
    return this.whitelists.import(p, municipalityId, input.bsns, input.effectiveDate);
  }

  @Get('count')
  count(@CurrentPrincipal() p: Principal, @Param('municipalityId', ParseUUIDPipe) municipalityId: string, @Query('asOf') day?: string) {
    return this.whitelists.countForMunicipality(p, municipalityId, asOf(day)).then((count) => ({ municipalityId, asOf: asOf(day), count }));
  }
}

export const CONTROLLERS = [AuthController, OrganisationsController, CollaborationsController, ApplicationsController, UsersController, WhitelistController];
