/**
 * The citizen's own view of the audit log (issue 21, ADR 0025):
 *
 *   POST /audit/citizen/records {pseudonym, from?, to?}   Bearer: the citizen's session token
 *
 * Not behind the staff guard: the caller is a citizen, authenticated by the citizen token the
 * citizen portal issued after a DigiD login (verified here with CITIZEN_JWKS). The pseudonym in
 * the body must be the token's own subject, so a citizen only ever sees the queries about
 * themselves; staff tokens are refused here, and citizen tokens everywhere else.
 */
import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { ApiError, bearerToken, CitizenTokenVerifier, parseInput, Public } from '@inkijk/platform';
import { AuditQueries } from '../../app/audit-queries';
import { parsePeriod } from '../../domain/period';
import { citizenBody } from './routes';

export const CITIZEN_VERIFIER = Symbol('CitizenTokenVerifier');

@Public()
@Controller('audit/citizen')
export class CitizenController {
  constructor(
    private readonly queries: AuditQueries,
    @Inject(CITIZEN_VERIFIER) private readonly verifier: CitizenTokenVerifier | null,
  ) {}

  @Post('records')
  @HttpCode(200)
  async records(@Req() req: Request, @Body() raw: unknown) {
    if (!this.verifier) throw new ApiError(503, 'CITIZEN_VIEW_OFF', 'The citizen view is not configured on this audit log (CITIZEN_JWKS).');
    const citizen = await this.verifier.verify(bearerToken(req));
    let b: z.infer<typeof citizenBody>;
    try {
      b = parseInput(citizenBody, raw ?? {}, 'body');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') throw new ApiError(400, 'INVALID_REQUEST', e.message);
      throw e;
    }
    if (b.pseudonym !== citizen.pseudonym) throw new ApiError(403, 'OTHER_CITIZEN', 'A citizen can only see the queries about themselves.');
    const period = parsePeriod(b.from, b.to);
    return this.queries.citizenView(citizen.pseudonym, { period });
  }
}
