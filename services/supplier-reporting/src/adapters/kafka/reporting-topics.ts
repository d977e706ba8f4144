/**
 * The topics and consumer groups of supplier reporting, from the catalogue. Tests pass copies
 * under names of their own run.
 */
import { audit, ConsumerGroups, query, reporting, topics, TopicSpec } from '@inkijk/contracts';

export interface ReportingTopics {
  attributedQueries: TopicSpec<query.AttributedQuery>;
  /** Read (account management, logins) and written (this service's own downloads and builds). */
  activity: TopicSpec<audit.ActivityEvent>;
  customerUsage: TopicSpec<reporting.CustomerUsageReport>;
  supplierUsage: Record<query.Supplier, TopicSpec<reporting.SupplierUsageReport>>;
  /** The suppliers' protocol lines (issue 20), one topic per supplier. */
  protocol: Record<query.Supplier, TopicSpec<reporting.ProtocolLine>>;
}

export interface ReportingGroups {
  attributedQueries: string;
  activity: string;
  /** The completeness index of the attributed-query topic. */
  completeness: string;
}

export const REPORTING_TOPICS: ReportingTopics = {
  attributedQueries: topics.attributedQueries,
  activity: topics.activity,
  customerUsage: topics.customerUsage,
  supplierUsage: topics.supplierUsage,
  protocol: topics.supplierProtocol,
};

export const REPORTING_GROUPS: ReportingGroups = {
  attributedQueries: ConsumerGroups.reporting,
  activity: ConsumerGroups.reportingActivity,
  completeness: ConsumerGroups.reportingCompleteness,
};
