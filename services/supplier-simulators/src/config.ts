import { commonEnv, httpEnv, loadConfig } from '@inkijk/platform';

export const supplierSimulatorsEnv = {
  ...commonEnv,
  ...httpEnv(3090),
};

export const loadSupplierSimulatorsConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(supplierSimulatorsEnv, env);
export type SupplierSimulatorsConfig = ReturnType<typeof loadSupplierSimulatorsConfig>;
