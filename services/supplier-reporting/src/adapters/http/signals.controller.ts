/**
 * Signals of misuse for the security officer (every one) and mandated persons (their own
 * organisation's): list, read, and close with a reason (issue 22, ADR 0021). Refusals are
 * `{code, message}`, their status from their kind (the platform's error filter): 400 with the
 * field, 403 SIGNALS_FORBIDDEN, 404 SIGNAL_NOT_FOUND (also for a signal the caller may not see),
 * 409 SIGNAL_ALREADY_REVIEWED, 503 AUDIT_TRAIL_UNAVAILABLE.
 */
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, parseInput, Principal } from '@inkijk/platform';
import { SignalReview } from '../../app/signals';
import type { ReviewDecision, SignalStatus } from '../../domain/signals/review';
import type { SignalKind } from '../../domain/signals/signal';
import { reviewBody, signalListQuery, signalParams } from './signals-routes';

@Controller('signals')
export class SignalsController {
  constructor(private readonly review: SignalReview) {}

  @Get()
  async list(@CurrentPrincipal() p: Principal, @Query() query: unknown) {
    const q = parseInput(signalListQuery, query ?? {}, 'query');
    const signals = await this.review.list(p, { status: q.status as SignalStatus | undefined, kind: q.kind as SignalKind | undefined, organisationId: q.organisationId, limit: q.limit ? Number(q.limit) : undefined });
    return { signals };
  }

  @Get(':signalId')
  one(@CurrentPrincipal() p: Principal, @Param() params: unknown) {
    const { signalId } = parseInput(signalParams, params, 'path');
    return this.review.get(p, signalId);
  }

  @Post(':signalId/review')
  @HttpCode(200)
  close(@CurrentPrincipal() p: Principal, @Param() params: unknown, @Body() body: unknown) {
    const { signalId } = parseInput(signalParams, params, 'path');
    const b = parseInput(reviewBody, body ?? {}, 'body');
    return this.review.review(p, signalId, b.decision as ReviewDecision, b.reason);
  }
}
