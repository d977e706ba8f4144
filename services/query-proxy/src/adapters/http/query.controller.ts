/** The Inkijk gateway's HTTP API: the keuzelijst, the products, and the query itself. */
import { Body, Controller, Get, Header, HttpCode, Inject, Post } from '@nestjs/common';
import { z } from 'zod';
import { ESCAPE_REASONS, PRODUCTS } from '@inkijk/contracts';
import { ApiError, CurrentPrincipal, currentTrace, parseInput, Principal, RequireRoles } from '@inkijk/platform';
import { QueryDenied, QueryService } from '../../app/query.service';
import { AuthorizationAdapter } from '../authorization.adapter';

const searchKey = z.discriminatedUnion('type', [
  z.object({ type: z.literal('BSN'), bsn: z.string().max(20) }),
  z.object({ type: z.literal('POSTCODE_HOUSENUMBER'), postcode: z.string().transform((s) => s.replace(/\s/g, '').toUpperCase()).pipe(z.string().regex(/^\d{4}[A-Z]{2}$/, 'a Dutch postcode, e.g. 2011AB')), houseNumber: z.number().int().min(1).max(99999) }),
  z.object({ type: z.literal('NAME_BIRTHDATE'), surname: z.string().min(1).max(200), birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD') }),
]);

const QueryBody = z.object({
  actingForMunicipalityId: z.string().min(1).max(100),
  product: z.string().min(1).max(100),
  legalDomain: z.enum(['PARTICIPATIEWET', 'IOAW', 'IOAZ']),
  searchKey,
  escapeReason: z.string().max(100).nullish(),
});

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
    const request = parseInput(QueryBody, body, 'query');
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
