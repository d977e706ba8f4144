/**
 * Four eyes in the portal (registration's ADR 0016): the user administrator and the security
 * officer see the grants of sensitive rights waiting for them, and approve or reject them with
 * their own token; registration decides who may (never the requester, never the holder) and its
 * refusal is shown on the page.
 */
import { Body, Controller, Get, Param, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError } from '@inkijk/platform';
import type { Answer, Failure } from '../../app/ports';
import { grantsPage } from '../../views/grants';
import { PagesFilter, sendPage } from './pages.filter';
import { CurrentSession, ForRoles, Session, SessionGuard } from './session';
import { PageSupport } from './support';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MANAGERS = ['SECURITY_OFFICER', 'USER_ADMINISTRATOR'] as const;
const idOf = (id: string): string => {
  if (!UUID.test(id)) throw new ApiError(404, 'GRANT_NOT_FOUND', 'Deze aanvraag bestaat niet.');
  return id;
};

@Controller()
@UseGuards(SessionGuard)
@UseFilters(PagesFilter)
export class GrantsController {
  constructor(private readonly support: PageSupport) {}

  private async grants(s: Session, message?: string, failure?: Failure) {
    const [grants, names, user, products] = await Promise.all([this.support.registration.pendingGrants(s.token), this.support.names(s), this.support.user(s), this.support.productNames(s)]);
    return grantsPage({ user, grants: grants.ok ? grants.body : grants, names, productName: (id) => products[id] ?? id, message, failure }).toString();
  }

  @Get('goedkeuringen')
  @ForRoles(...MANAGERS)
  list(@CurrentSession() s: Session, @Query('melding') melding?: string) {
    return this.grants(s, melding);
  }

  @Post('goedkeuringen/:userId/:grantId/besluit')
  @ForRoles(...MANAGERS)
  async decide(@CurrentSession() s: Session, @Param('userId') userId: string, @Param('grantId') grantId: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const besluit = body?.besluit;
    const reason = typeof body?.reden === 'string' ? body.reden.trim().slice(0, 2000) : '';
    let a: Answer<unknown>;
    if (besluit !== 'APPROVED' && besluit !== 'REJECTED' && besluit !== 'WITHDRAWN') a = { ok: false, status: 400, code: 'DECISION_REQUIRED', message: 'Kies goedkeuren of afwijzen.' };
    else if (besluit === 'REJECTED' && !reason) a = { ok: false, status: 400, code: 'REASON_REQUIRED', message: 'Een afwijzing heeft een reden nodig.' };
    else a = await this.support.registration.decideGrant(s.token, idOf(userId), idOf(grantId), besluit === 'APPROVED' ? 'APPROVED' : 'REJECTED', besluit === 'WITHDRAWN' ? 'Ingetrokken door de aanvrager' : reason || null);
    if (a.ok) return res.redirect(303, `/goedkeuringen?melding=${besluit === 'APPROVED' ? 'goedgekeurd' : besluit === 'WITHDRAWN' ? 'ingetrokken' : 'afgewezen'}`);
    sendPage(res, a.status, await this.grants(s, undefined, a));
  }
}
