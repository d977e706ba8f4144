import { routeCoverage } from '@inkijk/platform';
import { AssetsController } from './assets.controller';
import { AuditReportsController } from './audit-reports.controller';
import { AuthController } from './auth.controller';
import { GrantsController } from './grants.controller';
import { OfficerController } from './officer.controller';
import { OPENAPI } from './routes';
import { SecondFactorController } from './second-factor.controller';
import { SignalsPageController } from './signals.controller';
import { StatusPageController } from './status-page.controller';
import { WorkerController } from './worker.controller';

describe("the OpenAPI document of the portal's pages and forms", () => {
  it('documents every page and form post the controllers serve, and no other', () => {
    expect(routeCoverage(OPENAPI, [AuthController, WorkerController, OfficerController, GrantsController, AuditReportsController, AssetsController, SecondFactorController, SignalsPageController, StatusPageController])).toEqual({ undocumented: [], unserved: [] });
  });

  it('documents the query form as a form post behind the session cookie', () => {
    const op = OPENAPI.paths['/bevraging'].post!;
    expect(Object.keys(op.requestBody!.content)).toEqual(['application/x-www-form-urlencoded']);
    expect(op.security).toEqual([{ session: [] }]);
    expect(op['x-roles']).toEqual(['WORKER']);
  });
});
