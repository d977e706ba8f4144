/**
 * Building, versioning and reading the reports. A build computes a report from the aggregates
 * and stores it as a new version only when its content differs from the newest version (a
 * rebuild that changes nothing keeps the version); the new version and its feed record commit
 * in one transaction (outbox). Reads check who may read what (domain/access) first.
 */
import { createHash } from 'node:crypto';
import { inSpan, SqlQuery } from '@inkijk/platform';
import { Caller, decideAccess, ReportResource } from '../domain/access';
import { invalidMonth, invalidVersion, monthNotClosed, ReportingRefusal, unknownOrganisation, unknownSupplier, versionNotFound } from '../domain/errors';
import { addMonths, coveredMonths, isMonth, Month, monthOf, reportMonthsCovering } from '../domain/month';
import {
  dataAsOf,
  GenericReport,
  genericReport,
  protocolReport,
  ProtocolReport,
  renderJson,
  reportContent,
  SpecificReport,
  specificReport,
  SupplierFeed,
  supplierFeed,
} from '../domain/reports';
import { ChangeMark, Clock, Database, FeedOutbox, ReportingRepository, ReportKind, StoredVersion } from './ports';

export interface BuildResult {
  kind: ReportKind;
  scope: string;
  month: Month;
  version: number;
  /** false: the newest version already had this content. */
  created: boolean;
}

export interface ServedReport<R> {
  report: R;
  /** The stored JSON, exactly as first rendered. */
  json: string;
  version: number;
  contentHash: string;
}

/** Supplier names accepted in URLs besides the enum itself. */
const SUPPLIER_ALIASES: Record<string, string> = { RVIG: 'BRP' };

export class ReportService {
  constructor(
    private readonly db: Database,
    private readonly store: ReportingRepository,
    private readonly outbox: FeedOutbox,
    private readonly clock: Clock,
    /** Every supplier a feed is built for. */
    readonly suppliers: readonly string[],
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
    if (!this.suppliers.includes(supplier)) throw unknownSupplier(text, this.suppliers);
    return supplier;
  }

  /** The month now is in (Europe/Amsterdam): the first month not yet closed. */
  currentMonth(): Month {
    return monthOf(this.clock.now());
  }

  /** A generic report of M covers M-6 .. M-1, so it can be built from the first day of M. */
  private requireReportMonthClosed(reportMonth: Month): void {
    if (reportMonth > this.currentMonth()) throw monthNotClosed(reportMonth, this.currentMonth());
  }

  /** A supplier feed of X covers X itself, so it can be built once X has ended. */
  private requireUsageMonthClosed(month: Month): void {
    if (month >= this.currentMonth()) throw monthNotClosed(month, this.currentMonth());
  }

  private authorise(caller: Caller, resource: ReportResource): void {
    const decision = decideAccess(caller, resource);
    if (!decision.allowed) throw new ReportingRefusal('FORBIDDEN', decision.code, decision.message);
  }

  // ---- building -----------------------------------------------------------------------

  buildGeneric(organisationId: string, reportMonth: Month): Promise<BuildResult> {
    return inSpan('report build', { attributes: { 'report.kind': 'GENERIC', 'report.scope': organisationId, 'report.month': reportMonth } }, () => this.buildGenericNow(organisationId, reportMonth));
  }

  private async buildGenericNow(organisationId: string, reportMonth: Month): Promise<BuildResult> {
    const period = coveredMonths(reportMonth);
    const from = period[0];
    const to = period[period.length - 1];
    const result = await this.db.transaction(async (_tx, sql) =>
      this.storeVersion(sql, 'GENERIC', organisationId, reportMonth, async (version) =>
        genericReport({
          organisationId,
          organisation: await this.store.organisation(sql, organisationId),
          reportMonth,
          version,
          queryUsage: await this.store.queryUsage(sql, organisationId, from, to),
          supplierUsage: await this.store.supplierUsageOfOrganisation(sql, organisationId, from, to),
          activityUsage: await this.store.activityUsage(sql, organisationId, from, to),
        }),
        (report) => this.outbox.genericReport(sql, report),
      ),
    );
    if (result.created) this.outbox.flush();
    return result;
  }

  buildSupplierFeed(supplier: string, month: Month): Promise<BuildResult> {
    return inSpan('report build', { attributes: { 'report.kind': 'SUPPLIER', 'report.scope': supplier, 'report.month': month } }, () => this.buildSupplierFeedNow(supplier, month));
  }

  private async buildSupplierFeedNow(supplier: string, month: Month): Promise<BuildResult> {
    const result = await this.db.transaction(async (_tx, sql) =>
      this.storeVersion(sql, 'SUPPLIER', supplier, month, async (version) =>
        supplierFeed({ supplier, month, version, usage: await this.store.supplierUsage(sql, supplier, month) }),
        (feed) => this.outbox.supplierFeed(sql, feed),
      ),
    );
    if (result.created) this.outbox.flush();
    return result;
  }

  /**
   * (Re)builds report month M: the generic report of every organisation with use in M-6 .. M-1,
   * and every supplier's feed of each of those months. Unchanged reports keep their version.
   */
  async buildMonth(reportMonth: Month): Promise<BuildResult[]> {
    this.requireReportMonthClosed(reportMonth);
    const period = coveredMonths(reportMonth);
    const organisations = await this.db.transaction((_tx, sql) => this.store.organisationsWithUsage(sql, period[0], period[period.length - 1]));
    const results: BuildResult[] = [];
    for (const organisationId of organisations) results.push(await this.buildGeneric(organisationId, reportMonth));
    for (const month of period) for (const supplier of this.suppliers) results.push(await this.buildSupplierFeed(supplier, month));
    return results;
  }

  /**
   * Rebuilds the built reports whose months changed since (late events): a changed month X of
   * organisation O touches O's generic reports of X+1 .. X+6; of supplier S, S's feed of X.
   * A change mark is cleared only when every report it touches was rebuilt.
   */
  async refreshChanged(): Promise<BuildResult[]> {
    const marks: ChangeMark[] = await this.db.transaction((_tx, sql) => this.store.changedMonths(sql));
    const results: BuildResult[] = [];
    const done = new Map<string, BuildResult>();
    for (const mark of marks) {
      const targets = await this.db.transaction(async (_tx, sql) =>
        mark.kind === 'ORGANISATION'
          ? (await this.store.builtMonths(sql, 'GENERIC', mark.scope, reportMonthsCovering(mark.month))).map((m) => ({ kind: 'GENERIC' as const, scope: mark.scope, month: m }))
          : (await this.store.builtMonths(sql, 'SUPPLIER', mark.scope, [mark.month])).map((m) => ({ kind: 'SUPPLIER' as const, scope: mark.scope, month: m })),
      );
      for (const t of targets) {
        const key = `${t.kind}/${t.scope}/${t.month}`;
        if (done.has(key)) continue;
        const r = t.kind === 'GENERIC' ? await this.buildGeneric(t.scope, t.month) : await this.buildSupplierFeed(t.scope, t.month);
        done.set(key, r);
        results.push(r);
      }
      await this.db.transaction((_tx, sql) => this.store.clearChanged(sql, mark));
    }
    return results;
  }

  /**
   * The timer's work: once a month has begun, build its reports (once per month); then refresh
   * what late events changed.
   */
  async runScheduled(): Promise<{ built: BuildResult[]; refreshed: BuildResult[] }> {
    const month = this.currentMonth();
    let built: BuildResult[] = [];
    if (!(await this.db.transaction((_tx, sql) => this.store.scheduledBuildDone(sql, month)))) {
      built = await this.buildMonth(month);
      await this.db.transaction((_tx, sql) => this.store.recordScheduledBuild(sql, month));
    }
    return { built, refreshed: await this.refreshChanged() };
  }

  private async storeVersion<R extends { reportId: string; version: number }>(
    sql: SqlQuery,
    kind: ReportKind,
    scope: string,
    month: Month,
    compute: (version: number) => Promise<R>,
    announce: (report: R) => Promise<void>,
  ): Promise<BuildResult> {
    await this.store.lockReport(sql, kind, scope, month);
    const latest = await this.store.version(sql, kind, scope, month);
    const version = (latest?.version ?? 0) + 1;
    const report = await compute(version);
    const contentHash = hashOf(reportContent(report));
    if (latest && latest.contentHash === contentHash) return { kind, scope, month, version: latest.version, created: false };
    await this.store.insertVersion(sql, kind, scope, month, version, contentHash, renderJson(report));
    await announce(report);
    return { kind, scope, month, version, created: true };
  }

  // ---- reading ------------------------------------------------------------------------

  /** The generic report (a version, or the newest; built on demand when there is none yet). */
  async genericReport(caller: Caller, organisationId: string, monthText: string, versionText?: string): Promise<ServedReport<GenericReport>> {
    const month = this.parseMonth(monthText);
    const version = this.parseVersion(versionText);
    this.authorise(caller, { kind: 'GENERIC_REPORT', organisationId });
    return this.served<GenericReport>('GENERIC', organisationId, month, version, async () => {
      this.requireReportMonthClosed(month);
      const known = await this.db.transaction((_tx, sql) => this.store.organisationKnown(sql, organisationId));
      if (!known) throw unknownOrganisation();
      await this.buildGeneric(organisationId, month);
    });
  }

  /**
   * The running report: the six months up to and including the current one, computed on request
   * from the aggregates so far (the current month is still open). Neither stored nor published;
   * the body says provisional. Same access rules as the generic report.
   */
  async provisionalGenericReport(caller: Caller, organisationId: string): Promise<GenericReport & { provisional: true }> {
    this.authorise(caller, { kind: 'GENERIC_REPORT', organisationId });
    const reportMonth = addMonths(this.currentMonth(), 1);
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
      await this.buildSupplierFeed(supplier, month);
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
    this.requireReportMonthClosed(month);
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
    if (month > this.currentMonth()) throw monthNotClosed(month, this.currentMonth());
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
    return this.buildMonth(month);
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

/** SHA-256 (hex) of the canonical JSON of a report's content. */
export function hashOf(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

