/**
 * The reporting API. Every endpoint needs a token (global guard); who may read what is decided
 * per request by domain/access. Reports come as JSON (the stored document, byte for byte), CSV
 * or HTML; `?version=n` reads an older version. Every document served is recorded on the audit
 * trail before it is sent (app/downloads.ts); when it cannot be: 503 AUDIT_TRAIL_UNAVAILABLE.
 */
import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError, CurrentPrincipal, parseInput, Principal } from '@inkijk/platform';
import { completenessForbidden } from '../../domain/errors';
import { genericReportCsv, genericReportHtml, protocolCsv, specificReportCsv, supplierFeedCsv } from '../../domain/render';
import { renderJson } from '../../domain/reports';
import { Downloads } from '../../app/downloads';
import { ReportReads } from '../../app/report-reads';
import { ReportingCompletenessCheck } from '../../app/completeness';
import { completenessQuery, feedFileParams, feedQuery, genericFileParams, jsonOrCsvQuery, monthParams, orgMonthParams, orgParams, protocolFileParams, reportQuery, specificFileParams, supplierMonthParams, versionQuery } from './routes';

type Format = 'json' | 'csv' | 'html';
/** The format asked for (validated by the route's schema): ?format=... or the file's extension. */
const formatOf = (format: string | undefined): Format => (format ?? 'json').toLowerCase() as Format;
const fileFormat = (file: string): Format => file.slice(file.lastIndexOf('.') + 1).toLowerCase() as Format;

const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

function send(res: Response, format: Format, body: string, opts: { filename: string; version?: number; contentHash?: string }): void {
  res.status(200);
  res.setHeader('Content-Type', CONTENT_TYPES[format]);
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (opts.version !== undefined) res.setHeader('X-Report-Version', String(opts.version));
  if (opts.contentHash) res.setHeader('ETag', `"${opts.contentHash}"`);
  if (format === 'csv') res.setHeader('Content-Disposition', `attachment; filename="${opts.filename}.csv"`);
  if (format === 'html') res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  res.send(body);
}

const safeName = (...parts: string[]) => parts.join('-').replace(/[^A-Za-z0-9._-]/g, '_');

@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportReads,
    private readonly downloads: Downloads,
    private readonly completeness: ReportingCompletenessCheck,
  ) {}

  /** The reports against the attributed-query topic (security officer only). */
  @Get('completeness')
  checkCompleteness(@CurrentPrincipal() p: Principal, @Query() query: unknown) {
    const q = parseInput(completenessQuery, query ?? {}, 'query');
    if (q.from && q.to && q.to < q.from) throw new ApiError(400, 'INVALID_MONTH', 'to must not be before from.');
    const details = { ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) };
    return this.downloads.completenessChecked(p, details, async () => {
      if (!p.roles.includes('SECURITY_OFFICER')) throw completenessForbidden();
      return this.completeness.check({ months: { from: q.from ?? null, to: q.to ?? null }, municipalityId: q.municipalityId });
    });
  }

  /** The running six months including the current one, so far (provisional, not stored). */
  @Get('generic/:organisationId/running')
  running(@CurrentPrincipal() p: Principal, @Param() params: unknown) {
    const { organisationId } = parseInput(orgParams, params, 'path');
    return this.downloads.serve(p, { kind: 'running', organisationId, format: 'json' }, () => this.reports.provisionalGenericReport(p, organisationId), (r) => `generic/${organisationId}/${r.month}/provisional`);
  }

  @Get('generic/:organisationId/:month')
  async generic(@CurrentPrincipal() p: Principal, @Param() params: unknown, @Query() query: unknown, @Res() res: Response) {
    const { organisationId, month } = parseInput(orgMonthParams, params, 'path');
    const q = parseInput(reportQuery, query ?? {}, 'query');
    await this.sendGeneric(p, organisationId, month, formatOf(q.format), q.version, res);
  }

  @Get('generic/:organisationId/:month/versions')
  versions(@CurrentPrincipal() p: Principal, @Param() params: unknown) {
    const { organisationId, month } = parseInput(orgMonthParams, params, 'path');
    return this.reports.genericReportVersions(p, organisationId, month);
  }

  @Get('generic/:organisationId/:month/:file')
  async genericFile(@CurrentPrincipal() p: Principal, @Param() params: unknown, @Query() query: unknown, @Res() res: Response) {
    const { organisationId, month, file } = parseInput(genericFileParams, params, 'path');
    const { version } = parseInput(versionQuery, query ?? {}, 'query');
    await this.sendGeneric(p, organisationId, month, fileFormat(file), version, res);
  }

  private async sendGeneric(p: Principal, org: string, month: string, format: Format, version: string | undefined, res: Response) {
    const served = await this.downloads.serve(p, { kind: 'generic', organisationId: org, month, format }, () => this.reports.genericReport(p, org, month, version), (r) => r.report.reportId);
    const body = format === 'json' ? served.json : format === 'csv' ? genericReportCsv(served.report) : genericReportHtml(served.report);
    send(res, format, body, { filename: safeName('generic-report', org, served.report.month, `v${served.version}`), version: served.version, contentHash: served.contentHash });
  }

  @Get('specific/:organisationId/:month')
  async specific(@CurrentPrincipal() p: Principal, @Param() params: unknown, @Query() query: unknown, @Res() res: Response) {
    const { organisationId, month } = parseInput(orgMonthParams, params, 'path');
    const q = parseInput(jsonOrCsvQuery, query ?? {}, 'query');
    await this.sendSpecific(p, organisationId, month, formatOf(q.format), res);
  }

  @Get('specific/:organisationId/:month/:file')
  async specificFile(@CurrentPrincipal() p: Principal, @Param() params: unknown, @Res() res: Response) {
    const { organisationId, month, file } = parseInput(specificFileParams, params, 'path');
    await this.sendSpecific(p, organisationId, month, fileFormat(file), res);
  }

  private async sendSpecific(p: Principal, org: string, month: string, format: Format, res: Response) {
    const report = await this.downloads.serve(p, { kind: 'specific', organisationId: org, month, format }, () => this.reports.specificReport(p, org, month), (r) => `specific/${r.customerOrganisationId}/${r.month}`);
    send(res, format, format === 'csv' ? specificReportCsv(report) : renderJson(report), { filename: safeName('specific-report', org, report.month) });
  }

  /** (Re)builds report month M for every organisation and supplier; unchanged reports keep their version. */
  @Post('builds/:month')
  @HttpCode(200)
  async build(@CurrentPrincipal() p: Principal, @Param() params: unknown) {
    const { month } = parseInput(monthParams, params, 'path');
    const built = await this.downloads.build(p, month, async () => {
      const results = await this.reports.buildMonthFor(p, month);
      return { results, reports: results.length, created: results.filter((r) => r.created).length };
    });
    return { month, reports: built.results, created: built.created };
  }
}

@Controller('feeds')
export class FeedsController {
  constructor(
    private readonly reports: ReportReads,
    private readonly downloads: Downloads,
  ) {}

  @Get('suppliers/:supplier/:month')
  async supplier(@CurrentPrincipal() p: Principal, @Param() params: unknown, @Query() query: unknown, @Res() res: Response) {
    const { supplier, month } = parseInput(supplierMonthParams, params, 'path');
    const q = parseInput(feedQuery, query ?? {}, 'query');
    await this.sendFeed(p, supplier, month, formatOf(q.format), q.version, res);
  }

  @Get('suppliers/:supplier/:month/versions')
  versions(@CurrentPrincipal() p: Principal, @Param() params: unknown) {
    const { supplier, month } = parseInput(supplierMonthParams, params, 'path');
    return this.reports.supplierFeedVersions(p, supplier, month);
  }

  @Get('suppliers/:supplier/:month/:file')
  async supplierFile(@CurrentPrincipal() p: Principal, @Param() params: unknown, @Query() query: unknown, @Res() res: Response) {
    const { supplier, month, file } = parseInput(feedFileParams, params, 'path');
    const { version } = parseInput(versionQuery, query ?? {}, 'query');
    await this.sendFeed(p, supplier, month, fileFormat(file), version, res);
  }

  private async sendFeed(p: Principal, supplier: string, month: string, format: Format, version: string | undefined, res: Response) {
    const served = await this.downloads.serve(p, { kind: 'supplier-feed', supplier, month, format }, () => this.reports.supplierFeed(p, supplier, month, version), (r) => r.report.reportId);
    const body = format === 'csv' ? supplierFeedCsv(served.report) : served.json;
    send(res, format, body, { filename: safeName('supplier-feed', served.report.supplier, served.report.month, `v${served.version}`), version: served.version, contentHash: served.contentHash });
  }

  @Get('rvig/protocol/:organisationId/:month')
  async protocol(@CurrentPrincipal() p: Principal, @Param() params: unknown, @Query() query: unknown, @Res() res: Response) {
    const { organisationId, month } = parseInput(orgMonthParams, params, 'path');
    const q = parseInput(jsonOrCsvQuery, query ?? {}, 'query');
    await this.sendProtocol(p, organisationId, month, formatOf(q.format), res);
  }

  @Get('rvig/protocol/:organisationId/:month/:file')
  async protocolFile(@CurrentPrincipal() p: Principal, @Param() params: unknown, @Res() res: Response) {
    const { organisationId, month, file } = parseInput(protocolFileParams, params, 'path');
    await this.sendProtocol(p, organisationId, month, fileFormat(file), res);
  }

  private async sendProtocol(p: Principal, org: string, month: string, format: Format, res: Response) {
    const report = await this.downloads.serve(p, { kind: 'rvig-protocol', organisationId: org, month, format }, () => this.reports.protocol(p, org, month), (r) => `rvig-protocol/${r.customerOrganisationId}/${r.month}`);
    send(res, format, format === 'csv' ? protocolCsv(report) : renderJson(report), { filename: safeName('rvig-protocol', org, report.month) });
  }
}
