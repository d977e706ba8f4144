import { z } from 'zod';
import { SERVICE_PORTS } from '@inkijk/contracts';
import { commonEnv, httpEnv, loadConfig } from '@inkijk/platform';

export const supplierSimulatorsEnv = {
  ...commonEnv,
  ...httpEnv(SERVICE_PORTS['supplier-simulators']),
  /** Start-up faults, e.g. "UWV=error,SVB=slow:3000". */
  SIM_FAULTS: z.string().optional(),
  /** Enables PUT /_faults/:supplier for tests; unset in normal runs. */
  SIM_ADMIN_TOKEN: z.string().min(16).optional(),
};

export const loadSupplierSimulatorsConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(supplierSimulatorsEnv, env);
export type SupplierSimulatorsConfig = ReturnType<typeof loadSupplierSimulatorsConfig>;
