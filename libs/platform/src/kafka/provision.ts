/**
 * Brings a broker in line with the contracts, as the operator (the broker's super user): creates
 * the catalogue's topics, grants exactly the ACLs generated from the catalogue and the parties
 * (contracts/src/acl.ts), and removes every other ACL of those principals, so that a grant can
 * neither be forgotten nor linger. Run by deploy/kafka/provision.ts at every broker start.
 */
import type { Admin, AclEntry } from 'kafkajs';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';
import type { AclBinding, TopicSpec } from '@inkijk/contracts';
import { aclsFor, OPERATOR_PRINCIPAL } from '@inkijk/contracts';
import { ensureTopics, Replication, SINGLE_BROKER } from './topics';

export interface ProvisionResult {
  createdTopics: string[];
  grantedAcls: number;
  revokedAcls: number;
  acls: AclBinding[];
}

const RESOURCE = { TOPIC: AclResourceTypes.TOPIC, GROUP: AclResourceTypes.GROUP, CLUSTER: AclResourceTypes.CLUSTER, TRANSACTIONAL_ID: AclResourceTypes.TRANSACTIONAL_ID } as const;
const PATTERN = { LITERAL: ResourcePatternTypes.LITERAL, PREFIXED: ResourcePatternTypes.PREFIXED } as const;
const OPERATION = { READ: AclOperationTypes.READ, WRITE: AclOperationTypes.WRITE, IDEMPOTENT_WRITE: AclOperationTypes.IDEMPOTENT_WRITE, DELETE: AclOperationTypes.DELETE, DESCRIBE: AclOperationTypes.DESCRIBE } as const;

function entryOf(a: AclBinding): AclEntry {
  return {
    resourceType: RESOURCE[a.resourceType],
    resourceName: a.resourceName,
    resourcePatternType: PATTERN[a.patternType],
    principal: `User:${a.principal}`,
    host: '*',
    operation: OPERATION[a.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

const keyOf = (e: Pick<AclEntry, 'resourceType' | 'resourceName' | 'resourcePatternType' | 'principal' | 'host' | 'operation' | 'permissionType'>) =>
  [e.principal, e.resourceType, e.resourceName, e.resourcePatternType, e.host, e.operation, e.permissionType].join('|');

export async function provisionBroker(admin: Admin, catalogue: readonly TopicSpec<unknown>[], principals: readonly string[], replication: Replication = SINGLE_BROKER): Promise<ProvisionResult> {
  const acls = aclsFor(catalogue, principals);
  const createdTopics = await ensureTopics(admin, catalogue, replication);

  const wanted = new Map(acls.map((a) => [keyOf(entryOf(a)), entryOf(a)]));
  const described = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  const present: AclEntry[] = described.resources.flatMap((r) =>
    r.acls.map((a) => ({ resourceType: r.resourceType, resourceName: r.resourceName, resourcePatternType: r.resourcePatternType, principal: a.principal, host: a.host, operation: a.operation, permissionType: a.permissionType })),
  );
  const presentKeys = new Set(present.map(keyOf));
  const missing = [...wanted.entries()].filter(([k]) => !presentKeys.has(k)).map(([, e]) => e);
  // Only the operator keeps grants the catalogue does not make (it is the super user anyway).
  const extra = present.filter((e) => !wanted.has(keyOf(e)) && e.principal !== `User:${OPERATOR_PRINCIPAL}`);
  if (missing.length > 0) await admin.createAcls({ acl: missing });
  if (extra.length > 0) await admin.deleteAcls({ filters: extra });
  return { createdTopics, grantedAcls: missing.length, revokedAcls: extra.length, acls };
}
