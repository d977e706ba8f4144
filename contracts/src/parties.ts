/**
 * Every party that talks to the broker, each its own principal (SASL/SCRAM user). The broker's
 * ACLs are generated from these and from the topic catalogue (acl.ts); nothing else grants access.
 *
 * - each service: writes the topics it owns, reads what its consumer groups declare;
 * - the operations service also replays dead letters: it reads the dead-letter topic and reads
 *   and writes the topics a parked record may be replayed to (replay.ts, REPLAY_PRINCIPAL);
 * - each municipality's case system: writes its own caseload topic only (the topic names the
 *   municipality, so Haarlem's case system cannot change Zandvoort's whitelist: ADR 0014);
 * - each supplier (RvIG for BRP, UWV, ...): reads its own feed only;
 * - the outside verifier: reads the audit checkpoints only;
 * - the berichtenbox (the citizens' message box): reads the citizen notifications only;
 * - the operator (`admin`): the broker's super user, used by the provisioning script and the
 *   broker itself; no service runs with it.
 */
import type { Supplier } from './generated/query';
import { SupplierValues } from './generated/query';

export type ServiceName = 'registration' | 'authorization' | 'query-proxy' | 'audit-log' | 'supplier-reporting' | 'operations';
export const SERVICE_PRINCIPALS: readonly ServiceName[] = ['registration', 'authorization', 'query-proxy', 'audit-log', 'supplier-reporting', 'operations'];

/** The operator principal: super user of the broker (provisioning), never a service's identity. */
export const OPERATOR_PRINCIPAL = 'admin';

/**
 * Municipalities whose case system is connected to the broker (CBS codes). Connecting another
 * case system is an operator act: add its code here and run the provisioning (deploy/kafka),
 * which creates its principal, its caseload topic and their ACLs.
 */
export const CASE_SYSTEM_MUNICIPALITIES: readonly string[] = ['GM0392', 'GM0473', 'GM1883', 'GM0888', 'GM0971', 'GM1954'];

export const caseSystemPrincipal = (cbsCode: string): string => `case-system-${cbsCode.toLowerCase()}`;
export const supplierPrincipal = (supplier: Supplier): string => `supplier-${supplier.toLowerCase()}`;
export const VERIFIER_PRINCIPAL = 'audit-verifier';
/** The citizens' message box (berichtenbox; here services/berichtenbox-simulator): reads the citizen notifications only. */
export const BERICHTENBOX_PRINCIPAL = 'berichtenbox';

/** A principal of an outside party (not a service). */
export type OutsideParty = string;

/** Every principal the provisioning creates credentials for, the operator first. */
export function allPrincipals(): string[] {
  return [
    OPERATOR_PRINCIPAL,
    ...SERVICE_PRINCIPALS,
    ...CASE_SYSTEM_MUNICIPALITIES.map(caseSystemPrincipal),
    ...SupplierValues.map(supplierPrincipal),
    VERIFIER_PRINCIPAL,
    BERICHTENBOX_PRINCIPAL,
  ];
}

/** Principal names are also user names in SCRAM and part of ACLs: keep them plain. */
export const PRINCIPAL_NAME = /^[a-z][a-z0-9-]{1,62}$/;
