/**
 * The topics and consumer groups of supplier reporting, from the catalogue. Tests pass copies
 * under names of their own run.
 */
import { ConsumerGroups, query, registration, reporting, topics, TopicSpec } from '@inkijk/contracts';

/**
 * Consumer group of the account-management actions (UserEvent on inkijk.registration.users.v1).
 * Listed in the catalogue with the users topic.
 */
export const ACCOUNT_ACTIONS_GROUP = ConsumerGroups.reportingAccountActions;

export interface ReportingTopics {
  attributedQueries: TopicSpec<query.AttributedQuery>;
  users: TopicSpec<registration.UserEvent>;
  customerUsage: TopicSpec<reporting.CustomerUsageReport>;
  supplierUsage: Record<query.Supplier, TopicSpec<reporting.SupplierUsageReport>>;
}

export interface ReportingGroups {
  attributedQueries: string;
  accountActions: string;
}

export const REPORTING_TOPICS: ReportingTopics = {
  attributedQueries: topics.attributedQueries,
  users: topics.users,
  customerUsage: topics.customerUsage,
  supplierUsage: topics.supplierUsage,
};

export const REPORTING_GROUPS: ReportingGroups = {
  attributedQueries: ConsumerGroups.reporting,
  accountActions: ACCOUNT_ACTIONS_GROUP,
};
