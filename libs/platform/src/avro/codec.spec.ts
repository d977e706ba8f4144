import { topics } from '@inkijk/contracts';
import type { caseloadContract, query } from '@inkijk/contracts';
import { AvroCodec, codecFor, DecodeError, SchemaValidationError } from './codec';

const caseloadV1: Omit<caseloadContract.CaseloadEvent, 'legalDomain'> = {
  eventId: '3b241101-e2bb-4255-8caf-4136c566a962',
  occurredAt: Date.UTC(2026, 10, 1),
  municipalityCbsCode: 'GM0392',
  caseId: 'Z-1',
  bsn: '123456782',
  relation: 'STARTED',
  effectiveDate: '2026-11-01',
};

describe('AvroCodec', () => {
  const codec = codecFor(topics.caseload);

  it('writes the single-object header: C3 01 and the 8-byte fingerprint of the newest schema', () => {
    const buf = codec.encode({ ...caseloadV1, legalDomain: 'IOAW' });
    expect(buf.subarray(0, 2)).toEqual(Buffer.from([0xc3, 0x01]));
    expect(buf.subarray(2, 10)).toEqual(codec.fingerprint);
    expect(codec.decode(buf)).toMatchObject({ legalDomain: 'IOAW', bsn: '123456782' });
  });

  it('reads a record written with an older version through schema resolution (default filled in)', () => {
    const old = codec.encodeAsVersion(1, caseloadV1);
    expect(old.subarray(2, 10)).not.toEqual(codec.fingerprint);
    expect(codec.decode(old)).toMatchObject({ ...caseloadV1, legalDomain: 'PARTICIPATIEWET' });
  });

  it('refuses to encode a value that does not fit the schema, naming the field', () => {
    const bad = { ...caseloadV1, relation: 'PAUSED', legalDomain: 'IOAW' } as unknown as caseloadContract.CaseloadEvent;
    expect(() => codec.encode(bad)).toThrow(SchemaValidationError);
    expect(() => codec.encode(bad)).toThrow(/relation/);
  });

  it('classifies unreadable input: no header, unknown schema, truncated bytes', () => {
    const good = codec.encode({ ...caseloadV1, legalDomain: 'IOAZ' });
    const reasons = (buf: Buffer | null) => {
      try {
        codec.decode(buf);
        return 'decoded';
      } catch (e) {
        return (e as DecodeError).reason;
      }
    };
    expect(reasons(Buffer.from('{"json":true}'))).toBe('UNDECODABLE');
    expect(reasons(null)).toBe('UNDECODABLE');
    const other = codecFor(topics.deadLetters).fingerprint;
    expect(reasons(Buffer.concat([good.subarray(0, 2), other, good.subarray(10)]))).toBe('UNKNOWN_SCHEMA');
    expect(reasons(good.subarray(0, good.length - 3))).toBe('UNDECODABLE');
  });

  it('round-trips a full attributed query with a sealed subject and wrapped-free unions', () => {
    const q: query.AttributedQuery = {
      eventId: 'e1', occurredAt: 1, completedAt: 2, traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), parentSpanId: null,
      processingActivityId: 'inkijk-participatiewet',
      worker: { userId: 'u1', homeMunicipality: { id: 'm1', cbsCode: 'GM0392', oin: '00000099000000000392', name: 'Haarlem' } },
      actingFor: { id: 'm2', cbsCode: 'GM0473', oin: '00000099000000000473', name: 'Zandvoort' },
      collaborationId: 'c1', legalDomain: 'PARTICIPATIEWET', product: 'brp-persoon', searchKeyType: 'BSN',
      dataSubject: { idType: 'BSN', pseudonym: 'p', sealedBsn: Buffer.from([1, 2, 3]) },
      sources: [{ supplier: 'BRP', outcome: 'ANSWERED', durationMs: 12, personListsProvided: 1, requestId: 'r1', requestType: 'RaadpleegMetBurgerservicenummer', searchFields: ['burgerservicenummer'], requestedFields: ['naam'] }],
      whitelist: { outcome: 'ON_WHITELIST', escapeReason: null },
      decision: { decisionId: 'd1', result: 'PERMIT', reasonCode: null, rulesVersion: 'r1' },
      outcome: 'ANSWERED',
      caseload: { actingForHolds: false, heldBy: ['m1'] },
      followsHintOf: null,
    };
    const c = new AvroCodec<query.AttributedQuery>(topics.attributedQueries.value);
    expect(c.decode(c.encode(q))).toEqual(q);
  });
});
