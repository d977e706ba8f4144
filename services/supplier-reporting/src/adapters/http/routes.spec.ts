import { parseInput, routeCoverage } from '@inkijk/platform';
import { FeedsController, ReportsController } from './reports.controller';
import { SignalsController } from './signals.controller';
import { OPENAPI, orgMonthParams, reportQuery } from './routes';

describe('the OpenAPI document of supplier reporting', () => {
  it('documents every route the controllers serve, and no other', () => {
    expect(routeCoverage(OPENAPI, [ReportsController, FeedsController, SignalsController])).toEqual({ undocumented: [], unserved: [] });
  });

  it('declares organisation ids as UUIDs and formats as an enum', () => {
    const params = OPENAPI.paths['/feeds/rvig/protocol/{organisationId}/{month}'].get!.parameters!;
    expect(params.find((p) => p.name === 'organisationId')!.schema).toMatchObject({ type: 'string', format: 'uuid' });
    expect(params.find((p) => p.name === 'format')!.schema).toMatchObject({ enum: ['json', 'csv'] });
  });

  it('refuses with the codes the domain gives', () => {
    const org = '4f1c2a52-0000-4000-8000-000000000473';
    expect(() => parseInput(orgMonthParams, { organisationId: org, month: '2026-13' })).toThrow(expect.objectContaining({ status: 400, code: 'INVALID_MONTH' }));
    expect(() => parseInput(orgMonthParams, { organisationId: 'not-a-uuid', month: '2026-10' })).toThrow(expect.objectContaining({ status: 400, code: 'VALIDATION_FAILED' }));
    expect(() => parseInput(reportQuery, { format: 'pdf' })).toThrow(expect.objectContaining({ code: 'UNKNOWN_FORMAT' }));
    expect(() => parseInput(reportQuery, { version: 'x' })).toThrow(expect.objectContaining({ code: 'INVALID_VERSION' }));
    expect(parseInput(reportQuery, { format: 'CSV', version: '2' })).toEqual({ format: 'CSV', version: '2' });
  });
});
