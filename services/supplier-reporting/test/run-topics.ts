/** The reporting topics of one test run: copies of the catalogue entries under names of the run only. */
import { query, topics } from '@inkijk/contracts';
import { runTopic } from '@inkijk/testing';
import type { ReportingTopics } from '../src/adapters/kafka/reporting-topics';

export function reportingTopicsOf(run: string, prefix: string): ReportingTopics {
  return {
    attributedQueries: runTopic(run, topics.attributedQueries, `${prefix}-queries`),
    activity: runTopic(run, topics.activity, `${prefix}-activity`),
    customerUsage: runTopic(run, topics.customerUsage, `${prefix}-customer-usage`),
    supplierUsage: Object.fromEntries(query.SupplierValues.map((s) => [s, runTopic(run, topics.supplierUsage[s], `${prefix}-supplier-${s.toLowerCase()}`)])) as ReportingTopics['supplierUsage'],
    protocol: Object.fromEntries(query.SupplierValues.map((s) => [s, runTopic(run, topics.supplierProtocol[s], `${prefix}-protocol-${s.toLowerCase()}`)])) as ReportingTopics['protocol'],
  };
}
