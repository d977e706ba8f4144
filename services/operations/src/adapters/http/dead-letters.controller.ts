/**
 * HTTP: GET /dead-letters (the list), POST /dead-letters/replay (a replay run). The security
 * officer only (403 ROLE_REQUIRED for anyone else, from the platform's guard); input validated by
 * the route table's schemas (400 VALIDATION_FAILED), inside the use case so that a refusal is
 * recorded too.
 */
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, parseInput, Principal, RequireRoles } from '@inkijk/platform';
import { DeadLetterRequests } from '../../app/dead-letter-requests';
import { listQuery, replayBody } from './routes';

@Controller('dead-letters')
@RequireRoles('SECURITY_OFFICER')
export class DeadLettersController {
  constructor(private readonly requests: DeadLetterRequests) {}

  @Get()
  list(@CurrentPrincipal() officer: Principal, @Query() query: unknown) {
    return this.requests.list(officer, () => parseInput(listQuery, query ?? {}, 'query'));
  }

  @Post('replay')
  @HttpCode(200)
  replay(@CurrentPrincipal() officer: Principal, @Body() body: unknown) {
    return this.requests.replay(officer, () => parseInput(replayBody, body, 'body'));
  }
}
