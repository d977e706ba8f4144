import { commonEnv, httpEnv, loadConfig } from '@inkijk/platform';

export const authorizationEnv = {
  ...commonEnv,
  ...httpEnv(3020),
};

export const loadAuthorizationConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(authorizationEnv, env);
export type AuthorizationConfig = ReturnType<typeof loadAuthorizationConfig>;
