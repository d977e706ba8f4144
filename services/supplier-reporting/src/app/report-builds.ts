/**
 * Building and versioning the reports (the consumers' and the timer's side). A build computes a
 * report from the aggregates and stores it as a new version only when its content differs from
 * the newest version (a rebuild that changes nothing keeps the version); the new version and its
 * feed record commit in one transaction (outbox).
 */
import { createHash } from 'node:crypto';
import { inSpan, SqlQuery } from '@inkijk/platform';
import { monthNotClosed } from '../domain/errors';
import { coveredMonths, Month, monthOf, reportMonthsCovering } from '../domain/month';
import { genericReport, renderJson, reportContent, supplierFeed } from '../domain/reports';
import { ChangeMark, Clock, Database, FeedOutbox, ReportingRepository, ReportKind } from './ports';

export interface BuildResult {
  kind: ReportKind;
  scope: string;
  month: Month;
  version: number;
  /** false: the newest version already had this content. */
  created: boolean;
}

export class ReportBuilds {
  constructor(
    private readonly db: Database,
    private readonly store: ReportingRepository,
    private readonly outbox: FeedOutbox,
    private readonly clock: Clock,
    /** Every supplier a feed is built for. */
    readonly suppliers: readonly string[],
  ) {}

  /** The month now is in (Europe/Amsterdam): the first month not yet closed. */
  currentMonth(): Month {
    return monthOf(this.clock.now());
  }

  /** A generic report of M covers M-6 .. M-1, so it can be built from the first day of M. */
  requireReportMonthClosed(reportMonth: Month): void {
    if (reportMonth > this.currentMonth()) throw monthNotClosed(reportMonth, this.currentMonth());
  }

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
}

/** SHA-256 (hex) of the canonical JSON of a report's content. */
export function hashOf(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
