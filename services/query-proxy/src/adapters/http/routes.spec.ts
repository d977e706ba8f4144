import { routeCoverage } from '@inkijk/platform';
import { LoginController } from './login.controller';
import { QueryController } from './query.controller';
import { OPENAPI } from './routes';

describe('the OpenAPI document of the gateway', () => {
  it('documents every route the controllers serve, and no other', () => {
    expect(routeCoverage(OPENAPI, [QueryController, LoginController])).toEqual({ undocumented: [], unserved: [] });
  });

  it('documents the query body from the schema that validates it', () => {
    const schema = OPENAPI.paths['/queries'].post!.requestBody!.content['application/json'].schema as { required: string[]; properties: Record<string, unknown> };
    expect(schema.required).toEqual(['actingForMunicipalityId', 'product', 'legalDomain', 'searchKey']);
    expect(schema.properties.legalDomain).toEqual({ type: 'string', enum: ['PARTICIPATIEWET', 'IOAW', 'IOAZ'] });
    expect(OPENAPI.paths['/auth/login'].post!.security).toEqual([]);
  });
});
