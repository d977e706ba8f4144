import { appendToChain, emptyHead } from './hash-chain';
import { exportLine, exportLines, sourceCallSpanId, toLogboekRecord, toLogboekRecords } from './logboek';
import { lookupsByOrganisation } from './subject-view';
import { entry, HAARLEM, ZANDVOORT } from '../../test/audit-entries';

describe('Logboek Dataverwerkingen shape', () => {
  it('maps a query to one Logboek record with the pseudonymised data subject', () => {
    const e = entry({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), parentSpanId: 'c'.repeat(16) });
    expect(toLogboekRecord(e)).toEqual({
      trace_id: 'a'.repeat(32),
      span_id: 'b'.repeat(16),
      parent_span_id: 'c'.repeat(16),
      name: 'inkijk.bevraging.brp-persoon',
      start_time: '2026-11-16T10:00:00.000Z',
      end_time: '2026-11-16T10:00:00.120Z',
      status_code: 'STATUS_CODE_OK',
      resource: { name: 'inkijk' },
      attributes: {
        'dpl.core.processing_activity_id': 'inkijk-participatiewet-bevraging',
        'dpl.core.data_subject_id': e.dataSubject!.pseudonym,
        'dpl.core.data_subject_id_type': 'BSN',
      },
    });
  });

  it('marks denied and failed queries as errors and leaves out an absent data subject', () => {
    const r = toLogboekRecord(entry({ outcome: 'DENIED', dataSubject: null, searchKeyType: 'LICENCE_PLATE' }));
    expect(r.status_code).toBe('STATUS_CODE_ERROR');
    expect(r.attributes).toEqual({ 'dpl.core.processing_activity_id': 'inkijk-participatiewet-bevraging' });
  });

  it('puts who acted and for whom only in the audit part, a line of its own, never a sealed BSN', () => {
    const [r] = appendToChain(emptyHead(ZANDVOORT.id), [entry()]).records;
    const plain = exportLines(r, false).map((l) => JSON.parse(l));
    expect(JSON.stringify(plain)).not.toContain('user-haarlem-1');
    const full = exportLines(r, true).map((l) => JSON.parse(l));
    expect(full).toHaveLength(plain.length + 1);
    // No Logboek line carries a user identity; the audit line carries nothing but the audit part.
    for (const l of full.slice(0, -1)) expect(JSON.stringify(l)).not.toContain('user-haarlem-1');
    expect(Object.keys(full[full.length - 1])).toEqual(['audit']);
    expect(full[full.length - 1].audit).toMatchObject({ trace_id: r.traceId, worker: { user_id: 'user-haarlem-1', home_municipality: { name: 'Haarlem' } }, acting_for: { name: 'Zandvoort' }, sequence: 1 });
    expect(JSON.stringify(full)).not.toContain(r.dataSubject!.sealedBsn.toString('base64'));
    expect(exportLine(r, true)).toBe(exportLines(r, true).join('\n'));
  });

  it('writes one line per source call, a child span of the page, for the same data subject', () => {
    const e = entry({
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      sources: [
        { supplier: 'BRP', outcome: 'ANSWERED', durationMs: 35, personListsProvided: 1 },
        { supplier: 'UWV', outcome: 'TIMEOUT', durationMs: 2000, personListsProvided: 0 },
        { supplier: 'SVB', outcome: 'NOT_CALLED', durationMs: 0, personListsProvided: 0 },
      ],
    });
    const [page, brp, uwv, ...rest] = toLogboekRecords(e);
    expect(rest).toEqual([]); // a source not called processed nothing
    expect(page.span_id).toBe('b'.repeat(16));
    for (const child of [brp, uwv]) {
      expect(child).toMatchObject({ trace_id: 'a'.repeat(32), parent_span_id: 'b'.repeat(16), start_time: page.start_time, attributes: page.attributes });
      expect(child.span_id).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(brp).toMatchObject({ name: 'inkijk.bronbevraging.brp', status_code: 'STATUS_CODE_OK', span_id: sourceCallSpanId('a'.repeat(32), 'b'.repeat(16), 0, 'BRP') });
    expect(uwv).toMatchObject({ name: 'inkijk.bronbevraging.uwv', status_code: 'STATUS_CODE_ERROR', end_time: new Date(e.startTime + 2000).toISOString() });
    expect(new Set([page.span_id, brp.span_id, uwv.span_id]).size).toBe(3);
  });
});

describe('who looked at a citizen', () => {
  it('lists per organisation how often, when and which products', () => {
    const t = (h: number) => Date.UTC(2026, 10, 16, h);
    const list = lookupsByOrganisation([
      entry({ actingFor: ZANDVOORT, occurredAt: t(9), product: 'brp-persoon' }),
      entry({ actingFor: HAARLEM, occurredAt: t(10), product: 'uwv-inkomen' }),
      entry({ actingFor: ZANDVOORT, occurredAt: t(11), product: 'overzicht-inkomen' }),
      entry({ actingFor: ZANDVOORT, occurredAt: t(12), product: 'brp-persoon' }),
    ]);
    expect(list).toEqual([
      { organisation: ZANDVOORT, queries: 3, first: '2026-11-16T09:00:00.000Z', last: '2026-11-16T12:00:00.000Z', products: ['brp-persoon', 'overzicht-inkomen'] },
      { organisation: HAARLEM, queries: 1, first: '2026-11-16T10:00:00.000Z', last: '2026-11-16T10:00:00.000Z', products: ['uwv-inkomen'] },
    ]);
  });
});
