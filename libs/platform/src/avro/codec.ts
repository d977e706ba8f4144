/**
 * The wire format of every message: Avro single-object encoding (Avro spec 1.8+):
 *   0xC3 0x01 | 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema | Avro binary.
 * The fingerprint lets a reader find the writer's schema among all versions in contracts/
 * and resolve it to its own (newest) schema. No registry server is needed: the contracts
 * package is the registry (docs/adr/0003).
 */
import * as avro from 'avsc';
import type { SchemaFamily, TopicSpec } from '@inkijk/contracts';
import { rabinFingerprint } from './rabin';

const MAGIC = Buffer.from([0xc3, 0x01]);
const HEADER_LENGTH = 10;

export type DecodeFailure = 'UNKNOWN_SCHEMA' | 'UNDECODABLE' | 'INVALID_VALUE';

/** A record could not be decoded; `reason` becomes the dead-letter reason. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(readonly reason: DecodeFailure, message: string) {
    super(message);
  }
}

/** A value does not fit its schema; nothing is published. */
export class SchemaValidationError extends Error {
  override readonly name = 'SchemaValidationError';
  constructor(readonly schema: string, readonly paths: string[]) {
    super(`value does not fit ${schema}: invalid at ${paths.join(', ') || '(root)'}`);
  }
}

/** Parsing Canonical Form: avsc's schema() without options emits it (full names, no docs/defaults). */
export const canonicalForm = (type: avro.Type): string => JSON.stringify(type.schema());

const parse = (schema: unknown) => avro.Type.forSchema(schema as avro.Schema, { wrapUnions: 'auto', registry: {} });

interface Writer {
  version: number;
  type: avro.Type;
  resolver: avro.Resolver;
}

/** Encoder/decoder for one schema family; reads every version, writes the newest. */
export class AvroCodec<T> {
  readonly reader: avro.Type;
  readonly fingerprint: Buffer;
  private readonly writers = new Map<string, Writer>();

  constructor(readonly family: SchemaFamily) {
    this.reader = parse(family.versions[family.latest]);
    this.fingerprint = rabinFingerprint(canonicalForm(this.reader));
    for (const [v, schema] of Object.entries(family.versions)) {
      const type = parse(schema);
      const fp = rabinFingerprint(canonicalForm(type)).toString('hex');
      this.writers.set(fp, { version: Number(v), type, resolver: this.reader.createResolver(type) });
    }
  }

  /** Validates, then encodes with the newest schema. */
  encode(value: T): Buffer {
    const paths: string[] = [];
    if (!this.reader.isValid(value, { errorHook: (p) => paths.push(p.join('.')) })) {
      throw new SchemaValidationError(this.family.fullName, paths);
    }
    return Buffer.concat([MAGIC, this.fingerprint, this.reader.toBuffer(value)]);
  }

  decode(buf: Buffer | null): T {
    if (!buf || buf.length < HEADER_LENGTH || buf[0] !== MAGIC[0] || buf[1] !== MAGIC[1]) {
      throw new DecodeError('UNDECODABLE', `not an Avro single-object record (${buf?.length ?? 0} bytes, no 0xC301 header)`);
    }
    const fp = buf.subarray(2, HEADER_LENGTH).toString('hex');
    const writer = this.writers.get(fp);
    if (!writer) {
      throw new DecodeError('UNKNOWN_SCHEMA', `writer schema ${fp} is not a version of ${this.family.fullName}`);
    }
    let value: T;
    try {
      value = this.reader.fromBuffer(buf.subarray(HEADER_LENGTH), writer.resolver) as T;
    } catch (e) {
      throw new DecodeError('UNDECODABLE', `${this.family.fullName} v${writer.version}: ${(e as Error).message}`);
    }
    return value;
  }

  /** Encode with an older version (tests of evolution and of mixed-version topics). */
  encodeAsVersion(version: number, value: unknown): Buffer {
    const schema = this.family.versions[version];
    if (!schema) throw new Error(`${this.family.fullName} has no version ${version}`);
    const type = parse(schema);
    return Buffer.concat([MAGIC, rabinFingerprint(canonicalForm(type)), type.toBuffer(value)]);
  }
}

const codecs = new WeakMap<SchemaFamily, AvroCodec<unknown>>();
/** One codec per schema family, built once. */
export function codecFor<T>(topic: TopicSpec<T>): AvroCodec<T> {
  let c = codecs.get(topic.value);
  if (!c) {
    c = new AvroCodec<unknown>(topic.value);
    codecs.set(topic.value, c);
  }
  return c as AvroCodec<T>;
}
