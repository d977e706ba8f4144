/** The Inkijk gateway's HTTP API: the keuzelijst, the products, and the query itself. */
import { Body, Controller, Get, Header, HttpCode, Inject, Post } from '@nestjs/common';
import { ESCAPE_REASONS, PRODUCTS } from '@inkijk/contracts';
import { ApiError, CurrentPrincipal, currentTrace, parseInput, Principal, RequireRoles } from '@inkijk/platform';
import { QueryDenied, QueryService } from '../../app/query.service';
import { AuthorizationAdapter } from '../authorization.adapter';
import { queryBody } from './routes';

@Controller()
export class QueryController {
  constructor(
    private readonly queries: QueryService,
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

  /** One query (bevraging) for the chosen municipality. Data only after the query is logged. */
  @Post('queries')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @RequireRoles('WORKER')
  async query(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    const request = parseInput(queryBody, body, 'query');
    const trace = currentTrace() ?? { traceId: '0'.repeat(32), spanId: '0'.repeat(16) };
    try {
      return await this.queries.query(p, request, { ...trace, parentSpanId: null });
    } catch (e) {
      if (e instanceof QueryDenied) {
        throw new ApiError(403, e.code, e.message, { queryId: e.queryId, actingFor: e.actingFor, ...(e.escape ? { escape: e.escape } : {}) });
      }
      throw e;
    }
  }
}
