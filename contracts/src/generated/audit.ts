// Generated from contracts/schemas by contracts/tools/generate-types.ts. Do not edit:
// change the .avsc files and run `npm run contracts:generate`.
/* eslint-disable */

// ---- AuditCheckpoint (newest: v1) ----

/** A signed statement of the audit log's chain head, to be kept by an outside verifier: later deletion or rewriting of records before it is detectable. */
export interface AuditCheckpoint {
  checkpointId: string;
  /** Which hash chain (see the audit-log ADR). */
  chain: string;
  headSequence: number;
  /** SHA-256 hex of the newest record. */
  headHash: string;
  recordCount: number;
  createdAt: number;
  keyId: string;
  /** Ed25519 over chain|headSequence|headHash|recordCount|createdAt. */
  signature: Buffer;
}

/** Every version of nl.inkijk.audit.AuditCheckpoint; the newest is the reader schema. */
export const AuditCheckpointSchemas = {
  fullName: 'nl.inkijk.audit.AuditCheckpoint',
  versions: {
    1: {"type":"record","name":"AuditCheckpoint","namespace":"nl.inkijk.audit","doc":"A signed statement of the audit log's chain head, to be kept by an outside verifier: later deletion or rewriting of records before it is detectable.","fields":[{"name":"checkpointId","type":"string"},{"name":"chain","type":"string","doc":"Which hash chain (see the audit-log ADR)."},{"name":"headSequence","type":"long"},{"name":"headHash","type":"string","doc":"SHA-256 hex of the newest record."},{"name":"recordCount","type":"long"},{"name":"createdAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"keyId","type":"string"},{"name":"signature","type":"bytes","doc":"Ed25519 over chain|headSequence|headHash|recordCount|createdAt."}]},
  },
  latest: 1,
} as const;
