/**
 * Who may read which part of the audit log. A municipality sees only the queries made under its
 * own identity (actingFor); a security officer (BKWI) sees everything; a worker sees the
 * queries they made themselves. Read it as a table:
 *
 * | query                       | SECURITY_OFFICER | MANDATED_PERSON (gemandateerde) | WORKER (medewerker)  |
 * | --------------------------- | ---------------- | ------------------------------- | -------------------- |
 * | BY_MUNICIPALITY (+ period)  | any municipality | own municipality only           | refused              |
 * | BY_WORKER                   | all              | that worker, own municipality   | themselves only      |
 * | BY_DATA_SUBJECT (per BSN)   | all              | own municipality                | refused              |
 * | BY_TRACE                    | all              | own municipality                | own queries          |
 * | EXPORT (Logboek JSON lines) | any municipality | own municipality only           | refused              |
 * | VERIFY (hash chains)        | allowed          | refused                         | refused              |
 * | CHECKPOINTS                 | allowed          | refused                         | refused              |
 * | COMPLETENESS (vs the topic) | any municipality | own municipality only           | refused              |
 *
 * "own municipality" is the caller's home municipality (token claim `home`): the records whose
 * actingFor is that municipality. A caller with several roles gets the union of their scopes.
 * USER_ADMINISTRATOR has no access to the audit log.
 */
export type AuditQueryKind = 'BY_MUNICIPALITY' | 'BY_WORKER' | 'BY_DATA_SUBJECT' | 'BY_TRACE' | 'EXPORT' | 'VERIFY' | 'CHECKPOINTS' | 'COMPLETENESS';

/** What part of the log a caller may see: records matching any one of the scopes. */
export type Scope = { kind: 'ALL' } | { kind: 'ACTING_FOR'; municipalityId: string } | { kind: 'WORKER'; userId: string };

export interface Caller {
  userId: string;
  homeMunicipalityId: string;
  roles: readonly string[];
}

type Grant = 'ALL' | 'OWN_MUNICIPALITY' | 'OWN_QUERIES' | null;

/** The table above, as data. */
export const ACCESS_TABLE: Record<AuditQueryKind, Record<'SECURITY_OFFICER' | 'MANDATED_PERSON' | 'WORKER', Grant>> = {
  BY_MUNICIPALITY: { SECURITY_OFFICER: 'ALL', MANDATED_PERSON: 'OWN_MUNICIPALITY', WORKER: null },
  BY_WORKER: { SECURITY_OFFICER: 'ALL', MANDATED_PERSON: 'OWN_MUNICIPALITY', WORKER: 'OWN_QUERIES' },
  BY_DATA_SUBJECT: { SECURITY_OFFICER: 'ALL', MANDATED_PERSON: 'OWN_MUNICIPALITY', WORKER: null },
  BY_TRACE: { SECURITY_OFFICER: 'ALL', MANDATED_PERSON: 'OWN_MUNICIPALITY', WORKER: 'OWN_QUERIES' },
  EXPORT: { SECURITY_OFFICER: 'ALL', MANDATED_PERSON: 'OWN_MUNICIPALITY', WORKER: null },
  VERIFY: { SECURITY_OFFICER: 'ALL', MANDATED_PERSON: null, WORKER: null },
  CHECKPOINTS: { SECURITY_OFFICER: 'ALL', MANDATED_PERSON: null, WORKER: null },
  COMPLETENESS: { SECURITY_OFFICER: 'ALL', MANDATED_PERSON: 'OWN_MUNICIPALITY', WORKER: null },
};

export type AccessRefusal = 'AUDIT_ROLE_REQUIRED' | 'OTHER_MUNICIPALITY' | 'OTHER_WORKER';

export type AccessDecision = { allowed: true; scopes: Scope[] } | { allowed: false; code: AccessRefusal; message: string };

export interface AccessRequest {
  kind: AuditQueryKind;
  /** BY_MUNICIPALITY / EXPORT / COMPLETENESS: the municipality asked for (absent: all the caller may see). */
  municipalityId?: string;
  /** BY_WORKER: the worker asked for. */
  workerUserId?: string;
}

const refuse = (code: AccessRefusal, message: string): AccessDecision => ({ allowed: false, code, message });

export function decideAccess(caller: Caller, req: AccessRequest): AccessDecision {
  const row = ACCESS_TABLE[req.kind];
  const grants = (['SECURITY_OFFICER', 'MANDATED_PERSON', 'WORKER'] as const).filter((r) => caller.roles.includes(r)).map((r) => row[r]).filter((g): g is Exclude<Grant, null> => g !== null);
  if (grants.length === 0) {
    return refuse('AUDIT_ROLE_REQUIRED', 'Your roles give no access to this part of the audit log.');
  }
  if (grants.includes('ALL')) {
    return { allowed: true, scopes: [req.municipalityId ? { kind: 'ACTING_FOR', municipalityId: req.municipalityId } : { kind: 'ALL' }] };
  }
  const scopes: Scope[] = [];
  if (grants.includes('OWN_MUNICIPALITY')) scopes.push({ kind: 'ACTING_FOR', municipalityId: caller.homeMunicipalityId });
  if (grants.includes('OWN_QUERIES') && (req.workerUserId === undefined || req.workerUserId === caller.userId)) scopes.push({ kind: 'WORKER', userId: caller.userId });
  if (req.municipalityId !== undefined && req.municipalityId !== caller.homeMunicipalityId) {
    return refuse('OTHER_MUNICIPALITY', "You may only read the audit log of your own municipality's queries.");
  }
  if (scopes.length === 0) {
    return refuse('OTHER_WORKER', 'You may only read your own queries.');
  }
  return { allowed: true, scopes };
}
