/**
 * The usage aggregates and report versions in PostgreSQL, in plain SQL (no Prisma models: the
 * statements run on the caller's transaction through its SqlQuery). Aggregates are written as bulk upserts
 * (one statement per table per batch, rows in key order so concurrent writers lock rows in the
 * same order); every method runs on the caller's transaction.
 */
import { ACTIVITY_CATEGORIES } from '@inkijk/contracts';
import type { SqlQuery } from '@inkijk/platform';
import type { Month } from '../../domain/month';
import type {
  ActivityUsageRow,
  ChangedMonth,
  ProvisionLine,
  QueryDelta,
  QueryUsageRow,
  SubjectUsageRow,
  SupplierUsageRow,
  WorkerUsageRow,
} from '../../domain/usage';
import type { KnownOrganisation } from '../../domain/reports';
import type { ChangeMark, ReportingRepository, ReportKind, StoredVersion } from '../../app/ports';

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v));
const json = (rows: unknown[]) => JSON.stringify(rows);
/** The actions whose category is account management (the contracts' table). */
const ACCOUNT_MANAGEMENT_ACTIONS = Object.entries(ACTIVITY_CATEGORIES)
  .filter(([, category]) => category === 'ACCOUNT_MANAGEMENT')
  .map(([action]) => action);
const ms = (column: string) => `round(extract(epoch from ${column}) * 1000)::float8`;

export class PgReportingStore implements ReportingRepository {
  // ---- writes (consumers) ----------------------------------------------------------------

  async applyQueryDelta(sql: SqlQuery, d: QueryDelta): Promise<void> {
    if (d.queryUsage.length) {
      await sql(
        `INSERT INTO query_usage (month, organisation_id, collaboration_id, product, search_key_type, outside_office_hours, whitelist_outcome, escape_reason, not_on_caseload, queries, last_occurred_at)
         SELECT r.month, r."organisationId", r."collaborationId", r.product, r."searchKeyType", r."outsideOfficeHours", r."whitelistOutcome", r."escapeReason", r."notOnCaseload", r.queries, to_timestamp(r."lastOccurredAt" / 1000.0)
         FROM jsonb_to_recordset($1::jsonb) AS r(month text, "organisationId" text, "collaborationId" text, product text, "searchKeyType" text, "outsideOfficeHours" boolean, "whitelistOutcome" text, "escapeReason" text, "notOnCaseload" boolean, queries bigint, "lastOccurredAt" bigint)
         ON CONFLICT (organisation_id, month, collaboration_id, product, search_key_type, outside_office_hours, whitelist_outcome, escape_reason, not_on_caseload)
         DO UPDATE SET queries = query_usage.queries + EXCLUDED.queries, last_occurred_at = GREATEST(query_usage.last_occurred_at, EXCLUDED.last_occurred_at)`,
        [json(d.queryUsage)],
      );
    }
    if (d.supplierUsage.length) {
      await sql(
        `INSERT INTO supplier_usage (month, supplier, organisation_id, queries, person_lists_provided, last_occurred_at)
         SELECT r.month, r.supplier, r."organisationId", r.queries, r."personListsProvided", to_timestamp(r."lastOccurredAt" / 1000.0)
         FROM jsonb_to_recordset($1::jsonb) AS r(month text, supplier text, "organisationId" text, queries bigint, "personListsProvided" bigint, "lastOccurredAt" bigint)
         ON CONFLICT (supplier, month, organisation_id)
         DO UPDATE SET queries = supplier_usage.queries + EXCLUDED.queries, person_lists_provided = supplier_usage.person_lists_provided + EXCLUDED.person_lists_provided,
                       last_occurred_at = GREATEST(supplier_usage.last_occurred_at, EXCLUDED.last_occurred_at)`,
        [json(d.supplierUsage)],
      );
    }
    if (d.workerUsage.length) {
      await sql(
        `INSERT INTO worker_usage (month, organisation_id, user_id, queries)
         SELECT r.month, r."organisationId", r."userId", r.queries FROM jsonb_to_recordset($1::jsonb) AS r(month text, "organisationId" text, "userId" text, queries bigint)
         ON CONFLICT (organisation_id, month, user_id) DO UPDATE SET queries = worker_usage.queries + EXCLUDED.queries`,
        [json(d.workerUsage)],
      );
    }
    if (d.subjectUsage.length) {
      await sql(
        `INSERT INTO subject_usage (month, organisation_id, pseudonym, queries)
         SELECT r.month, r."organisationId", r.pseudonym, r.queries FROM jsonb_to_recordset($1::jsonb) AS r(month text, "organisationId" text, pseudonym text, queries bigint)
         ON CONFLICT (organisation_id, month, pseudonym) DO UPDATE SET queries = subject_usage.queries + EXCLUDED.queries`,
        [json(d.subjectUsage)],
      );
    }
    if (d.provisions.length) {
      await sql(
        `INSERT INTO brp_provision (event_id, organisation_id, month, provision_date, customer_oin, product, pseudonym, person_lists_provided)
         SELECT r."eventId", r."organisationId", r.month, r.date::date, r."customerOin", r.product, r.pseudonym, r."personListsProvided"
         FROM jsonb_to_recordset($1::jsonb) AS r("eventId" text, "organisationId" text, month text, date text, "customerOin" text, product text, pseudonym text, "personListsProvided" int)
         ON CONFLICT (event_id) DO NOTHING`,
        [json(d.provisions)],
      );
    }
    if (d.organisations.length) {
      await sql(
        `INSERT INTO customer_organisation (id, oin, name, cbs_code, seen_at, seen_event_id)
         SELECT r.id, r.oin, r.name, r."cbsCode", to_timestamp(r."seenAt" / 1000.0), r."seenEventId"
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, oin text, name text, "cbsCode" text, "seenAt" bigint, "seenEventId" text)
         ON CONFLICT (id) DO UPDATE SET oin = EXCLUDED.oin, name = EXCLUDED.name, cbs_code = EXCLUDED.cbs_code, seen_at = EXCLUDED.seen_at, seen_event_id = EXCLUDED.seen_event_id
         WHERE (customer_organisation.seen_at, customer_organisation.seen_event_id COLLATE "C") < (EXCLUDED.seen_at, EXCLUDED.seen_event_id COLLATE "C")`,
        [json(d.organisations)],
      );
    }
    await this.markChanged(sql, d.changed);
  }

  async applyActivityUsage(sql: SqlQuery, rows: readonly ActivityUsageRow[], changed: readonly ChangedMonth[]): Promise<void> {
    if (rows.length) {
      await sql(
        `INSERT INTO activity_usage (month, organisation_id, action, outcome, actor_user_id, actions, last_occurred_at)
         SELECT r.month, r."organisationId", r.action, r.outcome, r."actorUserId", r.actions, to_timestamp(r."lastOccurredAt" / 1000.0)
         FROM jsonb_to_recordset($1::jsonb) AS r(month text, "organisationId" text, action text, outcome text, "actorUserId" text, actions bigint, "lastOccurredAt" bigint)
         ON CONFLICT (organisation_id, month, action, outcome, actor_user_id)
         DO UPDATE SET actions = activity_usage.actions + EXCLUDED.actions, last_occurred_at = GREATEST(activity_usage.last_occurred_at, EXCLUDED.last_occurred_at)`,
        [json([...rows])],
      );
    }
    await this.markChanged(sql, changed);
  }

  private async markChanged(sql: SqlQuery, changed: readonly ChangedMonth[]): Promise<void> {
    if (!changed.length) return;
    await sql(
      `INSERT INTO changed_month (kind, scope, month)
       SELECT r.kind::changed_scope, r.scope, r.month FROM jsonb_to_recordset($1::jsonb) AS r(kind text, scope text, month text)
       ON CONFLICT (kind, scope, month) DO UPDATE SET revision = changed_month.revision + 1`,
      [json([...changed])],
    );
  }

  // ---- reads (reports) -----------------------------------------------------------------

  async organisation(sql: SqlQuery, id: string): Promise<KnownOrganisation | null> {
    const [row] = await sql('SELECT id, oin, name FROM customer_organisation WHERE id = $1', [id]);
    return row ? { id: String(row.id), oin: String(row.oin), name: String(row.name) } : null;
  }

  /** Whether anything was ever counted for the organisation (a query for it or an account-management action for it). */
  async organisationKnown(sql: SqlQuery, id: string): Promise<boolean> {
    const [row] = await sql(
      'SELECT (EXISTS (SELECT 1 FROM customer_organisation WHERE id = $1) OR EXISTS (SELECT 1 FROM activity_usage WHERE organisation_id = $1 AND action = ANY($2::text[]))) AS known',
      [id, ACCOUNT_MANAGEMENT_ACTIONS],
    );
    return row?.known === true;
  }

  /** Organisations with any query or account-management action in [from, to]. */
  async organisationsWithUsage(sql: SqlQuery, from: Month, to: Month): Promise<string[]> {
    const rows = await sql(
      `SELECT organisation_id FROM query_usage WHERE month BETWEEN $1 AND $2
       UNION SELECT organisation_id FROM activity_usage WHERE month BETWEEN $1 AND $2 AND action = ANY($3::text[])
       ORDER BY 1`,
      [from, to, ACCOUNT_MANAGEMENT_ACTIONS],
    );
    return rows.map((r) => String(r.organisation_id));
  }

  async queryUsage(sql: SqlQuery, organisationId: string, from: Month, to: Month): Promise<Omit<QueryUsageRow, 'organisationId'>[]> {
    const rows = await sql(
      `SELECT month, collaboration_id, product, search_key_type, outside_office_hours, whitelist_outcome, escape_reason, not_on_caseload, queries, ${ms('last_occurred_at')} AS last_ms
       FROM query_usage WHERE organisation_id = $1 AND month BETWEEN $2 AND $3`,
      [organisationId, from, to],
    );
    return rows.map((r) => ({
      month: String(r.month),
      collaborationId: String(r.collaboration_id),
      product: String(r.product),
      searchKeyType: String(r.search_key_type),
      outsideOfficeHours: r.outside_office_hours === true,
      whitelistOutcome: String(r.whitelist_outcome),
      escapeReason: String(r.escape_reason),
      notOnCaseload: r.not_on_caseload === true,
      queries: num(r.queries),
      lastOccurredAt: num(r.last_ms),
    }));
  }

  async supplierUsageOfOrganisation(sql: SqlQuery, organisationId: string, from: Month, to: Month): Promise<Omit<SupplierUsageRow, 'organisationId'>[]> {
    const rows = await sql(
      `SELECT month, supplier, queries, person_lists_provided, ${ms('last_occurred_at')} AS last_ms
       FROM supplier_usage WHERE organisation_id = $1 AND month BETWEEN $2 AND $3`,
      [organisationId, from, to],
    );
    return rows.map((r) => ({
      month: String(r.month),
      supplier: String(r.supplier),
      queries: num(r.queries),
      personListsProvided: num(r.person_lists_provided),
      lastOccurredAt: num(r.last_ms),
    }));
  }

  async activityUsage(sql: SqlQuery, organisationId: string, from: Month, to: Month): Promise<Omit<ActivityUsageRow, 'organisationId'>[]> {
    const rows = await sql(
      `SELECT month, action, outcome, actor_user_id, actions, ${ms('last_occurred_at')} AS last_ms FROM activity_usage WHERE organisation_id = $1 AND month BETWEEN $2 AND $3`,
      [organisationId, from, to],
    );
    return rows.map((r) => ({
      month: String(r.month),
      action: String(r.action),
      outcome: String(r.outcome),
      actorUserId: String(r.actor_user_id),
      actions: num(r.actions),
      lastOccurredAt: num(r.last_ms),
    }));
  }

  /** One supplier's usage in one month, per customer organisation, with the organisation as last seen. */
  async supplierUsage(sql: SqlQuery, supplier: string, month: Month) {
    const rows = await sql(
      `SELECT su.organisation_id, su.queries, su.person_lists_provided, ${ms('su.last_occurred_at')} AS last_ms, co.oin, co.name
       FROM supplier_usage su JOIN customer_organisation co ON co.id = su.organisation_id
       WHERE su.supplier = $1 AND su.month = $2`,
      [supplier, month],
    );
    return rows.map((r) => ({
      organisationId: String(r.organisation_id),
      queries: num(r.queries),
      personListsProvided: num(r.person_lists_provided),
      lastOccurredAt: num(r.last_ms),
      organisation: { id: String(r.organisation_id), oin: String(r.oin), name: String(r.name) },
    }));
  }

  async workerUsage(sql: SqlQuery, organisationId: string, from: Month, to: Month): Promise<Omit<WorkerUsageRow, 'organisationId'>[]> {
    const rows = await sql('SELECT month, user_id, queries FROM worker_usage WHERE organisation_id = $1 AND month BETWEEN $2 AND $3', [organisationId, from, to]);
    return rows.map((r) => ({ month: String(r.month), userId: String(r.user_id), queries: num(r.queries) }));
  }

  async subjectUsage(sql: SqlQuery, organisationId: string, from: Month, to: Month): Promise<Omit<SubjectUsageRow, 'organisationId'>[]> {
    const rows = await sql('SELECT month, pseudonym, queries FROM subject_usage WHERE organisation_id = $1 AND month BETWEEN $2 AND $3', [organisationId, from, to]);
    return rows.map((r) => ({ month: String(r.month), pseudonym: String(r.pseudonym), queries: num(r.queries) }));
  }

  async provisions(sql: SqlQuery, organisationId: string, month: Month): Promise<Omit<ProvisionLine, 'organisationId'>[]> {
    const rows = await sql(
      `SELECT event_id, month, to_char(provision_date, 'YYYY-MM-DD') AS date, customer_oin, product, pseudonym, person_lists_provided
       FROM brp_provision WHERE organisation_id = $1 AND month = $2`,
      [organisationId, month],
    );
    return rows.map((r) => ({
      eventId: String(r.event_id),
      month: String(r.month),
      date: String(r.date),
      customerOin: String(r.customer_oin),
      product: String(r.product),
      pseudonym: r.pseudonym === null ? null : String(r.pseudonym),
      personListsProvided: num(r.person_lists_provided),
    }));
  }

  // ---- report versions -----------------------------------------------------------------

  /** Serialises builds of one report (transaction-scoped advisory lock). */
  async lockReport(sql: SqlQuery, kind: ReportKind, scope: string, month: Month): Promise<void> {
    await sql(`SELECT true AS locked FROM pg_advisory_xact_lock(hashtextextended($1, 0))`, [`report/${kind}/${scope}/${month}`]);
  }

  /** One version, or the newest when `version` is omitted. */
  async version(sql: SqlQuery, kind: ReportKind, scope: string, month: Month, version?: number): Promise<StoredVersion | null> {
    const rows = await sql(
      `SELECT version, content_hash, body, created_at FROM report_version
       WHERE kind = $1::report_kind AND scope = $2 AND month = $3 AND ($4::int IS NULL OR version = $4::int)
       ORDER BY version DESC LIMIT 1`,
      [kind, scope, month, version ?? null],
    );
    const r = rows[0];
    return r ? { version: num(r.version), contentHash: String(r.content_hash), body: String(r.body), createdAt: r.created_at as Date } : null;
  }

  async versions(sql: SqlQuery, kind: ReportKind, scope: string, month: Month): Promise<Omit<StoredVersion, 'body'>[]> {
    const rows = await sql(
      'SELECT version, content_hash, created_at FROM report_version WHERE kind = $1::report_kind AND scope = $2 AND month = $3 ORDER BY version',
      [kind, scope, month],
    );
    return rows.map((r) => ({ version: num(r.version), contentHash: String(r.content_hash), createdAt: r.created_at as Date }));
  }

  async insertVersion(sql: SqlQuery, kind: ReportKind, scope: string, month: Month, version: number, contentHash: string, body: string): Promise<void> {
    await sql('INSERT INTO report_version (kind, scope, month, version, content_hash, body) VALUES ($1::report_kind, $2, $3, $4, $5, $6)', [
      kind,
      scope,
      month,
      version,
      contentHash,
      body,
    ]);
  }

  /** The report months among `months` for which a report of this kind and scope has been built. */
  async builtMonths(sql: SqlQuery, kind: ReportKind, scope: string, months: readonly Month[]): Promise<Month[]> {
    const rows = await sql('SELECT DISTINCT month FROM report_version WHERE kind = $1::report_kind AND scope = $2 AND month = ANY($3::text[]) ORDER BY month', [
      kind,
      scope,
      [...months],
    ]);
    return rows.map((r) => String(r.month));
  }

  // ---- late changes and the timer ------------------------------------------------------

  async changedMonths(sql: SqlQuery, limit = 1000): Promise<ChangeMark[]> {
    const rows = await sql('SELECT kind::text AS kind, scope, month, revision FROM changed_month ORDER BY kind, scope, month LIMIT $1', [limit]);
    return rows.map((r) => ({ kind: r.kind as ChangedMonth['kind'], scope: String(r.scope), month: String(r.month), revision: num(r.revision) }));
  }

  /** Clears a change mark unless it was raised again since it was read. */
  async clearChanged(sql: SqlQuery, mark: ChangeMark): Promise<void> {
    await sql('DELETE FROM changed_month WHERE kind = $1::changed_scope AND scope = $2 AND month = $3 AND revision = $4', [mark.kind, mark.scope, mark.month, mark.revision]);
  }

  async scheduledBuildDone(sql: SqlQuery, month: Month): Promise<boolean> {
    const rows = await sql('SELECT 1 AS done FROM scheduled_build WHERE month = $1', [month]);
    return rows.length > 0;
  }

  async recordScheduledBuild(sql: SqlQuery, month: Month): Promise<void> {
    await sql('INSERT INTO scheduled_build (month) VALUES ($1) ON CONFLICT (month) DO NOTHING', [month]);
  }
}
