/**
 * Schema evolution rules, checked with avsc's own schema resolution: a reader schema must
 * resolve every writer schema it promises to read, and decode data written with it.
 */
import * as avro from 'avsc';
import type { Compatibility } from './topic';

/** Fresh options per parse: avsc records named types in opts.registry. */
export const avscOptions = () => ({ wrapUnions: 'auto' as const, registry: {} });

export interface VersionedSchema {
  version: number;
  schema: unknown;
}

/** Problems found when `reader` reads data written by `writer`; empty when it can. */
export function readProblems(reader: unknown, writer: unknown, samples = 25): string[] {
  const r = avro.Type.forSchema(reader as avro.Schema, avscOptions());
  const w = avro.Type.forSchema(writer as avro.Schema, avscOptions());
  let resolver: avro.Resolver;
  try {
    resolver = r.createResolver(w);
  } catch (e) {
    return [(e as Error).message];
  }
  const problems: string[] = [];
  for (let i = 0; i < samples && problems.length === 0; i++) {
    const written = w.random();
    try {
      const read = r.fromBuffer(w.toBuffer(written), resolver);
      if (!r.isValid(read)) problems.push('decoded value does not validate against the reader schema');
    } catch (e) {
      problems.push(`decoding a sample failed: ${(e as Error).message}`);
    }
  }
  return problems;
}

/** Every problem in a family of versions under a compatibility promise. */
export function familyProblems(versions: VersionedSchema[], compatibility: Compatibility): string[] {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const problems: string[] = [];
  sorted.forEach((v, i) => {
    if (v.version !== i + 1) problems.push(`versions must be 1..n without gaps; found v${v.version} at position ${i + 1}`);
  });
  for (let j = 0; j < sorted.length; j++) {
    for (let i = 0; i < j; i++) {
      for (const p of readProblems(sorted[j].schema, sorted[i].schema)) problems.push(`v${sorted[j].version} cannot read v${sorted[i].version}: ${p}`);
      if (compatibility === 'FULL') {
        for (const p of readProblems(sorted[i].schema, sorted[j].schema)) problems.push(`v${sorted[i].version} cannot read v${sorted[j].version}: ${p}`);
      }
    }
  }
  return problems;
}
