/** The registration REST API. Every endpoint needs a token except login, JWKS and the OpenAPI document. */
import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Header, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Query, Req, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CurrentPrincipal, meter, parseInput, Principal, Public } from '@inkijk/platform';
import { Collaborations } from '../../app/collaborations';
import { Logins } from '../../app/logins';
import { Organisations } from '../../app/organisations';
import { Users } from '../../app/users';
import { Whitelists } from '../../app/whitelist';
import { agreementDocument, MAX_AGREEMENT_BYTES } from '../../domain/agreement';
import { date, today } from '../../domain/dates';
import { knownAt } from '../../domain/known-history';
import { activationBody, applicationBody, changeBody, decisionBody, departureBody, directoryBody, isoDate, loginBody, memberBody, municipalityBody, operatorBody, proposalBody, reasonBody, tasksBody, terminationBody, userBody, usersQuery, whitelistImportBody, whitelistQueryBody } from './routes';
import { GrantsController, pendingAs202 } from './grants.controller';
import { LOGIN_SECURITY_CONTROLLERS, throttledAnswer } from './login-security.controller';
import { LogoutController } from './logout.controller';
import { LoginTokens } from './login-tokens';
import { SourceAddresses } from './source-address';

export const JWKS = Symbol('JWKS');

interface UploadedPdf {
  originalname: string;
  buffer: Buffer;
}

/** A refused login's reason for the metrics: the answer's code (a closed list), never a message or a name. */
export const refusalReason = (e: unknown): string => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z_]{1,39}$/.test(code) ? code : 'ERROR';
};
const asOf = (q: string | undefined) => (q ? date(q, 'asOf') : today());
const upload = FileInterceptor('agreement', { limits: { fileSize: MAX_AGREEMENT_BYTES, files: 1, fields: 5 } });

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
  private readonly logins = meter().createCounter('inkijk_logins', { description: 'Login attempts, by outcome (SUCCEEDED, REFUSED) and, refused, reason (the answer\'s code: INVALID_CREDENTIALS, ACCOUNT_LOCKED, TOO_MANY_ATTEMPTS, ...)' });

  constructor(
    private readonly loginUseCase: Logins,
    private readonly tokens: LoginTokens,
    private readonly sources: SourceAddresses,
    @Inject(JWKS) private readonly jwks: { keys: unknown[] },
  ) {}

  /**
   * The one login: one account per person; the municipality acted for is chosen per query later.
   * Password, and the code of the second factor where the account has one (ADR 0015); an account
   * whose roles require one it has not enrolled gets an enrolment token instead of a login token.
   */
  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async login(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const input = parseInput(loginBody, body, 'login');
    const readFrom = Date.now(); // before the account is read: the token's issue time (ADR 0017)
    const tokenId = randomUUID(); // the session the login records (ADR 0018) and the token carries
    const result = await this.loginUseCase.login({ ...input, source: this.sources.sourceOf(req.socket.remoteAddress, req.headers['x-forwarded-for']), tokenId }).catch((e: unknown) => {
      this.logins.add(1, { outcome: 'REFUSED', reason: refusalReason(e) });
      throw throttledAnswer(e, res);
    });
    this.logins.add(1, { outcome: 'SUCCEEDED' });
    return result.kind === 'SIGNED_IN' ? this.tokens.login(result.principal, readFrom, tokenId) : this.tokens.enrolment(result.principal);
  }

  @Public()
  @Get('.well-known/jwks.json')
  jwksDocument() {
    return this.jwks;
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
    const input = parseInput(municipalityBody, body, 'municipality');
    return this.organisations.registerMunicipality(p, input);
  }

  /** The operator (BKWI): homes the security officers; no CBS code. */
  @Post('operators')
  registerOperator(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    const input = parseInput(operatorBody, body, 'operator');
    return this.organisations.registerOperator(p, input);
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
    const input = parseInput(proposalBody, parseJsonField(raw, 'collaboration'), 'collaboration');
    const doc = agreementDocument(file?.originalname ?? 'agreement.pdf', file?.buffer);
    const c = await this.collaborations.propose(p, { ...input, effectiveFrom: date(input.effectiveFrom), members: input.members.map((m) => ({ ...m, effectiveFrom: date(m.effectiveFrom) })) }, doc);
    return this.collaborations.asOf(p, c.id, c.terms[0].effectiveFrom);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query('asOf') day?: string) {
    return this.collaborations.list(p, asOf(day));
  }

  @Get(':id')
  read(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Query('asOf') day?: string, @Query('knownAt') known?: string) {
    return this.collaborations.asOf(p, id, asOf(day), known === undefined ? undefined : knownAt(known));
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

  /** 201 with the user; 202 with the grant when a sensitive right waits for a second person (ADR 0016). */
  @Post()
  async create(@CurrentPrincipal() p: Principal, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const input = parseInput(userBody, body, 'user');
    return pendingAs202(await this.users.create(p, input), res);
  }

  /** 200 with the user; 202 with the grant when the change grants a sensitive right (ADR 0016). */
  @Put(':id/tasks')
  async tasks(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    return pendingAs202(await this.users.changeTasks(p, id, parseInput(tasksBody, body, 'tasks')), res);
  }

  @Post(':id/deactivation')
  @HttpCode(200)
  deactivate(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    const input = parseInput(reasonBody, body ?? {}, 'deactivation');
    return this.users.deactivate(p, id, input.reason ?? null);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query() query: unknown) {
    const { municipalityId } = parseInput(usersQuery, query ?? {}, 'query');
    return this.users.list(p, municipalityId ?? p.homeMunicipalityId);
  }

  /** Who the actors of the audit log are: names, roles and homes of the ids asked for (unknown ids left out). */
  @Post('directory')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  directory(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    const { userIds } = parseInput(directoryBody, body, 'directory');
    return this.users.directory(p, userIds);
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
    const input = parseInput(whitelistImportBody, body, 'whitelist import');
    return this.whitelists.import(p, municipalityId, input.bsns, input.effectiveDate);
  }

  @Get('count')
  count(@CurrentPrincipal() p: Principal, @Param('municipalityId', ParseUUIDPipe) municipalityId: string, @Query('asOf') day?: string) {
    return this.whitelists.countForMunicipality(p, municipalityId, asOf(day)).then((count) => ({ municipalityId, asOf: asOf(day), count }));
  }
}

export const CONTROLLERS = [AuthController, LogoutController, OrganisationsController, CollaborationsController, ApplicationsController, GrantsController, UsersController, WhitelistController, ...LOGIN_SECURITY_CONTROLLERS];
