/**
 * The AsyncAPI 3.0 document of every topic an outside party uses (issue 20, item 6): the
 * municipalities' case systems writing caseload events in, the suppliers reading their feeds and
 * protocol lines, the outside verifier reading the audit checkpoints. Generated from the topic
 * catalogue and the Avro schemas only (pure: no I/O), so it cannot drift from what the broker
 * carries; `contracts/tools/asyncapi.ts` writes it to docs/asyncapi/asyncapi.json and a unit test
 * fails when that file is stale or does not validate against the AsyncAPI 3.0.0 JSON Schema.
 */
import { catalogue } from './catalogue';
import { OPERATOR_PRINCIPAL, SERVICE_PRINCIPALS } from './parties';
import type { TopicSpec } from './topic';

const AVRO_FORMAT = 'application/vnd.apache.avro+json;version=1.9.0';

/** The outside parties of a topic: its outside readers, or its producer when that is not one of our services. */
export function outsidePartiesOf(t: TopicSpec<unknown>): { readers: string[]; writers: string[] } {
  const ours = new Set<string>([...SERVICE_PRINCIPALS, OPERATOR_PRINCIPAL, 'any-consumer']);
  const producers = typeof t.producer === 'string' ? [t.producer] : [...t.producer];
  return { readers: [...(t.outsideReaders ?? [])], writers: producers.filter((p) => !ours.has(p)) };
}

/** The catalogue's topics an outside party reads or writes. */
export const outsideTopics = (topics: readonly TopicSpec<unknown>[] = catalogue): TopicSpec<unknown>[] =>
  topics.filter((t) => {
    const o = outsidePartiesOf(t);
    return o.readers.length > 0 || o.writers.length > 0;
  });

const simpleName = (fullName: string) => fullName.slice(fullName.lastIndexOf('.') + 1);
const retention = (ms: number) => (ms === -1 ? 'kept forever' : `kept ${Math.round(ms / 86_400_000)} days`);

export function asyncApiDocument(topics: readonly TopicSpec<unknown>[] = catalogue): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const t of outsideTopics(topics)) {
    const { readers, writers } = outsidePartiesOf(t);
    const name = simpleName(t.value.fullName);
    const schema = t.value.versions[t.value.latest] as Record<string, unknown>;
    channels[t.name] = {
      address: t.name,
      title: t.name,
      description: `${t.description} Key: ${t.keyDescription}. ${t.partitions} partition(s), ${retention(t.retentionMs)}, cleanup.policy ${t.cleanupPolicy}. Compatibility ${t.compatibility}: every schema version stays readable. ${writers.length ? `Written by ${writers.join(', ')} only.` : `Read by ${readers.join(', ')} only.`}`,
      messages: {
        [name]: {
          name,
          title: `${name} v${t.value.latest}`,
          contentType: 'application/octet-stream',
          summary: typeof schema.doc === 'string' ? schema.doc : name,
          description: `Avro single-object encoding: 0xC3 0x01, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema's Parsing Canonical Form, then the Avro binary body. Every version of ${t.value.fullName} is in contracts/schemas; a reader picks the writer schema by fingerprint.`,
          payload: { schemaFormat: AVRO_FORMAT, schema },
          bindings: { kafka: { key: { type: 'string', description: t.keyDescription }, bindingVersion: '0.5.0' } },
        },
      },
      bindings: {
        kafka: {
          topic: t.name,
          partitions: t.partitions,
          topicConfiguration: { 'cleanup.policy': [t.cleanupPolicy], 'retention.ms': t.retentionMs },
          bindingVersion: '0.5.0',
        },
      },
    };
    const operationId = `${writers.length ? 'receive' : 'send'}-${t.name.replace(/\./g, '-')}`;
    operations[operationId] = {
      action: writers.length ? 'receive' : 'send',
      channel: { $ref: `#/channels/${t.name.replace(/~/g, '~0').replace(/\//g, '~1')}` },
      title: writers.length ? `Inkijk receives from ${writers.join(', ')}` : `Inkijk sends to ${readers.join(', ')}`,
      summary: writers.length
        ? `${writers.join(', ')} write(s) ${t.name} with their own broker principal; nobody else may.`
        : `${readers.join(', ')} read(s) ${t.name} in a consumer group named "<principal>.<purpose>"; nobody else may.`,
      messages: [{ $ref: `#/channels/${t.name}/messages/${name}` }],
      security: [{ $ref: '#/components/securitySchemes/scram' }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'one-login Inkijk: topics for outside parties',
      version: '1.0.0',
      description:
        'The Kafka topics a party outside Inkijk uses: municipal case systems write caseload events; suppliers (RvIG for BRP, UWV, SVB, DUO, RDW, Kadaster, ...) read their monthly usage feed and their protocol lines (one per provision, joined with the supplier\'s own log by request id); the outside verifier reads the signed audit checkpoints. Every party is its own broker principal (SASL/SCRAM-SHA-512) and may touch only its own topics. Generated from contracts/src/catalogue.ts and contracts/schemas.',
      license: { name: 'EUPL-1.2', url: 'https://eupl.eu/1.2/en/' },
    },
    defaultContentType: 'application/octet-stream',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The local broker of npm start (SASL/SCRAM over plaintext on the loopback; SASL_SSL with KAFKA_TLS=true).',
        security: [{ $ref: '#/components/securitySchemes/scram' }],
      },
    },
    channels,
    operations,
    components: {
      securitySchemes: {
        scram: { type: 'scramSha512', description: 'One principal per party; credentials from the operator.' },
      },
    },
  };
}
