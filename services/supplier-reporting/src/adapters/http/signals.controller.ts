/**
 * Signals of misuse for the security officer (every one) and mandated persons (their own
 * organisation's): list, read, and close with a reason (issue 22, ADR 0021). Refusals are
 * `{code, message}`: 400 with the field, 403 SIGNALS_FORBIDDEN, 404 SIGNAL_NOT_FOUND (also for a
 * signal the caller may not see), 409 SIGNAL_ALREADY_REVIEWED, 503 AUDIT_TRAIL_UNAVAILABLE.
 */
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiError, CurrentPrincipal, parseInput, Principal } from '@inkijk/platform';
import { SignalReview } from '../../app/signals';
import { ReportingRefusal } from '../../domain/errors';
import type { ReviewDecision, SignalStatus } from '../../domain/signals/review';
import type { SignalKind } from '../../domain/signals/signal';
import { reviewBody, signalListQuery, signalParams } from './signals-routes';

const STATUS = { INVALID: 400, FORBIDDEN: 403, NOT_FOUND: 404, NOT_YET: 409, UNAVAILABLE: 503 } as const;

async function answer<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ReportingRefusal) throw new ApiError(STATUS[e.kind], e.code, e.message);
    throw e;
  }
}

@Controller('signals')
export class SignalsController {
  constructor(private readonly review: SignalReview) {}

  @Get()
  async list(@CurrentPrincipal() p: Principal, @Query() query: unknown) {
    const q = parseInput(signalListQuery, query ?? {}, 'query');
    const signals = await answer(() =>
      this.review.list(p, { status: q.status as SignalStatus | undefined, kind: q.kind as SignalKind | undefined, organisationId: q.organisationId, limit: q.limit ? Number(q.limit) : undefined }),
    );
    return { signals };
  }

  @Get(':signalId')
  one(@CurrentPrincipal() p: Principal, @Param() params: unknown) {
    const { signalId } = parseInput(signalParams, params, 'path');
    return answer(() => this.review.get(p, signalId));
  }

  @Post(':signalId/review')
  @HttpCode(200)
  close(@CurrentPrincipal() p: Principal, @Param() params: unknown, @Body() body: unknown) {
    const { signalId } = parseInput(signalParams, params, 'path');
    const b = parseInput(reviewBody, body ?? {}, 'body');
    return answer(() => this.review.review(p, signalId, b.decision as ReviewDecision, b.reason));
  }
}
