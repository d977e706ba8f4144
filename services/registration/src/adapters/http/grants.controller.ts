/**
 * Four eyes over HTTP (ADR 0016): grants of sensitive rights waiting for a second person, and
 * their approval or rejection. Creating an account or changing tasks answers 202 with the grant
 * when it waits.
 */
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentPrincipal, parseInput, Principal } from '@inkijk/platform';
import { Grants, isPendingGrant } from '../../app/grants';
import { reasonBody } from './routes';

/** A change that waits for a second person is accepted, not done: 202 Accepted. */
export function pendingAs202<T>(answer: T, res: Response): T {
  if (isPendingGrant(answer)) res.status(202);
  return answer;
}

@Controller('users')
export class GrantsController {
  constructor(private readonly grants: Grants) {}

  /** Grants the caller may approve (mayApprove), and the caller's own requests. */
  @Get('grants/pending')
  pending(@CurrentPrincipal() p: Principal) {
    return this.grants.pending(p);
  }

  @Post(':id/grants/:grantId/approval')
  @HttpCode(200)
  approve(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Param('grantId', ParseUUIDPipe) grantId: string) {
    return this.grants.approve(p, id, grantId);
  }

  @Post(':id/grants/:grantId/rejection')
  @HttpCode(200)
  reject(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Param('grantId', ParseUUIDPipe) grantId: string, @Body() body: unknown) {
    const input = parseInput(reasonBody, body ?? {}, 'rejection');
    return this.grants.reject(p, id, grantId, input.reason ?? null);
  }
}
