/** Checkpoints as JSON (signature in base64): how an outside verifier keeps and hands them in. */
import type { KeptCheckpoint } from '../domain/verifier';

export interface CheckpointJson {
  checkpointId?: string;
  chain: string;
  headSequence: number;
  headHash: string;
  recordCount: number;
  createdAt?: number;
  keyId?: string;
  signature?: string;
}

export function checkpointFromJson(c: CheckpointJson): KeptCheckpoint {
  return { ...c, signature: c.signature === undefined ? undefined : Buffer.from(c.signature, 'base64') };
}

export function checkpointToJson(c: KeptCheckpoint): CheckpointJson {
  return { ...c, signature: c.signature?.toString('base64') };
}
