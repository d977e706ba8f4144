import { routeCoverage } from '@inkijk/platform';
import { OPENAPI } from './routes';
import { SimulatorsController } from './simulators.controller';

describe('the OpenAPI document of the supplier simulators', () => {
  it('documents every route the controller serves, and no other', () => {
    expect(routeCoverage(OPENAPI, [SimulatorsController])).toEqual({ undocumented: [], unserved: [] });
  });

  it('documents the protocol headers the BRP requires, and the request id it logs', () => {
    const headers = OPENAPI.paths['/haalcentraal/api/brp/personen'].post!.parameters!.filter((p) => p.in === 'header').map((p) => [p.name, p.required]);
    expect(headers).toEqual([['x-origin-oin', true], ['x-request-id', false], ['x-doelbinding', true], ['x-verwerking', true], ['x-gebruiker', true]]);
  });
});
