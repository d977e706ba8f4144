/**
 * The worker's screens: Bevraging (form and results, the escape flow) and Mijn recente
 * bevragingen. The municipality is chosen per query from the keuzelijst; the session (one
 * login) is never touched by switching.
 */
import { Body, Controller, Get, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { GatewayDenialDetails } from '@inkijk/contracts';
import type { Failure } from '../../app/ports';
import { EMPTY_FORM, formValues, parseQueryForm } from '../../domain/query-form';
import { readEntries } from '../../domain/audit-entries';
import { recentPage } from '../../views/audit';
import { QueryOutcomeView, queryPage } from '../../views/query';
import { PagesFilter, sendPage } from './pages.filter';
import { CurrentSession, ForRoles, Session, SessionGuard } from './session';
import { PageSupport } from './support';

export const RECENT_DAYS = 30;

@Controller()
@UseGuards(SessionGuard)
@UseFilters(PagesFilter)
@ForRoles('WORKER')
export class WorkerController {
  constructor(private readonly support: PageSupport) {}

  private async lists(s: Session) {
    const [keuzelijst, products, reasons] = await Promise.all([this.support.gateway.keuzelijst(s.token), this.support.gateway.products(s.token), this.support.gateway.escapeReasons(s.token)]);
    const own = keuzelijst.ok ? keuzelijst.body.find((e) => e.own) : undefined;
    const user = await this.support.user(s, own?.name);
    return {
      user,
      keuzelijst: keuzelijst.ok ? keuzelijst.body : (keuzelijst as Failure),
      products: products.ok ? products.body : (products as Failure),
      escapeReasons: reasons.ok ? reasons.body : [],
      ownId: own?.id ?? '',
    };
  }

  @Get('bevraging')
  async form(@CurrentSession() s: Session) {
    const l = await this.lists(s);
    return queryPage({ ...l, values: { ...EMPTY_FORM, gemeente: l.ownId } }).toString();
  }

  @Post('bevraging')
  async query(@CurrentSession() s: Session, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const l = await this.lists(s);
    const keuzelijst = Array.isArray(l.keuzelijst) ? l.keuzelijst : [];
    const products = Array.isArray(l.products) ? l.products : [];
    const parsed = parseQueryForm(body ?? {}, { municipalities: keuzelijst.map((e) => e.id), products, escapeReasons: l.escapeReasons.map((r) => r.code) });
    if (!parsed.ok) {
      return sendPage(res, 400, queryPage({ ...l, values: { ...formValues(body ?? {}), gemeente: parsed.values.gemeente || l.ownId }, problems: parsed.problems }));
    }
    const actingForName = keuzelijst.find((e) => e.id === parsed.query.actingForMunicipalityId)?.name ?? parsed.query.actingForMunicipalityId;
    const at = Date.now();
    const a = await this.support.gateway.query(s.token, parsed.query);
    let outcome: QueryOutcomeView;
    let status = 200;
    if (a.ok) {
      outcome = { kind: 'answer', answer: a.body, at, escapeReason: parsed.query.escapeReason };
    } else if (a.status === 403 && a.code !== 'ROLE_REQUIRED' && a.code !== 'NOT_A_WORKER') {
      const d = (a.details ?? {}) as GatewayDenialDetails;
      outcome = { kind: 'denied', code: a.code, message: a.message, actingForName: d.actingFor?.name ?? actingForName, escape: d.escape ?? null, queryId: d.queryId, at };
      status = 403;
    } else {
      outcome = { kind: 'failed', failure: a, actingForName };
      status = a.status >= 400 && a.status < 600 ? a.status : 502;
    }
    // The form keeps the query (also the chosen municipality), except a one-off escape reason.
    sendPage(res, status, queryPage({ ...l, values: { ...parsed.values, escapereden: '' }, outcome }));
  }

  @Get('bevragingen')
  async recent(@CurrentSession() s: Session) {
    const from = new Date(Date.now() - RECENT_DAYS * 86_400_000).toISOString();
    const [records, products, escapeLabels, user] = await Promise.all([this.support.auditLog.byWorker(s.token, s.principal.userId, from, { kind: 'QUERY' }), this.support.productNames(s), this.support.escapeLabels(s), this.support.user(s)]);
    return recentPage({ user, records: records.ok ? readEntries(records.body.records) : (records as Failure), products, escapeLabels, days: RECENT_DAYS }).toString();
  }
}
