/** The Inkijk gateway's HTTP API: the keuzelijst, the products, and the query itself. */
import { Body, Controller, Get, Header, HttpCode, Inject, Post } from '@nestjs/common';
import { ESCAPE_REASONS, PRODUCTS } from '@inkijk/contracts';
import { ReadModelNotReadyError } from '@inkijk/authorization-rules';
import { ApiError, CurrentPrincipal, currentTrace, parseInput, Principal, RequireRoles } from '@inkijk/platform';
import { QueryService } from '../../app/query.service';
import { QueryAttempts } from '../../app/query-attempts';
import type { QueryRequest } from '../../domain/query';
import { AuthorizationAdapter } from '../authorization.adapter';
import { countUnanswered } from '../metrics';
import { queryBody } from './routes';

@Controller()
export class QueryController {
  constructor(
    private readonly queries: QueryService,
    private readonly attempts: QueryAttempts,
    @Inject(AuthorizationAdapter) private readonly authorization: AuthorizationAdapter,
  ) {}

  /** The municipalities the worker may act for now (keuzelijst). */
  @Get('keuzelijst')
  @RequireRoles('WORKER')
  keuzelijst(@CurrentPrincipal() p: Principal) {
    return this.authorization.keuzelijst(p.userId).map((e) => ({ id: e.id, name: e.name, cbsCode: e.cbsCode, own: e.own, legalDomains: e.legalDomains, via: e.via.map((v) => ({ collaborationId: v.collaborationId, name: v.name })) }));
  }

  @Get('products')
  products() {
    return PRODUCTS;
  }

  @Get('escape-reasons')
  escapeReasons() {
    return ESCAPE_REASONS;
  }

  /**
   * One query (bevraging) for the chosen municipality. Data only after the query is logged; a
   * query refused before its decision only after its refusal is recorded (QueryAttempts), so the
   * role is checked here rather than with @RequireRoles, which refuses before the attempt is known.
   */
  @Post('queries')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async query(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    try {
      return await this.answer(p, body);
    } catch (e) {
      countUnanswered(body, e); // every 5xx once, under its outcome (NOT_LOGGED, ...)
      throw e;
    }
  }

  private async answer(p: Principal, body: unknown) {
    // A gateway that has just started knows no municipality until its read model caught up:
    // 503, not a refusal (nor a recorded attempt) for an organisation it has not read yet.
    if (!this.authorization.ready()) throw new ReadModelNotReadyError();
    if (!p.roles.includes('WORKER')) await this.refuse(p, body, new ApiError(403, 'NOT_A_WORKER', 'Only a worker (medewerker) may query: your account does not have that role.'));
    let request: QueryRequest;
    try {
      request = parseInput(queryBody, body, 'query');
    } catch (e) {
      if (e instanceof ApiError) await this.refuse(p, body, e);
      throw e;
    }
    const trace = currentTrace() ?? { traceId: '0'.repeat(32), spanId: '0'.repeat(16) };
    return this.queries.query(p, request, { ...trace, parentSpanId: null });
  }

  /** Records the refused attempt, then refuses (or answers 503 when it cannot be recorded). */
  private async refuse(p: Principal, body: unknown, refusal: ApiError): Promise<never> {
    await this.attempts.refused(p, body, refusal.code);
    throw refusal;
  }
}
