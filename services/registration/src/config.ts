import { commonEnv, databaseUrl, httpEnv, loadConfig } from '@inkijk/platform';

export const registrationEnv = {
  ...commonEnv,
  ...httpEnv(3010),
  DATABASE_URL: databaseUrl('inkijk_registration'),
};

export const loadRegistrationConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(registrationEnv, env);
export type RegistrationConfig = ReturnType<typeof loadRegistrationConfig>;
