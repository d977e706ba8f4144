/**
 * Status (issue 24): the security officer's view of the system, from the operations service's
 * GET /status with the officer's own token (operations decides who may see it and records the
 * read). `?spoor=<trace id>` links that trace in the trace UI (TRACE_UI_URL).
 */
import { Controller, Get, Inject, Optional, Query, UseFilters, UseGuards } from '@nestjs/common';
import { Operations, OPERATIONS } from '../../app/ports';
import { statusPage } from '../../views/status';
import { TRACE_UI_URL } from './audit-reports.controller';
import { PagesFilter } from './pages.filter';
import { CurrentSession, ForRoles, Session, SessionGuard } from './session';
import { PageSupport } from './support';

@Controller()
@UseGuards(SessionGuard)
@UseFilters(PagesFilter)
export class StatusPageController {
  constructor(
    private readonly support: PageSupport,
    @Inject(OPERATIONS) private readonly operations: Operations,
    @Optional() @Inject(TRACE_UI_URL) private readonly traceUiUrl?: string,
  ) {}

  @Get('status')
  @ForRoles('SECURITY_OFFICER')
  async status(@CurrentSession() s: Session, @Query('spoor') spoor?: unknown) {
    const [status, user] = await Promise.all([this.operations.status(s.token), this.support.user(s)]);
    const traceId = typeof spoor === 'string' ? spoor.slice(0, 100) : undefined;
    return statusPage({ user, status: status.ok ? status.body : status, traceUiUrl: this.traceUiUrl || undefined, traceId }).toString();
  }
}
