/**
 * The security officer's screens: applications (approve or reject with a reason) and
 * collaborations (members, effective dates; activation, joining, leaving, changes, termination,
 * each with a date). Every change goes to registration with the officer's own token; its
 * refusal is shown on the page.
 */
import { Body, Controller, Get, Param, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError } from '@inkijk/platform';
import type { Answer, Failure } from '../../app/ports';
import { path } from '../../domain/html';
import { LEGAL_DOMAINS } from '../../domain/labels';
import { ApplicationGroup, applicationsPage, collaborationPage, collaborationsPage } from '../../views/officer';
import { PagesFilter, sendPage } from './pages.filter';
import { CurrentSession, ForRoles, Session, SessionGuard } from './session';
import { PageSupport } from './support';

const str = (v: unknown, max = 2000) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
const isoDate = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : '');
const many = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A collaboration id from the path: anything but a UUID is a page that does not exist (checked before any backend call). */
const collaborationId = (id: string): string => {
  if (!UUID.test(id)) throw new ApiError(404, 'COLLABORATION_NOT_FOUND', 'Dit samenwerkingsverband bestaat niet.');
  return id;
};
/** Collaborations, their members and signed agreements are for the officer and user administrators, not for workers. */
const MANAGERS = ['SECURITY_OFFICER', 'USER_ADMINISTRATOR'] as const;
const refusedDate: Failure = { ok: false, status: 400, code: 'DATE_REQUIRED', message: 'Vul een datum in (jjjj-mm-dd).' };

@Controller()
@UseGuards(SessionGuard)
@UseFilters(PagesFilter)
export class OfficerController {
  constructor(private readonly support: PageSupport) {}

  private async applications(s: Session, message?: string, failure?: Failure) {
    const [pending, names, user] = await Promise.all([this.support.registration.pendingApplications(s.token), this.support.names(s), this.support.user(s)]);
    let groups: ApplicationGroup[] | Failure;
    if (!pending.ok) groups = pending;
    else {
      const ids = [...new Set(pending.body.map((a) => a.collaborationId))];
      groups = await Promise.all(
        ids.map(async (id) => {
          const c = await this.support.registration.collaboration(s.token, id);
          return { collaborationId: id, collaboration: c.ok ? c.body : c, pending: pending.body.filter((a) => a.collaborationId === id) };
        }),
      );
    }
    return applicationsPage({ user, groups, names, message, failure }).toString();
  }

  @Get('aanmeldingen')
  @ForRoles('SECURITY_OFFICER')
  list(@CurrentSession() s: Session, @Query('melding') melding?: string) {
    return this.applications(s, melding);
  }

  @Post('aanmeldingen/:collaborationId/:applicationId/besluit')
  @ForRoles('SECURITY_OFFICER')
  async decide(@CurrentSession() s: Session, @Param('collaborationId') cid: string, @Param('applicationId') aid: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const decision = body?.besluit === 'REJECTED' ? 'REJECTED' : body?.besluit === 'APPROVED' ? 'APPROVED' : null;
    const reason = str(body?.reden) || null;
    let a: Answer<unknown>;
    if (!decision) a = { ok: false, status: 400, code: 'DECISION_REQUIRED', message: 'Kies goedkeuren of afwijzen.' };
    else if (decision === 'REJECTED' && !reason) a = { ok: false, status: 400, code: 'REASON_REQUIRED', message: 'Een afwijzing heeft een reden nodig; de gemeente krijgt die te zien.' };
    else a = await this.support.registration.decide(s.token, cid, aid, decision, reason);
    if (a.ok) return res.redirect(303, `/aanmeldingen?melding=${decision === 'APPROVED' ? 'goedgekeurd' : 'afgewezen'}`);
    sendPage(res, a.status, await this.applications(s, undefined, a));
  }

  private async detail(s: Session, id: string, message?: string, failure?: Failure, lookBack?: { day: string; knownOn?: string }) {
    const cid = collaborationId(id);
    const [c, names, user, municipalities, now, then] = await Promise.all([
      this.support.registration.collaboration(s.token, cid),
      this.support.names(s),
      this.support.user(s),
      this.support.municipalities(s),
      // Looking back: the day as effective with everything known now, and as known then.
      lookBack ? this.support.registration.collaborationOn(s.token, cid, lookBack.day) : undefined,
      lookBack?.knownOn ? this.support.registration.collaborationOn(s.token, cid, lookBack.day, lookBack.knownOn) : undefined,
    ]);
    const back = lookBack && now ? { ...lookBack, now: now.ok ? now.body : now, then: then && (then.ok ? then.body : then) } : undefined;
    return { status: c.ok ? 200 : c.status, page: collaborationPage({ user, c: c.ok ? c.body : c, names, municipalities, message, failure, lookBack: back }).toString() };
  }

  @Get('samenwerkingsverbanden')
  @ForRoles(...MANAGERS)
  async collaborations(@CurrentSession() s: Session) {
    const [list, names, user] = await Promise.all([this.support.registration.collaborations(s.token), this.support.names(s), this.support.user(s)]);
    return collaborationsPage({ user, list: list.ok ? list.body : list, names }).toString();
  }

  @Get('samenwerkingsverbanden/:id')
  @ForRoles(...MANAGERS)
  async collaboration(@CurrentSession() s: Session, @Param('id') id: string, @Res() res: Response, @Query('melding') melding?: string, @Query('peildatum') peildatum?: string, @Query('bekendOp') bekendOp?: string) {
    const isDay = (v?: string) => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v);
    const d = await this.detail(s, id, melding, undefined, isDay(peildatum) ? { day: peildatum!, knownOn: isDay(bekendOp) ? bekendOp : undefined } : undefined);
    sendPage(res, d.status, d.page);
  }

  @Get('samenwerkingsverbanden/:id/overeenkomst/:sha256')
  @ForRoles(...MANAGERS)
  async agreement(@CurrentSession() s: Session, @Param('id') id: string, @Param('sha256') sha: string, @Res() res: Response) {
    const a = await this.support.registration.agreement(s.token, collaborationId(id), sha);
    if (!a.ok) return sendPage(res, a.status, (await this.detail(s, id, undefined, a)).page);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="overeenkomst-${sha.replace(/[^0-9a-f]/gi, '').slice(0, 12)}.pdf"`);
    res.send(a.body.body);
  }

  /** Runs one registration change; success goes back to the collaboration with a message. */
  private async change(s: Session, id: string, res: Response, message: string, work: () => Promise<Answer<unknown>>) {
    collaborationId(id);
    const a = await work();
    if (a.ok) return res.redirect(303, `${path`/samenwerkingsverbanden/${id}`}?melding=${message}`);
    sendPage(res, a.status, (await this.detail(s, id, undefined, a)).page);
  }

  @Post('samenwerkingsverbanden/:id/activering')
  @ForRoles('SECURITY_OFFICER')
  activate(@CurrentSession() s: Session, @Param('id') id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const day = isoDate(body?.datum);
    return this.change(s, id, res, 'geactiveerd', async () => (day ? this.support.registration.activate(s.token, id, day) : refusedDate));
  }

  @Post('samenwerkingsverbanden/:id/leden')
  @ForRoles('SECURITY_OFFICER')
  join(@CurrentSession() s: Session, @Param('id') id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const day = isoDate(body?.datum);
    return this.change(s, id, res, 'lid', async () => (day ? this.support.registration.addMember(s.token, id, str(body?.gemeente, 100), day) : refusedDate));
  }

  @Post('samenwerkingsverbanden/:id/leden/:municipalityId/vertrek')
  @ForRoles('SECURITY_OFFICER')
  leave(@CurrentSession() s: Session, @Param('id') id: string, @Param('municipalityId') mid: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const day = isoDate(body?.datum);
    return this.change(s, id, res, 'vertrek', async () => (day ? this.support.registration.removeMember(s.token, id, mid, day) : refusedDate));
  }

  @Post('samenwerkingsverbanden/:id/wijziging')
  @ForRoles('SECURITY_OFFICER')
  changeTerms(@CurrentSession() s: Session, @Param('id') id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const day = isoDate(body?.datum);
    const name = str(body?.naam, 200);
    const domains = many(body?.domein).filter((d) => (LEGAL_DOMAINS as readonly string[]).includes(d));
    return this.change(s, id, res, 'wijziging', async () =>
      day ? this.support.registration.changeTerms(s.token, id, { effectiveFrom: day, ...(name ? { name } : {}), ...(domains.length ? { legalDomains: domains } : {}) }) : refusedDate,
    );
  }

  @Post('samenwerkingsverbanden/:id/beeindiging')
  @ForRoles('SECURITY_OFFICER')
  terminate(@CurrentSession() s: Session, @Param('id') id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const day = isoDate(body?.datum);
    const reason = str(body?.reden);
    return this.change(s, id, res, 'beeindigd', async () =>
      !day ? refusedDate : !reason ? { ok: false as const, status: 400, code: 'REASON_REQUIRED', message: 'Vul de reden van de beëindiging in.' } : this.support.registration.terminate(s.token, id, day, reason),
    );
  }
}
