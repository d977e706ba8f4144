import { routeCoverage } from '@inkijk/platform';
import { EvaluationController } from './evaluation.controller';
import { OPENAPI } from './routes';

describe('the OpenAPI document of the authorization service', () => {
  it('documents every route the controllers serve, and no other', () => {
    expect(routeCoverage(OPENAPI, [EvaluationController])).toEqual({ undocumented: [], unserved: [] });
  });

  it('documents the evaluation request from the schema that validates it, for service callers only', () => {
    const op = OPENAPI.paths['/access/v1/evaluation'].post!;
    expect(op['x-roles']).toEqual([]);
    expect(op.requestBody!.content['application/json'].schema).toMatchObject({ type: 'object', required: expect.arrayContaining(['subject', 'action', 'context']) });
  });
});
