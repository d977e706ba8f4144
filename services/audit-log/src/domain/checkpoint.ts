/**
 * Signed checkpoints: a statement "chain C had `recordCount` records, the newest being
 * `headSequence` with hash `headHash`, at `createdAt`", signed with Ed25519. An outside
 * verifier keeps them; any later rewrite or removal of records up to that head, including the
 * newest ones, no longer matches a kept checkpoint.
 */
import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { Refusal } from '@inkijk/contracts';

export interface CheckpointStatement {
  chain: string;
  headSequence: number;
  headHash: string;
  recordCount: number;
  createdAt: number;
}

export interface SignedCheckpoint extends CheckpointStatement {
  checkpointId: string;
  keyId: string;
  signature: Buffer;
}

/** The signed bytes: chain|headSequence|headHash|recordCount|createdAt (UTF-8). */
export function checkpointMessage(c: CheckpointStatement): Buffer {
  return Buffer.from(`${c.chain}|${c.headSequence}|${c.headHash}|${c.recordCount}|${c.createdAt}`, 'utf8');
}

/** A checkpoint key that is not an Ed25519 private key (PKCS#8 DER, base64). */
export class CheckpointKeyError extends Refusal {
  constructor(message: string) {
    super('INVALID', 'INVALID_CHECKPOINT_KEY', message);
    this.name = 'CheckpointKeyError';
  }
}

/** The checkpoint signing key: an Ed25519 private key, PKCS#8 DER, base64. */
export class CheckpointSigner {
  readonly publicKey: KeyObject;
  /** First 16 hex digits of the SHA-256 of the public key (SPKI DER). */
  readonly keyId: string;

  private constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    this.keyId = keyIdOf(this.publicKey);
  }

  static fromBase64Pkcs8(base64: string): CheckpointSigner {
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'pkcs8' });
    } catch {
      throw new CheckpointKeyError('the checkpoint key must be a PKCS#8 private key (DER, base64)');
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new CheckpointKeyError(`the checkpoint key must be Ed25519, not ${key.asymmetricKeyType}`);
    return new CheckpointSigner(key);
  }

  sign(statement: CheckpointStatement, checkpointId: string): SignedCheckpoint {
    return { ...statement, checkpointId, keyId: this.keyId, signature: sign(null, checkpointMessage(statement), this.privateKey) };
  }

  /** The public key as base64 SPKI DER, for verifiers. */
  publicKeyBase64(): string {
    return this.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  }

  publicKeyPem(): string {
    return this.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
}

/** A public key from base64 SPKI DER (what GET /audit/checkpoint-key serves). */
export function publicKeyFromBase64(base64: string): KeyObject {
  return createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
}

export function checkpointSignatureValid(c: SignedCheckpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, checkpointMessage(c), publicKey, c.signature);
  } catch {
    return false;
  }
}
