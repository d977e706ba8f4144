/**
 * Auditlog (security officer: verification status and the queries, actions and decision records
 * per municipality, filtered by type; mandated person: those under the own municipality's
 * identity; a trace: a query with its decision record and actions) and Rapportages (the generic report
 * with its chart and CSV download; the specific report for the organisation's mandated persons).
 */
import { Controller, Get, Inject, Optional, Param, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { Answer, Download, Failure, Organisation } from '../../app/ports';
import { amsterdamDay, amsterdamMonth } from '../../domain/format';
import { ApiError } from '@inkijk/platform';
import { AUDIT_FILTERS, auditFilter, matchesFilter, personIds, readEntries, TRACE_ID } from '../../domain/audit-entries';
import { auditPage, tracePage } from '../../views/audit';
import { errorPage } from '../../views/error';
import { reportsPage } from '../../views/reports';
import { PagesFilter, sendPage } from './pages.filter';
import { CurrentSession, ForRoles, Session, SessionGuard } from './session';
import { PageSupport } from './support';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Rows on the audit page (the newest). */
export const AUDIT_PAGE_ROWS = 200;
/** The trace UI's base address (config TRACE_UI_URL); absent or empty: no links to it. */
export const TRACE_UI_URL = Symbol('TraceUiUrl');
const orgNames = (orgs: Organisation[]) => {
  const byId = new Map(orgs.map((o) => [o.id, o.name]));
  return (id: string) => byId.get(id) ?? id;
};

@Controller()
@UseGuards(SessionGuard)
@UseFilters(PagesFilter)
export class AuditReportsController {
  constructor(
    private readonly support: PageSupport,
    @Optional() @Inject(TRACE_UI_URL) private readonly traceUiUrl?: string,
  ) {}

  @Get('auditlog')
  @ForRoles('SECURITY_OFFICER', 'MANDATED_PERSON')
  async audit(@CurrentSession() s: Session, @Query('gemeente') gemeente?: string, @Query('vanaf') vanaf?: string, @Query('soort') soort?: string) {
    const choice = auditFilter(typeof soort === 'string' ? soort : undefined);
    if (!choice) throw new ApiError(400, 'INVALID_FILTER', `soort must be one of: ${AUDIT_FILTERS.map((f) => f.value || '(leeg)').join(', ')}.`);
    const officer = s.principal.roles.includes('SECURITY_OFFICER');
    const from = vanaf && DAY.test(vanaf) ? vanaf : amsterdamDay(Date.now() - 30 * 86_400_000);
    const municipalityId = officer ? (gemeente ? gemeente.slice(0, 100) : undefined) : s.principal.homeMunicipalityId;
    const [organisations, municipalities, records, verification, products, escapeLabels] = await Promise.all([
      this.support.organisations(s),
      this.support.municipalities(s),
      this.support.auditLog.byMunicipality(s.token, municipalityId, from, { kind: choice.kind, category: choice.category }),
      officer ? this.support.auditLog.verify(s.token) : Promise.resolve(undefined),
      this.support.productNames(s),
      this.support.escapeLabels(s),
    ]);
    // The page filters too: an audit log that does not filter by kind yet still gives the right rows.
    const entries = records.ok ? readEntries(records.body.records).filter((e) => matchesFilter(e, choice)).slice(0, AUDIT_PAGE_ROWS) : undefined;
    const people = await this.support.people(s, entries ? personIds(entries) : []);
    const own = organisations.find((o) => o.id === s.principal.homeMunicipalityId)?.name ?? s.principal.homeMunicipalityId;
    const user = await this.support.user(s, own);
    return auditPage({
      user,
      verification: verification ? (verification.ok ? verification.body : (verification as Failure)) : undefined,
      records: entries ?? (records as Failure),
      products,
      escapeLabels,
      people,
      orgName: orgNames(organisations),
      municipalities: officer ? municipalities : [],
      selected: municipalityId ?? '',
      from,
      ownMunicipalityName: own,
      filter: choice,
      traceUiUrl: this.traceUiUrl || undefined,
    }).toString();
  }

  /** One trace: the query, its decision record and the actions of that request (GET /audit/traces/:traceId). */
  @Get('auditlog/spoor/:traceId')
  @ForRoles('SECURITY_OFFICER', 'MANDATED_PERSON')
  async trace(@CurrentSession() s: Session, @Param('traceId') traceId: string, @Res() res: Response) {
    if (!TRACE_ID.test(traceId)) throw new ApiError(404, 'TRACE_NOT_FOUND', 'Dit spoor bestaat niet.');
    const [organisations, records, products, escapeLabels] = await Promise.all([this.support.organisations(s), this.support.auditLog.byTrace(s.token, traceId), this.support.productNames(s), this.support.escapeLabels(s)]);
    const entries = records.ok ? readEntries(records.body.records) : undefined;
    const people = await this.support.people(s, entries ? personIds(entries) : []);
    const user = await this.support.user(s, organisations.find((o) => o.id === s.principal.homeMunicipalityId)?.name);
    const page = tracePage({ user, traceId, records: entries ?? (records as Failure), products, escapeLabels, people, orgName: orgNames(organisations), traceUiUrl: this.traceUiUrl || undefined });
    sendPage(res, records.ok ? 200 : records.status === 404 ? 404 : 200, page);
  }

  @Get('rapportages')
  @ForRoles('MANDATED_PERSON', 'SECURITY_OFFICER')
  async reports(@CurrentSession() s: Session, @Query('maand') maand?: string, @Query('organisatie') organisatie?: string) {
    const officer = s.principal.roles.includes('SECURITY_OFFICER');
    const mandated = s.principal.roles.includes('MANDATED_PERSON');
    const month = maand && MONTH.test(maand) ? maand : amsterdamMonth(Date.now());
    const [organisations, customers] = await Promise.all([this.support.organisations(s), this.support.municipalities(s)]);
    const orgId = mandated || !officer ? s.principal.homeMunicipalityId : organisatie && customers.some((o) => o.id === organisatie) ? organisatie : (customers[0]?.id ?? s.principal.homeMunicipalityId);
    const [generic, specific, products, escapeLabels] = await Promise.all([
      this.support.reporting.generic(s.token, orgId, month),
      mandated && orgId === s.principal.homeMunicipalityId ? this.support.reporting.specific(s.token, orgId, month) : Promise.resolve(undefined),
      this.support.productNames(s),
      this.support.escapeLabels(s),
    ]);
    const orgName = organisations.find((o) => o.id === orgId)?.name ?? orgId;
    const user = await this.support.user(s, organisations.find((o) => o.id === s.principal.homeMunicipalityId)?.name);
    return reportsPage({
      user,
      month,
      organisationId: orgId,
      organisationName: orgName,
      organisations: officer ? customers : [],
      generic: generic.ok ? generic.body : (generic as Failure),
      specific: specific ? (specific.ok ? specific.body : (specific as Failure)) : undefined,
      products,
      escapeLabels,
    }).toString();
  }

  private async csv(s: Session, res: Response, a: Answer<Download>, name: string) {
    if (!a.ok) {
      const user = await this.support.user(s);
      return sendPage(res, a.status, errorPage({ user, title: 'Download niet beschikbaar', message: a.message || 'De rapportage kon niet worden opgehaald.', code: a.code, back: { href: '/rapportages', text: 'Terug naar de rapportages' } }));
    }
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
    res.send(a.body.body);
  }

  @Get('rapportages/:org/:month/generiek.csv')
  @ForRoles('MANDATED_PERSON', 'SECURITY_OFFICER')
  async genericCsv(@CurrentSession() s: Session, @Param('org') org: string, @Param('month') month: string, @Res() res: Response) {
    await this.csv(s, res, await this.support.reporting.genericCsv(s.token, org, month), `generieke-rapportage-${month.replace(/[^0-9-]/g, '')}`);
  }

  @Get('rapportages/:org/:month/specifiek.csv')
  @ForRoles('MANDATED_PERSON')
  async specificCsv(@CurrentSession() s: Session, @Param('org') org: string, @Param('month') month: string, @Res() res: Response) {
    await this.csv(s, res, await this.support.reporting.specificCsv(s.token, org, month), `specifieke-rapportage-${month.replace(/[^0-9-]/g, '')}`);
  }
}
