import { AccessRequest, Caller, decideAccess } from './access-policy';

const HOME = 'gm-haarlem';
const OTHER = 'gm-zandvoort';
const who = (roles: string[], userId = 'u-1'): Caller => ({ userId, homeMunicipalityId: HOME, roles });
const SO = who(['SECURITY_OFFICER'], 'so-1');
const MP = who(['MANDATED_PERSON'], 'mp-1');
const W = who(['WORKER'], 'w-1');
const MP_W = who(['MANDATED_PERSON', 'WORKER'], 'mpw-1');
const ADMIN = who(['USER_ADMINISTRATOR'], 'admin-1');

// caller, request, expected scopes or refusal code: the policy as a table.
const cases: Array<[string, Caller, AccessRequest, unknown]> = [
  ['security officer, one municipality', SO, { kind: 'BY_MUNICIPALITY', municipalityId: OTHER }, [{ kind: 'ACTING_FOR', municipalityId: OTHER }]],
  ['security officer, all municipalities', SO, { kind: 'BY_MUNICIPALITY' }, [{ kind: 'ALL' }]],
  ['mandated person, own municipality', MP, { kind: 'BY_MUNICIPALITY', municipalityId: HOME }, [{ kind: 'ACTING_FOR', municipalityId: HOME }]],
  ['mandated person, no municipality given', MP, { kind: 'BY_MUNICIPALITY' }, [{ kind: 'ACTING_FOR', municipalityId: HOME }]],
  ['mandated person, another municipality', MP, { kind: 'BY_MUNICIPALITY', municipalityId: OTHER }, 'OTHER_MUNICIPALITY'],
  ['worker, by municipality', W, { kind: 'BY_MUNICIPALITY', municipalityId: HOME }, 'AUDIT_ROLE_REQUIRED'],
  ['user administrator, by municipality', ADMIN, { kind: 'BY_MUNICIPALITY', municipalityId: HOME }, 'AUDIT_ROLE_REQUIRED'],
  ['worker, own queries', W, { kind: 'BY_WORKER', workerUserId: 'w-1' }, [{ kind: 'WORKER', userId: 'w-1' }]],
  ['worker, a colleague', W, { kind: 'BY_WORKER', workerUserId: 'w-2' }, 'OTHER_WORKER'],
  ['mandated person, a worker', MP, { kind: 'BY_WORKER', workerUserId: 'w-2' }, [{ kind: 'ACTING_FOR', municipalityId: HOME }]],
  ['mandated person and worker, own queries', MP_W, { kind: 'BY_WORKER', workerUserId: 'mpw-1' }, [{ kind: 'ACTING_FOR', municipalityId: HOME }, { kind: 'WORKER', userId: 'mpw-1' }]],
  ['security officer, a worker', SO, { kind: 'BY_WORKER', workerUserId: 'w-2' }, [{ kind: 'ALL' }]],
  ['security officer, per BSN', SO, { kind: 'BY_DATA_SUBJECT' }, [{ kind: 'ALL' }]],
  ['mandated person, per BSN', MP, { kind: 'BY_DATA_SUBJECT' }, [{ kind: 'ACTING_FOR', municipalityId: HOME }]],
  ['worker, per BSN', W, { kind: 'BY_DATA_SUBJECT' }, 'AUDIT_ROLE_REQUIRED'],
  ['worker, by trace', W, { kind: 'BY_TRACE' }, [{ kind: 'WORKER', userId: 'w-1' }]],
  ['mandated person, export own', MP, { kind: 'EXPORT', municipalityId: HOME }, [{ kind: 'ACTING_FOR', municipalityId: HOME }]],
  ['mandated person, export other', MP, { kind: 'EXPORT', municipalityId: OTHER }, 'OTHER_MUNICIPALITY'],
  ['worker, export', W, { kind: 'EXPORT' }, 'AUDIT_ROLE_REQUIRED'],
  ['security officer, verify', SO, { kind: 'VERIFY' }, [{ kind: 'ALL' }]],
  ['mandated person, verify', MP, { kind: 'VERIFY' }, 'AUDIT_ROLE_REQUIRED'],
  ['worker, checkpoints', W, { kind: 'CHECKPOINTS' }, 'AUDIT_ROLE_REQUIRED'],
  ['security officer, completeness of every municipality', SO, { kind: 'COMPLETENESS' }, [{ kind: 'ALL' }]],
  ['security officer, completeness of one', SO, { kind: 'COMPLETENESS', municipalityId: OTHER }, [{ kind: 'ACTING_FOR', municipalityId: OTHER }]],
  ['mandated person, completeness: the own municipality', MP, { kind: 'COMPLETENESS' }, [{ kind: 'ACTING_FOR', municipalityId: HOME }]],
  ['mandated person, completeness of another', MP, { kind: 'COMPLETENESS', municipalityId: OTHER }, 'OTHER_MUNICIPALITY'],
  ['worker, completeness', W, { kind: 'COMPLETENESS' }, 'AUDIT_ROLE_REQUIRED'],
];

describe('access policy', () => {
  it.each(cases)('%s', (_name, caller, req, expected) => {
    const d = decideAccess(caller, req);
    if (typeof expected === 'string') expect(d).toMatchObject({ allowed: false, code: expected });
    else expect(d).toEqual({ allowed: true, scopes: expected });
  });

  it('refuses with a sentence a person understands', () => {
    const d = decideAccess(MP, { kind: 'BY_MUNICIPALITY', municipalityId: OTHER });
    expect(d.allowed).toBe(false);
    expect(!d.allowed && d.message).toMatch(/own municipality/);
  });
});
