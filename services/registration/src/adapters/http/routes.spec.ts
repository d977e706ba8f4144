import { routeCoverage } from '@inkijk/platform';
import { ApplicationsController } from './applications.controller';
import { AuthController } from './auth.controller';
import { CollaborationsController } from './collaborations.controller';
import { GrantsController } from './grants.controller';
import { LoginSecurityController, SecondFactorController } from './login-security.controller';
import { LogoutController } from './logout.controller';
import { OrganisationsController } from './organisations.controller';
import { OPENAPI } from './routes';
import { UsersController } from './users.controller';
import { WhitelistController } from './whitelist.controller';

/** The controllers the module serves (app.module.ts). */
const CONTROLLERS = [AuthController, LogoutController, SecondFactorController, LoginSecurityController, OrganisationsController, CollaborationsController, ApplicationsController, GrantsController, UsersController, WhitelistController];

describe('the OpenAPI document of registration', () => {
  it('documents every route the controllers serve, and no other', () => {
    expect(routeCoverage(OPENAPI, CONTROLLERS)).toEqual({ undocumented: [], unserved: [] });
  });

  it('declares ids as UUIDs and documents the bodies from the schemas that validate them', () => {
    const op = OPENAPI.paths['/users/{id}/tasks'].put!;
    expect(op.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', schema: expect.objectContaining({ format: 'uuid' }) })]);
    expect(op.requestBody!.content['application/json'].schema).toMatchObject({ type: 'object', required: ['roles'], properties: { escapeRight: { type: 'boolean', default: false } } });
    expect(Object.keys(OPENAPI.paths['/collaborations'].post!.requestBody!.content)).toEqual(['multipart/form-data']);
    expect(OPENAPI.paths['/auth/login'].post!.security).toEqual([]);
  });
});
