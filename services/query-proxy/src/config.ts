import { commonEnv, httpEnv, loadConfig } from '@inkijk/platform';

export const queryProxyEnv = {
  ...commonEnv,
  ...httpEnv(3000),
};

export const loadQueryProxyConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(queryProxyEnv, env);
export type QueryProxyConfig = ReturnType<typeof loadQueryProxyConfig>;
