/** A topic as the catalogue describes it: the one place producers and consumers agree on. */

export interface SchemaFamily {
  /** Avro full name of the record, e.g. nl.inkijk.query.AttributedQuery. */
  readonly fullName: string;
  /** Every version ever published; never remove one while data written with it may exist. */
  readonly versions: Readonly<Record<number, unknown>>;
  readonly latest: number;
}

/**
 * BACKWARD: the newest schema reads data written with every older one (consumers upgrade first).
 * FULL: also the reverse, old readers read new data (for parties we do not deploy, such as
 * municipal case systems and suppliers).
 */
export type Compatibility = 'BACKWARD' | 'FULL';

import type { OutsideParty, ServiceName } from './parties';
export type { ServiceName } from './parties';

export interface TopicSpec<T> {
  readonly name: string;
  readonly description: string;
  /** What the record key is; records with the same key keep their order. */
  readonly keyDescription: string;
  readonly keyOf: (value: T) => string;
  readonly value: SchemaFamily;
  readonly partitions: number;
  readonly cleanupPolicy: 'delete' | 'compact';
  /** -1: kept forever (the topic is replayed from offset 0 to rebuild state). */
  readonly retentionMs: number;
  /**
   * Who writes it: one principal (a service, or a case system for its own caseload topic), or the
   * services that run the same code (the decision log: authorization, and the gateway deciding
   * in-process), or every consumer (the dead-letter topic).
   */
  readonly producer: ServiceName | OutsideParty | 'any-consumer' | readonly ServiceName[];
  /** Consumer groups, each named "<principal>.<purpose>": the principal reads the topic. */
  readonly consumerGroups: readonly string[];
  /** Outside parties (suppliers, the verifier) that read the topic with their own tooling. */
  readonly outsideReaders?: readonly OutsideParty[];
  readonly compatibility: Compatibility;
  /** Phantom field carrying the value type; never set. */
  readonly __type?: T;
}

/** What most topics share; an entry states only where it differs. */
export const TOPIC_DEFAULTS = {
  partitions: 3,
  cleanupPolicy: 'delete',
  retentionMs: -1,
  compatibility: 'BACKWARD',
} as const satisfies Partial<TopicSpec<unknown>>;

type TopicInput<T> = Omit<TopicSpec<T>, '__type' | keyof typeof TOPIC_DEFAULTS> & Partial<Pick<TopicSpec<T>, keyof typeof TOPIC_DEFAULTS>>;

export function defineTopic<T>(input: TopicInput<T>): TopicSpec<T> {
  const spec: TopicSpec<T> = { ...TOPIC_DEFAULTS, ...input };
  // inkijk.<context>.v<N> where the context has one topic (inkijk.signals.v1).
  if (!/^inkijk\.[a-z-]+(\.[a-z0-9-]+){0,2}\.v\d+$/.test(spec.name)) {
    throw new Error(`topic name ${spec.name} must look like inkijk.<context>.<name>.v<N> (or inkijk.<context>.v<N>)`);
  }
  if (spec.cleanupPolicy === 'compact' && spec.retentionMs !== -1) {
    throw new Error(`compacted topic ${spec.name} keeps its newest record per key forever (retentionMs -1)`);
  }
  return spec;
}

/** The value type of a topic spec. */
export type ValueOf<S> = S extends TopicSpec<infer T> ? T : never;
