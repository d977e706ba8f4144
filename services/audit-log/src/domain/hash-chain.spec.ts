import { auditEntryOf } from './audit-entry';
import { appendToChain, canonicalContent, emptyHead, GENESIS_HASH, linkHash, recomputeHash } from './hash-chain';
import { entries, entry, ZANDVOORT } from '../../test/audit-entries';
import { attributedQuery } from '@inkijk/testing';

describe('hash chain', () => {
  it('numbers records 1..n and links each to the previous hash, starting from the genesis hash', () => {
    const { records, head } = appendToChain(emptyHead(ZANDVOORT.id), entries(3));
    expect(records.map((r) => r.sequence)).toEqual([1, 2, 3]);
    expect(records[0].prevHash).toBe(GENESIS_HASH);
    expect(records[1].prevHash).toBe(records[0].hash);
    expect(records[2].prevHash).toBe(records[1].hash);
    expect(head).toEqual({ chain: ZANDVOORT.id, sequence: 3, hash: records[2].hash });
  });

  it('continues a chain from its head exactly as one long append would', () => {
    const all = entries(5);
    const once = appendToChain(emptyHead('c'), all).records;
    const first = appendToChain(emptyHead('c'), all.slice(0, 2));
    const second = appendToChain(first.head, all.slice(2)).records;
    expect([...first.records, ...second].map((r) => r.hash)).toEqual(once.map((r) => r.hash));
  });

  it('is deterministic: the stored fields alone give back every hash', () => {
    const { records } = appendToChain(emptyHead('c'), entries(4));
    for (const r of records) expect(recomputeHash(r)).toBe(r.hash);
  });

  it('keeps a fixed canonical layout (a change here breaks every verifier outside)', () => {
    const q = attributedQuery({
      eventId: '00000000-0000-4000-8000-000000000001',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      decision: { decisionId: 'd-1', result: 'PERMIT', reasonCode: null, rulesVersion: 'rules-1' },
    });
    const e = auditEntryOf({ ...q, dataSubject: { ...q.dataSubject!, sealedBsn: Buffer.from('sealed') } }, Date.UTC(2026, 10, 16, 10, 0, 1));
    const content = canonicalContent('chain-1', 1, e);
    expect(content).toBe(
      '["inkijk-audit-v1","chain-1",1,"00000000-0000-4000-8000-000000000001",1794823201000,"0af7651916cd43dd8448eb211c80319c","b7ad6b7169203331",null,' +
        '"inkijk.bevraging.brp-persoon",1794823200000,1794823200120,"STATUS_CODE_OK","inkijk-participatiewet-bevraging","BSN",' +
        `"${q.dataSubject!.pseudonym}","c2VhbGVk","user-haarlem-1",` +
        '"4f1c2a52-0000-4000-8000-000000000392","GM0392","00000099000000000392","Haarlem",' +
        '"4f1c2a52-0000-4000-8000-000000000473","GM0473","00000099000000000473","Zandvoort","collab-haarlem-zandvoort","PARTICIPATIEWET",' +
        '"brp-persoon","BSN",[["BRP","ANSWERED",35,1]],"ON_WHITELIST",null,"d-1","PERMIT",null,"rules-1","ANSWERED"]',
    );
    expect(linkHash(GENESIS_HASH, content)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes the hash when any single field changes', () => {
    const base = entry();
    const variants = [
      { ...base, product: 'uwv-inkomen' },
      { ...base, worker: { ...base.worker, userId: 'someone-else' } },
      { ...base, actingFor: { ...base.actingFor, oin: '00000099000000000001' } },
      { ...base, startTime: base.startTime + 1 },
      { ...base, whitelist: { outcome: 'ESCAPE', escapeReason: 'FRAUDEONDERZOEK' } },
      { ...base, sources: [{ ...base.sources[0], personListsProvided: 2 }] },
      { ...base, dataSubject: null },
    ];
    const h = canonicalContent('c', 1, base);
    for (const v of variants) expect(canonicalContent('c', 1, v)).not.toBe(h);
    expect(canonicalContent('c', 2, base)).not.toBe(h);
    expect(canonicalContent('d', 1, base)).not.toBe(h);
  });
});
