// Generated from contracts/schemas by contracts/tools/generate-types.ts. Do not edit:
// change the .avsc files and run `npm run contracts:generate`.
/* eslint-disable */

// ---- CollaborationEvent (newest: v1) ----

/** WGR art. 8 lid 2 ev without openbaar lichaam; WGR openbaar lichaam (refused for one login); dienstverleningsovereenkomst art. 7:400 BW. */
export type LegalForm = 'WGR_WITHOUT_PUBLIC_BODY' | 'WGR_PUBLIC_BODY' | 'SERVICE_AGREEMENT';

export const LegalFormValues = ['WGR_WITHOUT_PUBLIC_BODY', 'WGR_PUBLIC_BODY', 'SERVICE_AGREEMENT'] as const;

export type LegalDomain = 'PARTICIPATIEWET' | 'IOAW' | 'IOAZ';

export const LegalDomainValues = ['PARTICIPATIEWET', 'IOAW', 'IOAZ'] as const;

export interface Membership {
  municipalityId: string;
  effectiveFrom: string;
  effectiveTo?: null | string;
}

export interface CollaborationRegistered {
  name: string;
  legalForm: LegalForm;
  executingOrganisationId: string;
  legalDomains: Array<LegalDomain>;
  members: Array<Membership>;
  effectiveFrom: string;
  /** SHA-256 (hex) of the signed regeling or agreement. */
  agreementSha256: string;
}

export type ApplicationDecision = 'APPROVED' | 'REJECTED';

export const ApplicationDecisionValues = ['APPROVED', 'REJECTED'] as const;

/** A security officer approved or rejected one municipality's application form (aanmeldformulier). */
export interface ApplicationDecided {
  applicationId: string;
  municipalityId: string;
  decision: ApplicationDecision;
  reason?: null | string;
}

/** Registered and switched on: usable from effectiveFrom when all applications are approved. */
export interface CollaborationActivated {
  effectiveFrom: string;
}

export interface MemberJoined {
  municipalityId: string;
  effectiveFrom: string;
}

export interface MemberLeft {
  municipalityId: string;
  effectiveTo: string;
}

/** The agreement or its terms changed; null fields are unchanged. */
export interface CollaborationChanged {
  effectiveFrom: string;
  name?: null | string;
  legalDomains?: null | Array<LegalDomain>;
  agreementSha256?: null | string;
}

export interface CollaborationTerminated {
  effectiveTo: string;
  reason: string;
}

/** One change in the life of a collaboration (samenwerkingsverband), keyed by collaboration id so that its changes stay in order. Dates are ISO dates (YYYY-MM-DD); 'to' dates are exclusive. */
export interface CollaborationEvent {
  eventId: string;
  occurredAt: number;
  collaborationId: string;
  /** 1, 2, 3, ... per collaboration: consumers detect gaps and replays. */
  sequence: number;
  /** User id of the security officer who registered the change. */
  recordedBy: string;
  change: { 'nl.inkijk.registration.CollaborationRegistered': CollaborationRegistered } | { 'nl.inkijk.registration.ApplicationDecided': ApplicationDecided } | { 'nl.inkijk.registration.CollaborationActivated': CollaborationActivated } | { 'nl.inkijk.registration.MemberJoined': MemberJoined } | { 'nl.inkijk.registration.MemberLeft': MemberLeft } | { 'nl.inkijk.registration.CollaborationChanged': CollaborationChanged } | { 'nl.inkijk.registration.CollaborationTerminated': CollaborationTerminated };
}

/** Every version of nl.inkijk.registration.CollaborationEvent; the newest is the reader schema. */
export const CollaborationEventSchemas = {
  fullName: 'nl.inkijk.registration.CollaborationEvent',
  versions: {
    1: {"type":"record","name":"CollaborationEvent","namespace":"nl.inkijk.registration","doc":"One change in the life of a collaboration (samenwerkingsverband), keyed by collaboration id so that its changes stay in order. Dates are ISO dates (YYYY-MM-DD); 'to' dates are exclusive.","fields":[{"name":"eventId","type":{"type":"string","logicalType":"uuid"}},{"name":"occurredAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"collaborationId","type":{"type":"string","logicalType":"uuid"}},{"name":"sequence","type":"long","doc":"1, 2, 3, ... per collaboration: consumers detect gaps and replays."},{"name":"recordedBy","type":"string","doc":"User id of the security officer who registered the change."},{"name":"change","type":[{"type":"record","name":"CollaborationRegistered","fields":[{"name":"name","type":"string"},{"name":"legalForm","type":{"type":"enum","name":"LegalForm","symbols":["WGR_WITHOUT_PUBLIC_BODY","WGR_PUBLIC_BODY","SERVICE_AGREEMENT"],"doc":"WGR art. 8 lid 2 ev without openbaar lichaam; WGR openbaar lichaam (refused for one login); dienstverleningsovereenkomst art. 7:400 BW."}},{"name":"executingOrganisationId","type":"string"},{"name":"legalDomains","type":{"type":"array","items":{"type":"enum","name":"LegalDomain","symbols":["PARTICIPATIEWET","IOAW","IOAZ"]}}},{"name":"members","type":{"type":"array","items":{"type":"record","name":"Membership","fields":[{"name":"municipalityId","type":"string"},{"name":"effectiveFrom","type":"string"},{"name":"effectiveTo","type":["null","string"],"default":null}]}}},{"name":"effectiveFrom","type":"string"},{"name":"agreementSha256","type":"string","doc":"SHA-256 (hex) of the signed regeling or agreement."}]},{"type":"record","name":"ApplicationDecided","doc":"A security officer approved or rejected one municipality's application form (aanmeldformulier).","fields":[{"name":"applicationId","type":"string"},{"name":"municipalityId","type":"string"},{"name":"decision","type":{"type":"enum","name":"ApplicationDecision","symbols":["APPROVED","REJECTED"]}},{"name":"reason","type":["null","string"],"default":null}]},{"type":"record","name":"CollaborationActivated","doc":"Registered and switched on: usable from effectiveFrom when all applications are approved.","fields":[{"name":"effectiveFrom","type":"string"}]},{"type":"record","name":"MemberJoined","fields":[{"name":"municipalityId","type":"string"},{"name":"effectiveFrom","type":"string"}]},{"type":"record","name":"MemberLeft","fields":[{"name":"municipalityId","type":"string"},{"name":"effectiveTo","type":"string"}]},{"type":"record","name":"CollaborationChanged","doc":"The agreement or its terms changed; null fields are unchanged.","fields":[{"name":"effectiveFrom","type":"string"},{"name":"name","type":["null","string"],"default":null},{"name":"legalDomains","type":["null",{"type":"array","items":"LegalDomain"}],"default":null},{"name":"agreementSha256","type":["null","string"],"default":null}]},{"type":"record","name":"CollaborationTerminated","fields":[{"name":"effectiveTo","type":"string"},{"name":"reason","type":"string"}]}]}]},
  },
  latest: 1,
} as const;

// ---- OrganisationEvent (newest: v2) ----

/** OPERATOR (v2): the organisation that runs Inkijk (BKWI); it homes the security officers, is never a municipality acted for, never a collaboration member, and its users do not query. */
export type OrganisationKind = 'MUNICIPALITY' | 'COLLABORATION' | 'OPERATOR';

export const OrganisationKindValues = ['MUNICIPALITY', 'COLLABORATION', 'OPERATOR'] as const;

/** The registered state of an organisation (municipality / gemeente, collaboration / samenwerkingsverband, or, from v2, the operator / beheerorganisatie BKWI that homes the security officers) after a change. Compacted: the newest record per organisation id is its state. */
export interface OrganisationEvent {
  eventId: string;
  occurredAt: number;
  organisationId: string;
  kind: OrganisationKind;
  /** GM + 4 digits; municipalities only. */
  cbsCode?: null | string;
  /** Organisation identification number, 20 digits. */
  oin: string;
  name: string;
  /** ISO date (YYYY-MM-DD). */
  validFrom: string;
  /** ISO date, exclusive; null while valid. */
  validTo?: null | string;
}

/** Every version of nl.inkijk.registration.OrganisationEvent; the newest is the reader schema. */
export const OrganisationEventSchemas = {
  fullName: 'nl.inkijk.registration.OrganisationEvent',
  versions: {
    1: {"type":"record","name":"OrganisationEvent","namespace":"nl.inkijk.registration","doc":"The registered state of an organisation (municipality / gemeente, or collaboration / samenwerkingsverband) after a change. Compacted: the newest record per organisation id is its state.","fields":[{"name":"eventId","type":{"type":"string","logicalType":"uuid"}},{"name":"occurredAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"organisationId","type":{"type":"string","logicalType":"uuid"}},{"name":"kind","type":{"type":"enum","name":"OrganisationKind","symbols":["MUNICIPALITY","COLLABORATION"]}},{"name":"cbsCode","type":["null","string"],"default":null,"doc":"GM + 4 digits; municipalities only."},{"name":"oin","type":"string","doc":"Organisation identification number, 20 digits."},{"name":"name","type":"string"},{"name":"validFrom","type":"string","doc":"ISO date (YYYY-MM-DD)."},{"name":"validTo","type":["null","string"],"default":null,"doc":"ISO date, exclusive; null while valid."}]},
    2: {"type":"record","name":"OrganisationEvent","namespace":"nl.inkijk.registration","doc":"The registered state of an organisation (municipality / gemeente, collaboration / samenwerkingsverband, or, from v2, the operator / beheerorganisatie BKWI that homes the security officers) after a change. Compacted: the newest record per organisation id is its state.","fields":[{"name":"eventId","type":{"type":"string","logicalType":"uuid"}},{"name":"occurredAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"organisationId","type":{"type":"string","logicalType":"uuid"}},{"name":"kind","type":{"type":"enum","name":"OrganisationKind","symbols":["MUNICIPALITY","COLLABORATION","OPERATOR"],"doc":"OPERATOR (v2): the organisation that runs Inkijk (BKWI); it homes the security officers, is never a municipality acted for, never a collaboration member, and its users do not query."}},{"name":"cbsCode","type":["null","string"],"default":null,"doc":"GM + 4 digits; municipalities only."},{"name":"oin","type":"string","doc":"Organisation identification number, 20 digits."},{"name":"name","type":"string"},{"name":"validFrom","type":"string","doc":"ISO date (YYYY-MM-DD)."},{"name":"validTo","type":["null","string"],"default":null,"doc":"ISO date, exclusive; null while valid."}]},
  },
  latest: 2,
} as const;

// ---- SessionEvent (newest: v1) ----

/** A login token was issued (password, and the second factor where the account has one). */
export interface SignedIn {

}

export type SignOutScope = 'THIS_SESSION' | 'EVERY_SESSION';

export const SignOutScopeValues = ['THIS_SESSION', 'EVERY_SESSION'] as const;

/** The holder logged out. Every token it covers is refused from occurredAt on. */
export interface SignedOut {
  /** THIS_SESSION: the token tokenId only; EVERY_SESSION: every token of the user issued before occurredAt. */
  scope: SignOutScope;
}

/** A login session began or ended at the one login (registration). A session is one login token, named by its token id (the JWT's jti). Every service follows this topic (with the users topic) and refuses a signed-out token within seconds (ADR 0017). No BSNs, names or addresses travel: only who, which token and when. */
export interface SessionEvent {
  eventId: string;
  occurredAt: number;
  userId: string;
  /** The account's home organisation (the token's home claim). */
  homeMunicipalityId: string;
  /** The session's token (jti): the token issued (SignedIn) or the token that signed out (SignedOut). */
  tokenId: string;
  /** When that token expires anyway; followers forget a signed-out token after this moment. */
  tokenExpiresAt: number;
  change: { 'nl.inkijk.registration.SignedIn': SignedIn } | { 'nl.inkijk.registration.SignedOut': SignedOut };
}

/** Every version of nl.inkijk.registration.SessionEvent; the newest is the reader schema. */
export const SessionEventSchemas = {
  fullName: 'nl.inkijk.registration.SessionEvent',
  versions: {
    1: {"type":"record","name":"SessionEvent","namespace":"nl.inkijk.registration","doc":"A login session began or ended at the one login (registration). A session is one login token, named by its token id (the JWT's jti). Every service follows this topic (with the users topic) and refuses a signed-out token within seconds (ADR 0017). No BSNs, names or addresses travel: only who, which token and when.","fields":[{"name":"eventId","type":{"type":"string","logicalType":"uuid"}},{"name":"occurredAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"userId","type":"string"},{"name":"homeMunicipalityId","type":"string","doc":"The account's home organisation (the token's home claim)."},{"name":"tokenId","type":{"type":"string","logicalType":"uuid"},"doc":"The session's token (jti): the token issued (SignedIn) or the token that signed out (SignedOut)."},{"name":"tokenExpiresAt","type":{"type":"long","logicalType":"timestamp-millis"},"doc":"When that token expires anyway; followers forget a signed-out token after this moment."},{"name":"change","type":[{"type":"record","name":"SignedIn","doc":"A login token was issued (password, and the second factor where the account has one).","fields":[]},{"type":"record","name":"SignedOut","doc":"The holder logged out. Every token it covers is refused from occurredAt on.","fields":[{"name":"scope","type":{"type":"enum","name":"SignOutScope","symbols":["THIS_SESSION","EVERY_SESSION"]},"doc":"THIS_SESSION: the token tokenId only; EVERY_SESSION: every token of the user issued before occurredAt."}]}]}]},
  },
  latest: 1,
} as const;

// ---- UserEvent (newest: v2) ----

export type Role = 'WORKER' | 'USER_ADMINISTRATOR' | 'SECURITY_OFFICER' | 'MANDATED_PERSON';

export const RoleValues = ['WORKER', 'USER_ADMINISTRATOR', 'SECURITY_OFFICER', 'MANDATED_PERSON'] as const;

export interface UserCreated {
  roles: Array<Role>;
  /** Products/pages the worker's task permits (doelbinding). */
  permittedProducts: Array<string>;
  /** May proceed past the whitelist with a reason from the escape list. */
  escapeRight: boolean;
  /** v2: the approved grant this creation carries out (its GrantApproved comes just before); null when no second person was needed. */
  grantId?: null | string;
}

export interface UserRolesChanged {
  roles: Array<Role>;
  permittedProducts: Array<string>;
  escapeRight: boolean;
  /** v2: the approved grant this change carries out (its GrantApproved comes just before); null when no second person was needed. */
  grantId?: null | string;
}

export interface UserDeactivated {
  reason?: null | string;
}

export type GrantAccount = 'NEW' | 'EXISTING';

export const GrantAccountValues = ['NEW', 'EXISTING'] as const;

export type SensitiveRight = 'ESCAPE_RIGHT' | 'SECURITY_OFFICER' | 'MANDATED_PERSON';

export const SensitiveRightValues = ['ESCAPE_RIGHT', 'SECURITY_OFFICER', 'MANDATED_PERSON'] as const;

/** v2: a user manager asked for a change that grants a sensitive right. Nothing changes until another authorised person approves. */
export interface GrantRequested {
  grantId: string;
  /** User id of the person who asked. */
  requestedBy: string;
  /** NEW: the account itself is created on approval; EXISTING: its tasks are replaced on approval. */
  account: GrantAccount;
  /** The tasks asked for, in full (they replace the current ones on approval). */
  roles: Array<Role>;
  permittedProducts: Array<string>;
  escapeRight: boolean;
  /** What the change grants that the account does not hold yet, and why a second person must approve. */
  sensitiveRights: Array<SensitiveRight>;
}

/** v2: a second authorised person (never the requester, never the account holder) approved; the change follows in the next event. */
export interface GrantApproved {
  grantId: string;
  requestedBy: string;
  /** User id of the approver. */
  approvedBy: string;
}

/** v2: the grant was rejected by an authorised person, withdrawn by its requester, or dropped because the account was deactivated. Nothing changed. */
export interface GrantRejected {
  grantId: string;
  requestedBy: string;
  /** User id of who rejected or withdrew it. */
  rejectedBy: string;
  reason?: null | string;
}

/** A change to a user account. Each user has exactly one account, issued by the home organisation (a municipality; the operator BKWI for security officers). No names or contact details travel: only what authorization needs, and who asked and who approved a sensitive grant. v2: granting the escape right, the security-officer or the mandated-person role takes two persons (four eyes, ADR 0016): GrantRequested, then GrantApproved (followed by the UserCreated or UserRolesChanged that carries it out, with its grantId) or GrantRejected. Rights change only through UserCreated, UserRolesChanged and UserDeactivated; the Grant* records change no rights. */
export interface UserEvent {
  eventId: string;
  occurredAt: number;
  userId: string;
  /** The home organisation: a municipality, or the operator (BKWI) for security officers. */
  homeMunicipalityId: string;
  change: { 'nl.inkijk.registration.UserCreated': UserCreated } | { 'nl.inkijk.registration.UserRolesChanged': UserRolesChanged } | { 'nl.inkijk.registration.UserDeactivated': UserDeactivated } | { 'nl.inkijk.registration.GrantRequested': GrantRequested } | { 'nl.inkijk.registration.GrantApproved': GrantApproved } | { 'nl.inkijk.registration.GrantRejected': GrantRejected };
}

/** Every version of nl.inkijk.registration.UserEvent; the newest is the reader schema. */
export const UserEventSchemas = {
  fullName: 'nl.inkijk.registration.UserEvent',
  versions: {
    1: {"type":"record","name":"UserEvent","namespace":"nl.inkijk.registration","doc":"A change to a user account. Each user has exactly one account, issued by the home municipality. No names or contact details travel: only what authorization needs.","fields":[{"name":"eventId","type":{"type":"string","logicalType":"uuid"}},{"name":"occurredAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"userId","type":"string"},{"name":"homeMunicipalityId","type":"string"},{"name":"change","type":[{"type":"record","name":"UserCreated","fields":[{"name":"roles","type":{"type":"array","items":{"type":"enum","name":"Role","symbols":["WORKER","USER_ADMINISTRATOR","SECURITY_OFFICER","MANDATED_PERSON"]}}},{"name":"permittedProducts","type":{"type":"array","items":"string"},"doc":"Products/pages the worker's task permits (doelbinding)."},{"name":"escapeRight","type":"boolean","doc":"May proceed past the whitelist with a reason from the escape list."}]},{"type":"record","name":"UserRolesChanged","fields":[{"name":"roles","type":{"type":"array","items":"Role"}},{"name":"permittedProducts","type":{"type":"array","items":"string"}},{"name":"escapeRight","type":"boolean"}]},{"type":"record","name":"UserDeactivated","fields":[{"name":"reason","type":["null","string"],"default":null}]}]}]},
    2: {"type":"record","name":"UserEvent","namespace":"nl.inkijk.registration","doc":"A change to a user account. Each user has exactly one account, issued by the home organisation (a municipality; the operator BKWI for security officers). No names or contact details travel: only what authorization needs, and who asked and who approved a sensitive grant. v2: granting the escape right, the security-officer or the mandated-person role takes two persons (four eyes, ADR 0016): GrantRequested, then GrantApproved (followed by the UserCreated or UserRolesChanged that carries it out, with its grantId) or GrantRejected. Rights change only through UserCreated, UserRolesChanged and UserDeactivated; the Grant* records change no rights.","fields":[{"name":"eventId","type":{"type":"string","logicalType":"uuid"}},{"name":"occurredAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"userId","type":"string"},{"name":"homeMunicipalityId","type":"string","doc":"The home organisation: a municipality, or the operator (BKWI) for security officers."},{"name":"change","type":[{"type":"record","name":"UserCreated","fields":[{"name":"roles","type":{"type":"array","items":{"type":"enum","name":"Role","symbols":["WORKER","USER_ADMINISTRATOR","SECURITY_OFFICER","MANDATED_PERSON"]}}},{"name":"permittedProducts","type":{"type":"array","items":"string"},"doc":"Products/pages the worker's task permits (doelbinding)."},{"name":"escapeRight","type":"boolean","doc":"May proceed past the whitelist with a reason from the escape list."},{"name":"grantId","type":["null","string"],"default":null,"doc":"v2: the approved grant this creation carries out (its GrantApproved comes just before); null when no second person was needed."}]},{"type":"record","name":"UserRolesChanged","fields":[{"name":"roles","type":{"type":"array","items":"Role"}},{"name":"permittedProducts","type":{"type":"array","items":"string"}},{"name":"escapeRight","type":"boolean"},{"name":"grantId","type":["null","string"],"default":null,"doc":"v2: the approved grant this change carries out (its GrantApproved comes just before); null when no second person was needed."}]},{"type":"record","name":"UserDeactivated","fields":[{"name":"reason","type":["null","string"],"default":null}]},{"type":"record","name":"GrantRequested","doc":"v2: a user manager asked for a change that grants a sensitive right. Nothing changes until another authorised person approves.","fields":[{"name":"grantId","type":{"type":"string","logicalType":"uuid"}},{"name":"requestedBy","type":"string","doc":"User id of the person who asked."},{"name":"account","type":{"type":"enum","name":"GrantAccount","symbols":["NEW","EXISTING"]},"doc":"NEW: the account itself is created on approval; EXISTING: its tasks are replaced on approval."},{"name":"roles","type":{"type":"array","items":"Role"},"doc":"The tasks asked for, in full (they replace the current ones on approval)."},{"name":"permittedProducts","type":{"type":"array","items":"string"}},{"name":"escapeRight","type":"boolean"},{"name":"sensitiveRights","type":{"type":"array","items":{"type":"enum","name":"SensitiveRight","symbols":["ESCAPE_RIGHT","SECURITY_OFFICER","MANDATED_PERSON"]}},"doc":"What the change grants that the account does not hold yet, and why a second person must approve."}]},{"type":"record","name":"GrantApproved","doc":"v2: a second authorised person (never the requester, never the account holder) approved; the change follows in the next event.","fields":[{"name":"grantId","type":{"type":"string","logicalType":"uuid"}},{"name":"requestedBy","type":"string"},{"name":"approvedBy","type":"string","doc":"User id of the approver."}]},{"type":"record","name":"GrantRejected","doc":"v2: the grant was rejected by an authorised person, withdrawn by its requester, or dropped because the account was deactivated. Nothing changed.","fields":[{"name":"grantId","type":{"type":"string","logicalType":"uuid"}},{"name":"requestedBy","type":"string"},{"name":"rejectedBy","type":"string","doc":"User id of who rejected or withdrew it."},{"name":"reason","type":["null","string"],"default":null}]}]}]},
  },
  latest: 2,
} as const;

// ---- WhitelistChange (newest: v1) ----

export type WhitelistChangeKind = 'ADDED' | 'REMOVED';

export const WhitelistChangeKindValues = ['ADDED', 'REMOVED'] as const;

export type WhitelistSource = 'CASELOAD_EVENT' | 'BULK_IMPORT';

export const WhitelistSourceValues = ['CASELOAD_EVENT', 'BULK_IMPORT'] as const;

/** A BSN added to or removed from one municipality's whitelist (its caseload). Keyed by municipality id. A collaboration's whitelist is the union of its active members' lists. */
export interface WhitelistChange {
  eventId: string;
  occurredAt: number;
  municipalityId: string;
  bsn: string;
  change: WhitelistChangeKind;
  /** ISO date from which the change holds. */
  effectiveDate: string;
  source: WhitelistSource;
}

/** Every version of nl.inkijk.registration.WhitelistChange; the newest is the reader schema. */
export const WhitelistChangeSchemas = {
  fullName: 'nl.inkijk.registration.WhitelistChange',
  versions: {
    1: {"type":"record","name":"WhitelistChange","namespace":"nl.inkijk.registration","doc":"A BSN added to or removed from one municipality's whitelist (its caseload). Keyed by municipality id. A collaboration's whitelist is the union of its active members' lists.","fields":[{"name":"eventId","type":{"type":"string","logicalType":"uuid"}},{"name":"occurredAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"municipalityId","type":"string"},{"name":"bsn","type":"string"},{"name":"change","type":{"type":"enum","name":"WhitelistChangeKind","symbols":["ADDED","REMOVED"]}},{"name":"effectiveDate","type":"string","doc":"ISO date from which the change holds."},{"name":"source","type":{"type":"enum","name":"WhitelistSource","symbols":["CASELOAD_EVENT","BULK_IMPORT"]}}]},
  },
  latest: 1,
} as const;
