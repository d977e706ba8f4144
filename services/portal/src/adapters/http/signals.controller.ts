/**
 * Signalen (ADR 0021): the security officer and mandated persons see signals of misuse from
 * supplier reporting and close them with a reason, with their own token; reporting decides who
 * may see which, records every listing and review, and its refusal is shown on the page.
 */
import { Body, Controller, Get, Param, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError } from '@inkijk/platform';
import type { Answer, Failure, MisuseSignal } from '../../app/ports';
import { signalsPage } from '../../views/signals';
import { PagesFilter, sendPage } from './pages.filter';
import { CurrentSession, ForRoles, Session, SessionGuard } from './session';
import { PageSupport } from './support';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REVIEWERS = ['SECURITY_OFFICER', 'MANDATED_PERSON'] as const;
type Status = 'OPEN' | 'REVIEWED' | 'DISMISSED';
const statusOf = (v: unknown): Status => (v === 'REVIEWED' || v === 'DISMISSED' ? v : 'OPEN');

@Controller()
@UseGuards(SessionGuard)
@UseFilters(PagesFilter)
export class SignalsPageController {
  constructor(private readonly support: PageSupport) {}

  private async page(s: Session, status: Status, message?: string, failure?: Failure) {
    const [signals, names, user] = await Promise.all([this.support.reporting.signals(s.token, status), this.support.names(s), this.support.user(s)]);
    const list = signals.ok ? signals.body.signals : undefined;
    const people = await this.support.people(s, (list ?? []).flatMap((x: MisuseSignal) => [x.workerUserId, x.reviewedBy].filter((id): id is string => typeof id === 'string')));
    return signalsPage({ user, status, signals: list ?? (signals as Failure), names, people, message, failure }).toString();
  }

  @Get('signalen')
  @ForRoles(...REVIEWERS)
  list(@CurrentSession() s: Session, @Query('status') status?: string, @Query('melding') melding?: string) {
    if (status !== undefined && statusOf(status) !== status) throw new ApiError(400, 'INVALID_FILTER', 'status is OPEN, REVIEWED or DISMISSED.');
    return this.page(s, statusOf(status), typeof melding === 'string' ? melding : undefined);
  }

  @Post('signalen/:signalId/beoordeling')
  @ForRoles(...REVIEWERS)
  async review(@CurrentSession() s: Session, @Param('signalId') signalId: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    if (!UUID.test(signalId)) throw new ApiError(404, 'SIGNAL_NOT_FOUND', 'Dit signaal bestaat niet.');
    const decision = body?.besluit === 'REVIEWED' || body?.besluit === 'DISMISSED' ? body.besluit : null;
    const reason = typeof body?.reden === 'string' ? body.reden.trim().slice(0, 500) : '';
    let a: Answer<unknown>;
    if (!decision) a = { ok: false, status: 400, code: 'DECISION_REQUIRED', message: 'Kies beoordeeld of onterecht.' };
    else if (reason.length < 3) a = { ok: false, status: 400, code: 'REASON_REQUIRED', message: 'Geef een reden van minstens 3 tekens.' };
    else a = await this.support.reporting.reviewSignal(s.token, signalId, decision, reason);
    if (a.ok) return res.redirect(303, `/signalen?melding=${decision === 'REVIEWED' ? 'beoordeeld' : 'onterecht'}`);
    sendPage(res, a.status, await this.page(s, 'OPEN', undefined, a));
  }
}
