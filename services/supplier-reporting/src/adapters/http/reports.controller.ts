/**
 * The reporting API. Every endpoint needs a token (global guard); who may read what is decided
 * per request by domain/access. Reports come as JSON (the stored document, byte for byte), CSV
 * or HTML; `?version=n` reads an older version.
 */
import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError, CurrentPrincipal, Principal } from '@inkijk/platform';
import { ReportingRefusal, unknownFormat } from '../../domain/errors';
import { genericReportCsv, genericReportHtml, protocolCsv, specificReportCsv, supplierFeedCsv } from '../../domain/render';
import { renderJson } from '../../domain/reports';
import { ReportService } from '../../app/report-service';

const STATUS = { INVALID: 400, FORBIDDEN: 403, NOT_FOUND: 404, NOT_YET: 409 } as const;

/** Domain refusals become `{code, message}` with their HTTP status. */
async function answer<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ReportingRefusal) throw new ApiError(STATUS[e.kind], e.code, e.message);
    throw e;
  }
}

type Format = 'json' | 'csv' | 'html';
function formatOf(query: string | undefined, allowed: readonly Format[]): Format {
  const f = (query ?? 'json').toLowerCase();
  if (!(allowed as readonly string[]).includes(f)) throw new ApiError(400, unknownFormat(f).code, unknownFormat(f).message);
  return f as Format;
}

const FILES: Record<string, Format> = { 'report.json': 'json', 'report.csv': 'csv', 'report.html': 'html', 'feed.json': 'json', 'feed.csv': 'csv', 'protocol.json': 'json', 'protocol.csv': 'csv' };
function fileFormat(file: string, allowed: readonly string[]): Format {
  if (!allowed.includes(file)) throw new ApiError(404, 'NOT_FOUND', `There is no ${file.slice(0, 40)} here; try ${allowed.join(', ')}.`);
  return FILES[file];
}

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
  constructor(private readonly reports: ReportService) {}

  /** The running six months including the current one, so far (provisional, not stored). */
  @Get('generic/:organisationId/running')
  running(@CurrentPrincipal() p: Principal, @Param('organisationId') org: string) {
    return answer(() => this.reports.provisionalGenericReport(p, org));
  }

  @Get('generic/:organisationId/:month')
  async generic(@CurrentPrincipal() p: Principal, @Param('organisationId') org: string, @Param('month') month: string, @Query('format') format: string | undefined, @Query('version') version: string | undefined, @Res() res: Response) {
    await this.sendGeneric(p, org, month, formatOf(format, ['json', 'csv', 'html']), version, res);
  }

  @Get('generic/:organisationId/:month/versions')
  versions(@CurrentPrincipal() p: Principal, @Param('organisationId') org: string, @Param('month') month: string) {
    return answer(() => this.reports.genericReportVersions(p, org, month));
  }

  @Get('generic/:organisationId/:month/:file')
  async genericFile(@CurrentPrincipal() p: Principal, @Param('organisationId') org: string, @Param('month') month: string, @Param('file') file: string, @Query('version') version: string | undefined, @Res() res: Response) {
    await this.sendGeneric(p, org, month, fileFormat(file, ['report.json', 'report.csv', 'report.html']), version, res);
  }

  private async sendGeneric(p: Principal, org: string, month: string, format: Format, version: string | undefined, res: Response) {
    const served = await answer(() => this.reports.genericReport(p, org, month, version));
    const body = format === 'json' ? served.json : format === 'csv' ? genericReportCsv(served.report) : genericReportHtml(served.report);
    send(res, format, body, { filename: safeName('generic-report', org, served.report.month, `v${served.version}`), version: served.version, contentHash: served.contentHash });
  }

  @Get('specific/:organisationId/:month')
  async specific(@CurrentPrincipal() p: Principal, @Param('organisationId') org: string, @Param('month') month: string, @Query('format') format: string | undefined, @Res() res: Response) {
    await this.sendSpecific(p, org, month, formatOf(format, ['json', 'csv']), res);
  }

  @Get('specific/:organisationId/:month/:file')
  async specificFile(@CurrentPrincipal() p: Principal, @Param('organisationId') org: string, @Param('month') month: string, @Param('file') file: string, @Res() res: Response) {
    await this.sendSpecific(p, org, month, fileFormat(file, ['report.json', 'report.csv']), res);
  }

  private async sendSpecific(p: Principal, org: string, month: string, format: Format, res: Response) {
    const report = await answer(() => this.reports.specificReport(p, org, month));
    send(res, format, format === 'csv' ? specificReportCsv(report) : renderJson(report), { filename: safeName('specific-report', org, report.month) });
  }

  /** (Re)builds report month M for every organisation and supplier; unchanged reports keep their version. */
  @Post('builds/:month')
  @HttpCode(200)
  async build(@CurrentPrincipal() p: Principal, @Param('month') month: string) {
    const results = await answer(() => this.reports.buildMonthFor(p, month));
    return { month, reports: results, created: results.filter((r) => r.created).length };
  }
}

@Controller('feeds')
export class FeedsController {
  constructor(private readonly reports: ReportService) {}

  @Get('suppliers/:supplier/:month')
  async supplier(@CurrentPrincipal() p: Principal, @Param('supplier') supplier: string, @Param('month') month: string, @Query('format') format: string | undefined, @Query('version') version: string | undefined, @Res() res: Response) {
    await this.sendFeed(p, supplier, month, formatOf(format, ['json', 'csv']), version, res);
  }

  @Get('suppliers/:supplier/:month/versions')
  versions(@CurrentPrincipal() p: Principal, @Param('supplier') supplier: string, @Param('month') month: string) {
    return answer(() => this.reports.supplierFeedVersions(p, supplier, month));
  }

  @Get('suppliers/:supplier/:month/:file')
  async supplierFile(@CurrentPrincipal() p: Principal, @Param('supplier') supplier: string, @Param('month') month: string, @Param('file') file: string, @Query('version') version: string | undefined, @Res() res: Response) {
    await this.sendFeed(p, supplier, month, fileFormat(file, ['feed.json', 'feed.csv']), version, res);
  }

  private async sendFeed(p: Principal, supplier: string, month: string, format: Format, version: string | undefined, res: Response) {
    const served = await answer(() => this.reports.supplierFeed(p, supplier, month, version));
    const body = format === 'csv' ? supplierFeedCsv(served.report) : served.json;
    send(res, format, body, { filename: safeName('supplier-feed', served.report.supplier, served.report.month, `v${served.version}`), version: served.version, contentHash: served.contentHash });
  }

  @Get('rvig/protocol/:organisationId/:month')
  async protocol(@CurrentPrincipal() p: Principal, @Param('organisationId') org: string, @Param('month') month: string, @Query('format') format: string | undefined, @Res() res: Response) {
    await this.sendProtocol(p, org, month, formatOf(format, ['json', 'csv']), res);
  }

  @Get('rvig/protocol/:organisationId/:month/:file')
  async protocolFile(@CurrentPrincipal() p: Principal, @Param('organisationId') org: string, @Param('month') month: string, @Param('file') file: string, @Res() res: Response) {
    await this.sendProtocol(p, org, month, fileFormat(file, ['protocol.json', 'protocol.csv']), res);
  }

  private async sendProtocol(p: Principal, org: string, month: string, format: Format, res: Response) {
    const report = await answer(() => this.reports.protocol(p, org, month));
    send(res, format, format === 'csv' ? protocolCsv(report) : renderJson(report), { filename: safeName('rvig-protocol', org, report.month) });
  }
}
