import { commonEnv, httpEnv, loadConfig } from '@inkijk/platform';

export const auditLogEnv = {
  ...commonEnv,
  ...httpEnv(3030),
};

export const loadAuditLogConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(auditLogEnv, env);
export type AuditLogConfig = ReturnType<typeof loadAuditLogConfig>;
