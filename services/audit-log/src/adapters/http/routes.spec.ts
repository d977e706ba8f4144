import { routeCoverage } from '@inkijk/platform';
import { AuditController } from './audit.controller';
import { CitizenController } from './citizen.controller';
import { OPENAPI } from './routes';

describe('the OpenAPI document of the audit log', () => {
  it('documents every route the controllers serve, and no other', () => {
    expect(routeCoverage(OPENAPI, [AuditController, CitizenController])).toEqual({ undocumented: [], unserved: [] });
  });

  it('declares a trace id as 32 hex digits and says who may verify', () => {
    expect(OPENAPI.paths['/audit/traces/{traceId}'].get!.parameters![0]).toMatchObject({ name: 'traceId', in: 'path', required: true });
    expect(OPENAPI.paths['/audit/verify'].post!['x-roles']).toEqual(['SECURITY_OFFICER']);
  });

  it('documents the kind, category and action filters of the list endpoints', () => {
    for (const path of ['/audit/records', '/audit/workers/{userId}/records']) {
      const names = OPENAPI.paths[path].get!.parameters!.map((p) => (p as { name: string }).name);
      expect(names).toEqual(expect.arrayContaining(['kind', 'category', 'action']));
    }
  });
});
