/**
 * Provisions the broker as the operator: the catalogue's topics and exactly the ACLs generated
 * from the contracts (libs/platform provisionBroker). Run by start.sh after every start.
 *   KAFKA_BROKERS=127.0.0.1:9092 KAFKA_DATA_DIR=.data/kafka node -r @swc-node/register deploy/kafka/provision.ts
 * KAFKA_REPLICATION_FACTOR / KAFKA_MIN_INSYNC_REPLICAS: 1/1 on one broker (default), 3/2 replicated.
 * KAFKA_ADMIN_PASSWORD: the operator's password, instead of <KAFKA_DATA_DIR>/credentials.json
 * (docker-compose's one-shot `kafka-provision`, which has no data dir).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allPrincipals, catalogue, describeAcl, OPERATOR_PRINCIPAL } from '@inkijk/contracts';
import { createKafka, provisionBroker } from '@inkijk/platform';

async function main(): Promise<void> {
  const dataDir = process.env.KAFKA_DATA_DIR ?? path.resolve(__dirname, '../../.data/kafka');
  const password =
    process.env.KAFKA_ADMIN_PASSWORD ||
    (JSON.parse(fs.readFileSync(path.join(dataDir, 'credentials.json'), 'utf8')) as Record<string, string>)[OPERATOR_PRINCIPAL];
  const ca = path.join(dataDir, 'tls', 'ca.pem');
  const kafka = createKafka({
    clientId: 'inkijk-provision',
    brokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    credentials: { username: OPERATOR_PRINCIPAL, password, tlsCaFile: fs.existsSync(ca) && process.env.KAFKA_TLS === 'true' ? ca : undefined },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const replication = { replicationFactor: Number(process.env.KAFKA_REPLICATION_FACTOR ?? 1), minInsyncReplicas: Number(process.env.KAFKA_MIN_INSYNC_REPLICAS ?? 1) };
    const r = await provisionBroker(admin, catalogue, allPrincipals(), replication);
    console.log(`[kafka] provisioned: ${catalogue.length} topics (${r.createdTopics.length} created), ${r.acls.length} ACLs (${r.grantedAcls} granted, ${r.revokedAcls} revoked), ${allPrincipals().length} principals`);
    if (process.env.KAFKA_PROVISION_VERBOSE === 'true') for (const a of r.acls) console.log(`  ${describeAcl(a)}`);
  } finally {
    await admin.disconnect();
  }
}

main().catch((e) => {
  console.error(`[kafka] provisioning failed: ${(e as Error).message}`);
  process.exit(1);
});
