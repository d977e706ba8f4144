// Generated from contracts/schemas by contracts/tools/generate-types.ts. Do not edit:
// change the .avsc files and run `npm run contracts:generate`.
/* eslint-disable */

// ---- DeadLetter (newest: v2) ----

/** INVALID_CONTENT (v2): the record decoded and fits its schema, but its content is impossible (an unknown municipality or product, a time far from the record's own timestamp, an id that is not a UUID); the error names what. A reader meeting a symbol newer than its own reads PROCESSING_FAILED. */
export type DeadLetterReason = 'UNKNOWN_SCHEMA' | 'UNDECODABLE' | 'INVALID_VALUE' | 'PROCESSING_FAILED' | 'INVALID_CONTENT';

export const DeadLetterReasonValues = ['UNKNOWN_SCHEMA', 'UNDECODABLE', 'INVALID_VALUE', 'PROCESSING_FAILED', 'INVALID_CONTENT'] as const;

/** A record a consumer could not decode or process, parked with the reason and its origin so that the consumer can move on and an operator can inspect and replay it. */
export interface DeadLetter {
  deadLetterId: string;
  parkedAt: number;
  consumerGroup: string;
  originTopic: string;
  originPartition: number;
  /** Kafka offsets are 64-bit; kept as a decimal string. */
  originOffset: string;
  originTimestamp?: null | string;
  key?: null | Buffer;
  value?: null | Buffer;
  headers: Record<string, string>;
  reason: DeadLetterReason;
  /** What went wrong, readable; never contains a clear BSN. */
  error: string;
  attempts: number;
  traceId?: null | string;
}

/** Every version of nl.inkijk.platform.DeadLetter; the newest is the reader schema. */
export const DeadLetterSchemas = {
  fullName: 'nl.inkijk.platform.DeadLetter',
  versions: {
    1: {"type":"record","name":"DeadLetter","namespace":"nl.inkijk.platform","doc":"A record a consumer could not decode or process, parked with the reason and its origin so that the consumer can move on and an operator can inspect and replay it.","fields":[{"name":"deadLetterId","type":"string"},{"name":"parkedAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"consumerGroup","type":"string"},{"name":"originTopic","type":"string"},{"name":"originPartition","type":"int"},{"name":"originOffset","type":"string","doc":"Kafka offsets are 64-bit; kept as a decimal string."},{"name":"originTimestamp","type":["null","string"],"default":null},{"name":"key","type":["null","bytes"],"default":null},{"name":"value","type":["null","bytes"],"default":null},{"name":"headers","type":{"type":"map","values":"string"}},{"name":"reason","type":{"type":"enum","name":"DeadLetterReason","symbols":["UNKNOWN_SCHEMA","UNDECODABLE","INVALID_VALUE","PROCESSING_FAILED"]}},{"name":"error","type":"string","doc":"What went wrong, readable; never contains a clear BSN."},{"name":"attempts","type":"int"},{"name":"traceId","type":["null","string"],"default":null}]},
    2: {"type":"record","name":"DeadLetter","namespace":"nl.inkijk.platform","doc":"A record a consumer could not decode or process, parked with the reason and its origin so that the consumer can move on and an operator can inspect and replay it.","fields":[{"name":"deadLetterId","type":"string"},{"name":"parkedAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"consumerGroup","type":"string"},{"name":"originTopic","type":"string"},{"name":"originPartition","type":"int"},{"name":"originOffset","type":"string","doc":"Kafka offsets are 64-bit; kept as a decimal string."},{"name":"originTimestamp","type":["null","string"],"default":null},{"name":"key","type":["null","bytes"],"default":null},{"name":"value","type":["null","bytes"],"default":null},{"name":"headers","type":{"type":"map","values":"string"}},{"name":"reason","type":{"type":"enum","name":"DeadLetterReason","doc":"INVALID_CONTENT (v2): the record decoded and fits its schema, but its content is impossible (an unknown municipality or product, a time far from the record's own timestamp, an id that is not a UUID); the error names what. A reader meeting a symbol newer than its own reads PROCESSING_FAILED.","symbols":["UNKNOWN_SCHEMA","UNDECODABLE","INVALID_VALUE","PROCESSING_FAILED","INVALID_CONTENT"],"default":"PROCESSING_FAILED"}},{"name":"error","type":"string","doc":"What went wrong, readable; never contains a clear BSN."},{"name":"attempts","type":"int"},{"name":"traceId","type":["null","string"],"default":null}]},
  },
  latest: 2,
} as const;
