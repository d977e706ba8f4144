/** The portal app as main.ts and the tests build it: the platform's HTTP setup plus HTML error pages. */
import type { INestApplication } from '@nestjs/common';
import { createHttpApp } from '@inkijk/platform';
import { PortalModule } from './app.module';
import { PagesFilter } from './adapters/http/pages.filter';
import type { PortalConfig } from './config';

export async function createPortalApp(config: PortalConfig): Promise<INestApplication> {
  const app = await createHttpApp(PortalModule.forConfig(config), { service: 'portal', bodyLimit: '32kb' });
  // Registered after the platform's JSON error filter, so it wins: a browser gets pages, also for 404.
  app.useGlobalFilters(new PagesFilter());
  return app;
}
