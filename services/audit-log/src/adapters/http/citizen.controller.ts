/**
 * The citizen's own view of the audit log (issue 21, ADR 0025):
 *
 *   POST /audit/citizen/records {pseudonym, from?, to?}   Bearer: the citizen's session token
 *   GET  /audit/citizen/subscription                      whether they asked to be told (ADR 0025)
 *   PUT  /audit/citizen/subscription {subscribed}         subscribe or unsubscribe (an action)
 *
 * Not behind the staff guard: the caller is a citizen, authenticated by the citizen token the
 * citizen portal issued after a DigiD login (verified here with CITIZEN_JWKS). The pseudonym in
 * the body must be the token's own subject, so a citizen only ever sees the queries about
 * themselves; staff tokens are refused here, and citizen tokens everywhere else.
 */
import { Body, Controller, Get, HttpCode, Inject, Post, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Refusal } from '@inkijk/contracts';
import { bearerToken, CitizenTokenVerifier, Public } from '@inkijk/platform';
import { AuditQueries } from '../../app/audit-queries';
import { CitizenNotifications } from '../../app/citizen-notifications';
import { parsePeriod } from '../../domain/period';
import { citizenBody, citizenSubscriptionBody, parseRequest } from './routes';

export const CITIZEN_VERIFIER = Symbol('CitizenTokenVerifier');

@Public()
@Controller('audit/citizen')
export class CitizenController {
  constructor(
    private readonly queries: AuditQueries,
    private readonly notifications: CitizenNotifications,
    @Inject(CITIZEN_VERIFIER) private readonly verifier: CitizenTokenVerifier | null,
  ) {}

  @Post('records')
  @HttpCode(200)
  async records(@Req() req: Request, @Body() raw: unknown) {
    const citizen = await this.citizen(req);
    const b = parseRequest(citizenBody, raw, 'body');
    if (b.pseudonym !== citizen.pseudonym) throw new Refusal('FORBIDDEN', 'OTHER_CITIZEN', 'A citizen can only see the queries about themselves.');
    const period = parsePeriod(b.from, b.to);
    return this.queries.citizenView(citizen.pseudonym, { period });
  }

  /** Whether this citizen asked to be told of new queries about them. */
  @Get('subscription')
  async subscription(@Req() req: Request) {
    const citizen = await this.citizen(req);
    return this.notifications.status(citizen.pseudonym);
  }

  /** Subscribes or unsubscribes this citizen; the action commits with the change (through the outbox). */
  @Put('subscription')
  @HttpCode(200)
  async subscribe(@Req() req: Request, @Body() raw: unknown) {
    const citizen = await this.citizen(req);
    const b = parseRequest(citizenSubscriptionBody, raw, 'body');
    return this.notifications.set(citizen.pseudonym, b.subscribed);
  }

  private async citizen(req: Request) {
    if (!this.verifier) throw new Refusal('UNAVAILABLE', 'CITIZEN_VIEW_OFF', 'The citizen view is not configured on this audit log (CITIZEN_JWKS).');
    return this.verifier.verify(bearerToken(req));
  }
}
