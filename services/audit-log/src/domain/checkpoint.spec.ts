import { generateKeyPairSync } from 'node:crypto';
import { checkpointMessage, checkpointSignatureValid, CheckpointSigner, publicKeyFromBase64 } from './checkpoint';

const pkcs8 = (type: 'ed25519' | 'x25519') => generateKeyPairSync(type as 'ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
const statement = { chain: 'c-1', headSequence: 42, headHash: 'ab'.repeat(32), recordCount: 42, createdAt: 1_794_823_200_000 };

describe('checkpoint signatures', () => {
  const signer = CheckpointSigner.fromBase64Pkcs8(pkcs8('ed25519'));

  it('signs chain|headSequence|headHash|recordCount|createdAt', () => {
    expect(checkpointMessage(statement).toString()).toBe(`c-1|42|${'ab'.repeat(32)}|42|1794823200000`);
  });

  it('verifies with the published public key, and not after any change', () => {
    const signed = signer.sign(statement, 'cp-1');
    expect(signed).toMatchObject({ ...statement, checkpointId: 'cp-1', keyId: signer.keyId });
    const pub = publicKeyFromBase64(signer.publicKeyBase64());
    expect(checkpointSignatureValid(signed, pub)).toBe(true);
    expect(checkpointSignatureValid({ ...signed, headSequence: 41 }, pub)).toBe(false);
    expect(checkpointSignatureValid({ ...signed, recordCount: 43 }, pub)).toBe(false);
    const other = CheckpointSigner.fromBase64Pkcs8(pkcs8('ed25519'));
    expect(checkpointSignatureValid(signed, other.publicKey)).toBe(false);
  });

  it('derives a stable key id from the public key', () => {
    expect(signer.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(CheckpointSigner.fromBase64Pkcs8(pkcs8('ed25519')).keyId).not.toBe(signer.keyId);
  });

  it('refuses a key that is not an Ed25519 PKCS#8 private key', () => {
    expect(() => CheckpointSigner.fromBase64Pkcs8('bm90IGEga2V5')).toThrow(/PKCS#8/);
    expect(() => CheckpointSigner.fromBase64Pkcs8(pkcs8('x25519'))).toThrow(/Ed25519/);
  });
});
