import { commonEnv, httpEnv, loadConfig } from '@inkijk/platform';

export const supplierReportingEnv = {
  ...commonEnv,
  ...httpEnv(3040),
};

export const loadSupplierReportingConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(supplierReportingEnv, env);
export type SupplierReportingConfig = ReturnType<typeof loadSupplierReportingConfig>;
