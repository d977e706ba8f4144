import { routeCoverage } from '@inkijk/platform';
import { DeadLettersController } from './dead-letters.controller';
import { StatusController } from './status.controller';
import { OPENAPI } from './routes';

describe('the OpenAPI document of the operations service', () => {
  it('documents every route the controllers serve, and no other', () => {
    expect(routeCoverage(OPENAPI, [DeadLettersController, StatusController])).toEqual({ undocumented: [], unserved: [] });
  });

  it('documents both endpoints for the security officer only, with the catalogue names as the only topics', () => {
    expect(OPENAPI.paths['/dead-letters'].get!['x-roles']).toEqual(['SECURITY_OFFICER']);
    const replay = OPENAPI.paths['/dead-letters/replay'].post!;
    expect(replay['x-roles']).toEqual(['SECURITY_OFFICER']);
    const body = replay.requestBody!.content['application/json'].schema as { required: string[]; properties: Record<string, { enum?: string[] }> };
    expect(body.required.sort()).toEqual(['group', 'topic']);
    expect(body.properties.topic.enum).toContain('inkijk.caseload.events-gm0392.v1');
    expect(body.properties.group.enum).toContain('registration.caseload');
  });
});
