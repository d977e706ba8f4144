import { generateKeyPairSync } from 'node:crypto';
import type { ChainedRecord } from './audit-entry';
import { CheckpointSigner } from './checkpoint';
import { appendToChain, emptyHead, linkHash, canonicalContent, GENESIS_HASH } from './hash-chain';
import { mergeReports, verifyRecords } from './verifier';
import { entries, HAARLEM, ZANDVOORT } from '../../test/audit-entries';

const signer = CheckpointSigner.fromBase64Pkcs8(generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));
const chainOf10 = (chain = ZANDVOORT.id) => appendToChain(emptyHead(chain), entries(10)).records;
const checkpointAt = (r: ChainedRecord) => signer.sign({ chain: r.chain, headSequence: r.sequence, headHash: r.hash, recordCount: r.sequence, createdAt: 1 }, 'cp');

/** Rebuilds hashes from `from` on, as an attacker who knows the algorithm would. */
function rehash(records: ChainedRecord[]): ChainedRecord[] {
  let prev = GENESIS_HASH;
  return records.map((r, i) => {
    const sequence = i + 1;
    const hash = linkHash(prev, canonicalContent(r.chain, sequence, r));
    const out = { ...r, sequence, prevHash: prev, hash };
    prev = hash;
    return out;
  });
}

describe('verifier', () => {
  it('accepts intact chains and counts every record', () => {
    const records = [...chainOf10(HAARLEM.id), ...chainOf10(ZANDVOORT.id)];
    expect(verifyRecords(records)).toEqual({ ok: true, checkedRecords: 20, chains: 2, checkpointsChecked: 0, firstBroken: null, broken: [] });
  });

  it('finds an edited record at its position', () => {
    const records = chainOf10();
    records[4] = { ...records[4], product: 'kadaster-eigendom' };
    expect(verifyRecords(records).firstBroken).toEqual({ chain: ZANDVOORT.id, sequence: 5, reason: 'CONTENT_ALTERED' });
  });

  it('finds an edited sealed BSN or pseudonym', () => {
    const records = chainOf10();
    records[2] = { ...records[2], dataSubject: { ...records[2].dataSubject!, pseudonym: 'f'.repeat(64) } };
    expect(verifyRecords(records).firstBroken).toEqual({ chain: ZANDVOORT.id, sequence: 3, reason: 'CONTENT_ALTERED' });
  });

  it('finds a deleted record in the middle, reported as the missing sequence', () => {
    const records = chainOf10();
    records.splice(6, 1);
    expect(verifyRecords(records).firstBroken).toEqual({ chain: ZANDVOORT.id, sequence: 7, reason: 'RECORD_MISSING' });
  });

  it('finds a deleted record even when the later ones were renumbered', () => {
    const records = chainOf10();
    records.splice(6, 1);
    const renumbered = records.map((r, i) => ({ ...r, sequence: i + 1 }));
    expect(verifyRecords(renumbered).firstBroken).toEqual({ chain: ZANDVOORT.id, sequence: 7, reason: 'LINK_BROKEN' });
  });

  it('finds reordered records (sequence numbers swapped) at the first moved one', () => {
    const records = chainOf10();
    const swapped = [...records.slice(0, 3), { ...records[4], sequence: 4 }, { ...records[3], sequence: 5 }, ...records.slice(5)];
    expect(verifyRecords(swapped).firstBroken).toEqual({ chain: ZANDVOORT.id, sequence: 4, reason: 'LINK_BROKEN' });
  });

  it('cannot see deleted newest records without a checkpoint, and sees them with one', () => {
    const records = chainOf10();
    const kept = [checkpointAt(records[9])];
    const truncated = records.slice(0, 7);
    expect(verifyRecords(truncated).ok).toBe(true);
    expect(verifyRecords(truncated, kept, signer.publicKey).firstBroken).toEqual({ chain: ZANDVOORT.id, sequence: 8, reason: 'RECORDS_MISSING_AFTER_CHECKPOINT' });
  });

  it('finds a whole chain deleted after a checkpoint', () => {
    const kept = [checkpointAt(chainOf10(HAARLEM.id)[9])];
    const report = verifyRecords(chainOf10(ZANDVOORT.id), kept);
    expect(report.firstBroken).toEqual({ chain: HAARLEM.id, sequence: 1, reason: 'RECORDS_MISSING_AFTER_CHECKPOINT' });
  });

  it('finds a chain rewritten consistently (hashes recomputed) by the checkpoint it no longer matches', () => {
    const records = chainOf10();
    const kept = [checkpointAt(records[5])];
    const rewritten = rehash(records.filter((_, i) => i !== 2));
    expect(verifyRecords(rewritten).ok).toBe(true);
    expect(verifyRecords(rewritten, kept, signer.publicKey).firstBroken).toEqual({ chain: ZANDVOORT.id, sequence: 6, reason: 'CHECKPOINT_MISMATCH' });
  });

  it('accepts checkpoints that match and refuses forged ones', () => {
    const records = chainOf10();
    const good = checkpointAt(records[4]);
    expect(verifyRecords(records, [good], signer.publicKey)).toMatchObject({ ok: true, checkpointsChecked: 1 });
    const forged = { ...good, headHash: 'a'.repeat(64) };
    expect(verifyRecords(records, [forged], signer.publicKey).firstBroken).toEqual({ chain: ZANDVOORT.id, sequence: 5, reason: 'CHECKPOINT_SIGNATURE_INVALID' });
  });

  it('reports the first break per chain and the first chain overall', () => {
    const a = chainOf10(HAARLEM.id);
    const b = chainOf10(ZANDVOORT.id);
    a[8] = { ...a[8], outcome: 'DENIED' };
    b[1] = { ...b[1], outcome: 'DENIED' };
    b[5] = { ...b[5], outcome: 'DENIED' };
    const report = verifyRecords([...a, ...b]);
    expect(report.ok).toBe(false);
    expect(report.checkedRecords).toBe(20);
    expect(report.broken).toEqual([
      { chain: HAARLEM.id, sequence: 9, reason: 'CONTENT_ALTERED' },
      { chain: ZANDVOORT.id, sequence: 2, reason: 'CONTENT_ALTERED' },
    ]);
    expect(report.firstBroken).toEqual(report.broken[0]);
  });

  it('refuses records of one chain fed in two parts', () => {
    const a = chainOf10(HAARLEM.id);
    const b = chainOf10(ZANDVOORT.id);
    expect(() => verifyRecords([...a.slice(0, 5), ...b, ...a.slice(5)])).toThrow(/together/);
  });
});

describe('reports of parallel verification', () => {
  it('merge into the report one pass over all chains gives', () => {
    const a = chainOf10(HAARLEM.id);
    const b = chainOf10(ZANDVOORT.id);
    b[3] = { ...b[3], product: 'x' };
    const whole = verifyRecords([...a, ...b]);
    expect(mergeReports([verifyRecords(b), verifyRecords(a)])).toEqual(whole);
  });
});
