import { Caller, decideAccess, ReportResource, Role } from './access';

const HAARLEM = 'org-haarlem';
const ZANDVOORT = 'org-zandvoort';
const as = (home: string, ...roles: Role[]): Caller => ({ homeMunicipalityId: home, roles });

describe('who may read which report', () => {
  const cases: Array<[string, Caller, ReportResource, boolean | string]> = [
    ['mandated person, own generic report', as(HAARLEM, 'MANDATED_PERSON'), { kind: 'GENERIC_REPORT', organisationId: HAARLEM }, true],
    ["mandated person, another organisation's generic report", as(HAARLEM, 'MANDATED_PERSON'), { kind: 'GENERIC_REPORT', organisationId: ZANDVOORT }, 'GENERIC_REPORT_FORBIDDEN'],
    ['security officer, any generic report', as(HAARLEM, 'SECURITY_OFFICER'), { kind: 'GENERIC_REPORT', organisationId: ZANDVOORT }, true],
    ['worker, own generic report', as(HAARLEM, 'WORKER'), { kind: 'GENERIC_REPORT', organisationId: HAARLEM }, 'GENERIC_REPORT_FORBIDDEN'],
    ['user administrator, own generic report', as(HAARLEM, 'USER_ADMINISTRATOR'), { kind: 'GENERIC_REPORT', organisationId: HAARLEM }, 'GENERIC_REPORT_FORBIDDEN'],
    ['mandated person, own specific report', as(HAARLEM, 'WORKER', 'MANDATED_PERSON'), { kind: 'SPECIFIC_REPORT', organisationId: HAARLEM }, true],
    ["mandated person, another organisation's specific report", as(HAARLEM, 'MANDATED_PERSON'), { kind: 'SPECIFIC_REPORT', organisationId: ZANDVOORT }, 'SPECIFIC_REPORT_FORBIDDEN'],
    ['security officer, specific report', as(HAARLEM, 'SECURITY_OFFICER'), { kind: 'SPECIFIC_REPORT', organisationId: HAARLEM }, 'SPECIFIC_REPORT_FORBIDDEN'],
    ['security officer, supplier feed', as(HAARLEM, 'SECURITY_OFFICER'), { kind: 'SUPPLIER_FEED' }, true],
    ['mandated person, supplier feed', as(HAARLEM, 'MANDATED_PERSON'), { kind: 'SUPPLIER_FEED' }, 'SUPPLIER_FEED_FORBIDDEN'],
    ['security officer, protocol lines', as(HAARLEM, 'SECURITY_OFFICER'), { kind: 'PROTOCOL_LINES', organisationId: ZANDVOORT }, true],
    ['mandated person, own protocol lines', as(HAARLEM, 'MANDATED_PERSON'), { kind: 'PROTOCOL_LINES', organisationId: HAARLEM }, 'PROTOCOL_LINES_FORBIDDEN'],
    ['security officer, build', as(HAARLEM, 'SECURITY_OFFICER'), { kind: 'REPORT_BUILD' }, true],
    ['mandated person, build', as(HAARLEM, 'MANDATED_PERSON'), { kind: 'REPORT_BUILD' }, 'REPORT_BUILD_FORBIDDEN'],
    ['no roles at all', as(HAARLEM), { kind: 'GENERIC_REPORT', organisationId: HAARLEM }, 'GENERIC_REPORT_FORBIDDEN'],
  ];

  it.each(cases)('%s', (_name, caller, resource, expected) => {
    const decision = decideAccess(caller, resource);
    if (expected === true) expect(decision).toEqual({ allowed: true });
    else expect(decision).toMatchObject({ allowed: false, code: expected, message: expect.any(String) });
  });
});
