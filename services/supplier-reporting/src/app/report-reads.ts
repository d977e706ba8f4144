/**
 * Reading the reports (the API's side): who may read what (domain/access) is checked first; a
 * stored version is served as stored, a missing one of a closed month is built on demand; the
 * running and specific reports are computed on every request, never stored.
 */
import { Refusal } from '@inkijk/contracts';
import { Caller, decideAccess, ReportResource } from '../domain/access';
import { invalidMonth, invalidVersion, monthNotClosed, unknownOrganisation, unknownSupplier, versionNotFound } from '../domain/errors';
import { addMonths, coveredMonths, isMonth, Month } from '../domain/month';
import { dataAsOf, GenericReport, genericReport, protocolReport, ProtocolReport, SpecificReport, specificReport, SupplierFeed } from '../domain/reports';
import type { BuildResult, ReportBuilds } from './report-builds';
import type { Database, ReportingRepository, ReportKind, StoredVersion } from './ports';

export interface ServedReport<R> {
  report: R;
  /** The stored JSON, exactly as first rendered. */
  json: string;
  version: number;
  contentHash: string;
}

/** Supplier names accepted in URLs besides the enum itself. */
const SUPPLIER_ALIASES: Record<string, string> = { RVIG: 'BRP' };

export class ReportReads {
  constructor(
    private readonly db: Database,
    private readonly store: ReportingRepository,
    private readonly builds: ReportBuilds,
  ) {}

  // ---- input --------------------------------------------------------------------------

  parseMonth(text: string): Month {
    if (!isMonth(text)) throw invalidMonth(text);
    return text;
  }

  parseVersion(text: string | undefined): number | undefined {
    if (text === undefined || text === '') return undefined;
    if (!/^[1-9]\d{0,8}$/.test(text)) throw invalidVersion(text);
    return Number(text);
  }

  parseSupplier(text: string): string {
    const upper = text.toUpperCase();
    const supplier = SUPPLIER_ALIASES[upper] ?? upper;
    if (!this.builds.suppliers.includes(supplier)) throw unknownSupplier(text, this.builds.suppliers);
    return supplier;
  }

  /** A supplier feed of X covers X itself, so it can be built once X has ended. */
  private requireUsageMonthClosed(month: Month): void {
    const current = this.builds.currentMonth();
    if (month >= current) throw monthNotClosed(month, current);
  }

  private authorise(caller: Caller, resource: ReportResource): void {
    const decision = decideAccess(caller, resource);
    if (!decision.allowed) throw new Refusal('FORBIDDEN', decision.code, decision.message);
  }

  // ---- reading ------------------------------------------------------------------------

  /** The generic report (a version, or the newest; built on demand when there is none yet). */
  async genericReport(caller: Caller, organisationId: string, monthText: string, versionText?: string): Promise<ServedReport<GenericReport>> {
    const month = this.parseMonth(monthText);
    const version = this.parseVersion(versionText);
    this.authorise(caller, { kind: 'GENERIC_REPORT', organisationId });
    return this.served<GenericReport>('GENERIC', organisationId, month, version, async () => {
      this.builds.requireReportMonthClosed(month);
      const known = await this.db.transaction((_tx, sql) => this.store.organisationKnown(sql, organisationId));
      if (!known) throw unknownOrganisation();
      await this.builds.buildGeneric(organisationId, month);
    });
  }

  /**
   * The running report: the six months up to and including the current one, computed on request
   * from the aggregates so far (the current month is still open). Neither stored nor published;
   * the body says provisional. Same access rules as the generic report.
   */
  async provisionalGenericReport(caller: Caller, organisationId: string): Promise<GenericReport & { provisional: true }> {
    this.authorise(caller, { kind: 'GENERIC_REPORT', organisationId });
    const reportMonth = addMonths(this.builds.currentMonth(), 1);
    const period = coveredMonths(reportMonth);
    const [from, to] = [period[0], period[period.length - 1]];
    const report = await this.db.transaction(async (_tx, sql) =>
      genericReport({
        organisationId,
        organisation: await this.store.organisation(sql, organisationId),
        reportMonth,
        version: 0,
        queryUsage: await this.store.queryUsage(sql, organisationId, from, to),
        supplierUsage: await this.store.supplierUsageOfOrganisation(sql, organisationId, from, to),
        activityUsage: await this.store.activityUsage(sql, organisationId, from, to),
      }),
    );
    return { ...report, provisional: true };
  }

  async genericReportVersions(caller: Caller, organisationId: string, monthText: string) {
    const month = this.parseMonth(monthText);
    this.authorise(caller, { kind: 'GENERIC_REPORT', organisationId });
    return this.versionList('GENERIC', organisationId, month);
  }

  async supplierFeed(caller: Caller, supplierText: string, monthText: string, versionText?: string): Promise<ServedReport<SupplierFeed>> {
    const month = this.parseMonth(monthText);
    const version = this.parseVersion(versionText);
    this.authorise(caller, { kind: 'SUPPLIER_FEED' });
    const supplier = this.parseSupplier(supplierText);
    return this.served<SupplierFeed>('SUPPLIER', supplier, month, version, async () => {
      this.requireUsageMonthClosed(month);
      await this.builds.buildSupplierFeed(supplier, month);
    });
  }

  async supplierFeedVersions(caller: Caller, supplierText: string, monthText: string) {
    const month = this.parseMonth(monthText);
    this.authorise(caller, { kind: 'SUPPLIER_FEED' });
    return this.versionList('SUPPLIER', this.parseSupplier(supplierText), month);
  }

  /** The specific report: computed from the aggregates on every request, never stored or published. */
  async specificReport(caller: Caller, organisationId: string, monthText: string): Promise<SpecificReport> {
    const month = this.parseMonth(monthText);
    this.authorise(caller, { kind: 'SPECIFIC_REPORT', organisationId });
    this.builds.requireReportMonthClosed(month);
    const period = coveredMonths(month);
    const [from, to] = [period[0], period[period.length - 1]];
    return this.db.transaction(async (_tx, sql) => {
      const queryUsage = await this.store.queryUsage(sql, organisationId, from, to);
      const activityUsage = await this.store.activityUsage(sql, organisationId, from, to);
      return specificReport({
        organisationId,
        reportMonth: month,
        workerUsage: await this.store.workerUsage(sql, organisationId, from, to),
        subjectUsage: await this.store.subjectUsage(sql, organisationId, from, to),
        activityUsage,
        generatedAt: dataAsOf(month, [...queryUsage, ...activityUsage]),
      });
    });
  }

  /** RvIG's protocol lines of one organisation and month of use. */
  async protocol(caller: Caller, organisationId: string, monthText: string): Promise<ProtocolReport> {
    const month = this.parseMonth(monthText);
    this.authorise(caller, { kind: 'PROTOCOL_LINES', organisationId });
    const current = this.builds.currentMonth();
    if (month > current) throw monthNotClosed(month, current);
    const provisions = await this.db.transaction(async (_tx, sql) => {
      if (!(await this.store.organisationKnown(sql, organisationId))) throw unknownOrganisation();
      return this.store.provisions(sql, organisationId, month);
    });
    return protocolReport(organisationId, month, provisions);
  }

  /** (Re)build month M for all organisations and suppliers: security officers only. */
  async buildMonthFor(caller: Caller, monthText: string): Promise<BuildResult[]> {
    const month = this.parseMonth(monthText);
    this.authorise(caller, { kind: 'REPORT_BUILD' });
    return this.builds.buildMonth(month);
  }

  private async served<R>(kind: ReportKind, scope: string, month: Month, version: number | undefined, buildMissing: () => Promise<void>): Promise<ServedReport<R>> {
    const read = () => this.db.transaction((_tx, sql) => this.store.version(sql, kind, scope, month, version));
    let stored: StoredVersion | null = await read();
    if (!stored && version !== undefined) {
      const latest = await this.db.transaction((_tx, sql) => this.store.version(sql, kind, scope, month));
      throw versionNotFound(version, latest?.version ?? null);
    }
    if (!stored) {
      await buildMissing();
      stored = await read();
      if (!stored) throw new Error(`report ${kind}/${scope}/${month} was built but cannot be read`);
    }
    return { report: JSON.parse(stored.body) as R, json: stored.body, version: stored.version, contentHash: stored.contentHash };
  }

  private async versionList(kind: ReportKind, scope: string, month: Month) {
    const versions = await this.db.transaction((_tx, sql) => this.store.versions(sql, kind, scope, month));
    return { month, versions: versions.map((v) => ({ version: v.version, contentHash: v.contentHash, builtAt: v.createdAt.toISOString() })) };
  }
}
