/**
 * Auditlog (security officer: verification status and the queries per municipality; mandated
 * person: the queries under the own municipality's identity) and Rapportages (the generic report
 * with its chart and CSV download; the specific report for the organisation's mandated persons).
 */
import { Controller, Get, Param, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { Answer, Download, Failure } from '../../app/ports';
import { amsterdamDay, amsterdamMonth } from '../../domain/format';
import { auditPage } from '../../views/audit';
import { errorPage } from '../../views/error';
import { reportsPage } from '../../views/reports';
import { PagesFilter, sendPage } from './pages.filter';
import { CurrentSession, ForRoles, Session, SessionGuard } from './session';
import { PageSupport } from './support';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

@Controller()
@UseGuards(SessionGuard)
@UseFilters(PagesFilter)
export class AuditReportsController {
  constructor(private readonly support: PageSupport) {}

  @Get('auditlog')
  @ForRoles('SECURITY_OFFICER', 'MANDATED_PERSON')
  async audit(@CurrentSession() s: Session, @Query('gemeente') gemeente?: string, @Query('vanaf') vanaf?: string) {
    const officer = s.principal.roles.includes('SECURITY_OFFICER');
    const from = vanaf && DAY.test(vanaf) ? vanaf : amsterdamDay(Date.now() - 30 * 86_400_000);
    const municipalityId = officer ? (gemeente ? gemeente.slice(0, 100) : undefined) : s.principal.homeMunicipalityId;
    const [organisations, municipalities, records, verification, products, escapeLabels] = await Promise.all([
      this.support.organisations(s),
      this.support.municipalities(s),
      this.support.auditLog.byMunicipality(s.token, municipalityId, from),
      officer ? this.support.auditLog.verify(s.token) : Promise.resolve(undefined),
      this.support.productNames(s),
      this.support.escapeLabels(s),
    ]);
    const own = organisations.find((o) => o.id === s.principal.homeMunicipalityId)?.name ?? s.principal.homeMunicipalityId;
    const user = await this.support.user(s, own);
    return auditPage({
      user,
      verification: verification ? (verification.ok ? verification.body : (verification as Failure)) : undefined,
      records: records.ok ? records.body.records : (records as Failure),
      products,
      escapeLabels,
      municipalities: officer ? municipalities : [],
      selected: municipalityId ?? '',
      from,
      ownMunicipalityName: own,
    }).toString();
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
